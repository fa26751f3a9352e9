from django.urls import path

from engaging.plain import picture_views, views

app_name = "plain"

urlpatterns = [
    path("", views.words_we_use, name="words"),
    path("check/", views.check, name="check"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.edit, name="create"),
    path("manage/<int:pk>/", views.edit, name="edit"),
    path("manage/<int:pk>/archive/", views.archive, name="archive"),
    path("manage/<int:pk>/restore/", views.restore, name="restore"),
    path("public-texts/", views.public_texts, name="public_texts"),
    path("pictures/", picture_views.pictures, name="pictures"),
    path("pictures/<slug:name>/", picture_views.picture_edit, name="picture_edit"),
]
