"""Plan import: upload, review, inline edits, unit mapping, confirm (under /nhap-ke-hoach/)."""

from django.urls import path

from cchc.web.views import imports

app_name = "imports"
urlpatterns = [
    path("", imports.new, name="new"),
    path("<uuid:draft_id>/", imports.review, name="review"),
    path("<uuid:draft_id>/tien-do/", imports.status, name="status"),
    path("<uuid:draft_id>/sua/", imports.update, name="update"),
    path("<uuid:draft_id>/don-vi/", imports.map_unit, name="map_unit"),
    path("<uuid:draft_id>/xac-nhan/", imports.confirm, name="confirm"),
]
