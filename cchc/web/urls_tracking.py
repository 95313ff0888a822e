"""Tracking pages (under /theo-doi/): my work, obligations, evidence, notifications."""

from django.urls import path

from cchc.web.views import my_work, notifications, obligations

app_name = "tracking"
urlpatterns = [
    path("viec-cua-toi/", my_work.my_work, name="my_work"),
    path("viec-cua-toi/xuat-excel/", my_work.export_my_work, name="export_my_work"),
    path("nghia-vu/<int:pk>/", obligations.obligation_detail, name="obligation"),
    path("nghia-vu/<int:pk>/cap-nhat/", obligations.record_progress, name="record_progress"),
    path("nghia-vu/<int:pk>/su-kien/", obligations.record_event, name="record_event"),
    path("nghia-vu/<int:pk>/gia-han/", obligations.request_extension, name="request_extension"),
    path("cap-nhat/<int:pk>/duyet/", obligations.review_update, name="review_update"),
    path("gia-han/<int:pk>/quyet-dinh/", obligations.decide_extension, name="decide_extension"),
    path("tep/<int:pk>/", obligations.evidence_download, name="evidence"),
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/da-doc/", notifications.mark_read, name="notifications_read"),
]
