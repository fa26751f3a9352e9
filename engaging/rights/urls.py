"""Subject access and erasure requests, at /your-data/requests/ ("rights:…")."""

from django.urls import path

from engaging.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    path("download/", views.download, name="download"),
    path("erase/", views.erase, name="erase"),
    path("<str:reference>/", views.data_request, name="request"),
]
