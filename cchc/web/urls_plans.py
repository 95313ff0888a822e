"""Plan pages: list, plan, exports, task and target edits (under /ke-hoach/)."""

from django.urls import path

from cchc.web.views import plans

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("xuat-excel/", plans.export_list, name="export_list"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/xuat-excel/", plans.export_tasks, name="export_tasks"),
    path("nhiem-vu/<int:pk>/sua/", plans.task_edit, name="task_edit"),
    path("chi-tieu/<int:pk>/sua/", plans.target_edit, name="target_edit"),
]
