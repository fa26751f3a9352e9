"""Residents' and practitioners' training pages, at /training/ ("learning:…")."""

from django.urls import path

from engaging.learning.views import public

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
]
