from django.urls import path

from engaging.board import views

app_name = "board"

urlpatterns = [
    path("", views.index, name="index"),
]
