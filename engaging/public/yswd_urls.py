from django.urls import path

from engaging.plain import easy_read_views as easy_read
from engaging.public import you_said_we_did as views

app_name = "yswd"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", views.feed, name="feed"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/easy-read/", easy_read.easy_read_you_said_we_did, name="easy_read"),
]
