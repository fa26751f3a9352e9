from django.urls import path

from engaging.assurance import views

app_name = "assurance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
