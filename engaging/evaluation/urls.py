from django.urls import path

from engaging.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("what-works/", views.what_works, name="what_works"),
    path("what-works/methods-for-groups/", views.methods_for_groups, name="methods_for_groups"),
    path("activities/<int:pk>/", views.evaluation_detail, name="activity"),
    path("activities/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("activities/<int:pk>/feedback-link/", views.feedback_link, name="feedback_link"),
]
