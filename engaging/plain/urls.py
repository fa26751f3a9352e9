from django.urls import path

from engaging.plain import views

app_name = "plain"

urlpatterns = [
    path("", views.words_we_use, name="words"),
]
