from django.urls import path

from engaging.public import feedback as views

app_name = "feedback"

urlpatterns = [
    path("<str:code>/", views.give_feedback, name="form"),
    path("<str:code>/thank-you/", views.thanks, name="thanks"),
]
