"""URLs of the web app's shell (home); areas have their own modules (urls_*.py)."""

from django.urls import path

from cchc.web.views import home

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
]
