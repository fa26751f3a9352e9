from django.urls import path

from engaging.reports.views import manage, public

app_name = "reports"

urlpatterns = [
    # Public: published Local Accounts.
    path("", public.local_accounts, name="local_accounts"),
    path("<int:year>/", public.local_account, name="local_account"),
    path("<int:year>/easy-read/", public.easy_read, name="easy_read"),
    path("<int:year>/files/<slug:kind>/", public.download, name="file"),
    # Coordinators: making them.
    path("manage/", manage.manage, name="manage"),
    path("manage/new/", manage.manage_create, name="manage_create"),
    path("manage/<int:pk>/", manage.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/words/", manage.manage_edit, name="manage_edit"),
    path("manage/<int:pk>/generate/", manage.manage_generate, name="manage_generate"),
    path("manage/<int:pk>/generation/", manage.generation, name="generation"),
    path("manage/<int:pk>/publish/", manage.manage_publish, name="manage_publish"),
    path("manage/<int:pk>/preview/", manage.preview, name="preview"),
    path("manage/<int:pk>/preview/easy-read/", manage.preview_easy_read, name="preview_easy_read"),
    path("manage/<int:pk>/files/<slug:kind>/", manage.manage_file, name="manage_file"),
]
