"""A response's Easy Read form: engaging/urls.py mounts it among the plain-language pages (/words-we-use/)."""

from django.urls import path

from engaging.loop.views import easy_read

urlpatterns = [
    path("easy-read/responses/<int:pk>/edit/", easy_read.edit, name="easy_read_response_edit"),
]
