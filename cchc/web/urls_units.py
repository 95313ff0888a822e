"""Unit pages (under /don-vi/): a unit's tasks across plans and their export."""

from django.urls import path

from cchc.web.views import units

app_name = "units"
urlpatterns = [
    path("<int:pk>/", units.unit_detail, name="detail"),
    path("<int:pk>/xuat-excel/", units.unit_export, name="export"),
]
