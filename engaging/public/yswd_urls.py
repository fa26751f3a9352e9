from django.urls import path

from engaging.public import you_said_we_did as views

app_name = "yswd"

urlpatterns = [
    path("", views.index, name="index"),
]
