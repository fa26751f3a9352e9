from django.urls import path

from engaging.loop import views

app_name = "loop"

urlpatterns = [
    path("", views.index, name="index"),
]
