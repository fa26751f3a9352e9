from django.urls import path

from engaging.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.story_create, name="create"),
    path("public/", views.public_stories, name="public"),
    path("waiting/", views.waiting, name="waiting"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/", views.story, name="story"),
    path("<int:pk>/edit/", views.story_edit, name="edit"),
    path("<int:pk>/withdraw-consent/", views.withdraw, name="withdraw"),
]
