"""The partnership's own training pages, at /training/manage/ and /training/report/ ("training:…").

They have a namespace of their own so that the menu marks a coordinator's calendar, not the public
"Training and events", as the section they are in.
"""

from django.urls import path

from engaging.learning.views import manage, report

app_name = "training"

urlpatterns = [
    path("manage/", manage.index, name="manage"),
    path("manage/courses/new/", manage.course_create, name="course_create"),
    path("manage/courses/<int:pk>/edit/", manage.course_edit, name="course_edit"),
    path("manage/sessions/new/", manage.session_create, name="session_create"),
    path("manage/sessions/<int:pk>/", manage.session_bookings, name="session_bookings"),
    path("manage/sessions/<int:pk>/edit/", manage.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/register/", manage.register, name="register"),
    path("manage/sessions/<int:pk>/cancel/", manage.cancel_session, name="cancel_session"),
    path("manage/bookings/<int:pk>/remove/", manage.remove, name="remove"),
    path("manage/bookings/<int:pk>/move/", manage.move, name="move"),
    path("report/", report.report, name="report"),
]
