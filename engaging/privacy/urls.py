"""What the hub keeps about people and for how long, at /your-data/ ("privacy:…")."""

from django.urls import path

from engaging.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("views/", views.views_log, name="views"),
]
