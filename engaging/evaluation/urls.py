from django.urls import path

from engaging.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("what-works/", views.what_works, name="what_works"),
]
