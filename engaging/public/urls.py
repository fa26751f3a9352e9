from django.urls import path

from engaging.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("get-involved/", views.activities, name="activities"),
    path("get-involved/calendar.ics", views.feed, name="feed"),
    path("get-involved/<int:pk>/", views.activity, name="activity"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
