from django.urls import path

from engaging.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.index, name="index"),
]
