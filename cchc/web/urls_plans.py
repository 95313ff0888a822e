"""Plan pages: list, plan, exports, version files, task and target edits (under /ke-hoach/)."""

from django.urls import path

from cchc.web.views import plan_versions, plans, progress, tasks

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("xuat-excel/", plans.export_list, name="export_list"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/xuat-excel/", plans.export_tasks, name="export_tasks"),
    path("<int:pk>/phien-ban/<int:number>/tai-ve/", plan_versions.version_file, name="version_file"),
    path("<int:pk>/tien-do/", progress.plan_progress, name="progress"),
    path("<int:pk>/tien-do/xuat-excel/", progress.export_progress, name="export_progress"),
    path("<int:pk>/xep-hang/xuat-excel/", progress.export_ranking, name="export_ranking"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", plans.task_edit, name="task_edit"),
    path("chi-tieu/<int:pk>/sua/", plans.target_edit, name="target_edit"),
]
