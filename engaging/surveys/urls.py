from django.urls import path

from engaging.surveys import import_views, practice_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", import_views.import_results, name="import"),
    path("follow/<int:pk>/", views.follow, name="follow"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("indicators/new/", views.indicator_form, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/change/", views.indicator_form, name="indicator_change"),
    path("practices/", practice_views.practices, name="practices"),
    path("practices/new/", practice_views.practice_form, name="practice_new"),
    path("practices/<int:pk>/change/", practice_views.practice_form, name="practice_change"),
]
