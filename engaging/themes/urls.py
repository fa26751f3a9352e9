from django.urls import path

from engaging.themes import framework_views, import_views, views

app_name = "themes"

urlpatterns = [
    path("", views.index, name="index"),
    path("gather/", views.gather, name="gather"),
    path("retrain/", views.retrain, name="retrain"),
    path("code/", views.code, name="code"),
    path("code/<int:pk>/", views.code, name="code_comment"),
    path("<int:pk>/", views.theme_detail, name="theme"),
    path("import/", import_views.import_comments, name="import"),
    path("import/template.<str:fmt>", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("frameworks/", framework_views.framework_list, name="frameworks"),
    path("frameworks/new/", framework_views.framework_new, name="framework_new"),
    path("frameworks/<slug:key>/", framework_views.framework_detail, name="framework"),
    path("frameworks/<slug:key>/change/", framework_views.framework_edit, name="framework_edit"),
    path("frameworks/<slug:key>/themes/add/", framework_views.theme_add, name="theme_add"),
    path("frameworks/<slug:key>/themes/<int:pk>/change/", framework_views.theme_edit, name="theme_edit"),
    path("frameworks/<slug:key>/themes/<int:pk>/move/", framework_views.theme_move, name="theme_move"),
    path("frameworks/<slug:key>/themes/<int:pk>/remove/", framework_views.theme_remove, name="theme_remove"),
]
