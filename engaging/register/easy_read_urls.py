"""An activity's Easy Read pages: engaging/urls.py mounts them among the plain-language pages (/words-we-use/)."""

from django.urls import path

from engaging.register.views import easy_read

urlpatterns = [
    path("easy-read/activities/<int:pk>/", easy_read.read, name="easy_read_activity"),
    path("easy-read/activities/<int:pk>/edit/", easy_read.edit, name="easy_read_activity_edit"),
]
