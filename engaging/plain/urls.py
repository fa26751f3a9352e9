from django.urls import path

from engaging.plain import easy_read_views as easy_read
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
    path("easy-read/activities/<int:pk>/", easy_read.easy_read_activity, name="easy_read_activity"),
    path("easy-read/activities/<int:pk>/edit/", easy_read.easy_read_activity_edit, name="easy_read_activity_edit"),
    path("easy-read/responses/<int:pk>/edit/", easy_read.easy_read_response_edit, name="easy_read_response_edit"),
]
