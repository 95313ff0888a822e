"""Top-level URLs: the web app areas, authentication, language switch and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("cchc.web.urls")),
    path("ke-hoach/", include("cchc.web.urls_plans")),
    path("nhap-ke-hoach/", include("cchc.web.urls_imports")),
    path("don-vi/", include("cchc.web.urls_units")),
    path("theo-doi/", include("cchc.web.urls_tracking")),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
