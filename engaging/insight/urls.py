from django.urls import path

from engaging.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.library, name="library"),
]
