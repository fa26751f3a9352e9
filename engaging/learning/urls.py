from django.urls import path

from engaging.learning.views import manage, public, report

app_name = "learning"

urlpatterns = [
    path("", public.index, name="index"),
    path("sessions.ics", public.feed, name="feed"),
    path("courses/<int:pk>/", public.course, name="course"),
    path("sessions/<int:pk>/", public.session, name="session"),
    path("bookings/<str:token>/", public.booking, name="booking"),
    path("bookings/<str:token>/confirmed/", public.confirmation, name="confirmation"),
    path("feedback/<str:token>/", public.feedback, name="feedback"),
    path("certificate/<str:token>/", public.certificate, name="certificate"),
    path("manage/", manage.index, name="manage"),
    path("manage/courses/new/", manage.course_create, name="course_create"),
    path("manage/courses/<int:pk>/edit/", manage.course_edit, name="course_edit"),
    path("manage/sessions/new/", manage.session_create, name="session_create"),
    path("manage/sessions/<int:pk>/", manage.session_bookings, name="session_bookings"),
    path("manage/sessions/<int:pk>/edit/", manage.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/register/", manage.register, name="register"),
    path("manage/bookings/<int:pk>/remove/", manage.remove, name="remove"),
    path("manage/bookings/<int:pk>/move/", manage.move, name="move"),
    path("report/", report.report, name="report"),
]
