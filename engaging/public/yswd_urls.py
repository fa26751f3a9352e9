from django.urls import path

from engaging.public import easy_read
from engaging.public import you_said_we_did as views

app_name = "yswd"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", views.feed, name="feed"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/easy-read/", easy_read.you_said_we_did, name="easy_read"),
]
