from django.urls import path

from engaging.assurance import views

app_name = "assurance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/<int:pk>/", views.evidence, name="evidence"),
    path("items/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("items/<int:pk>/assessment.docx", views.assessment_docx, name="assessment_docx"),
]
