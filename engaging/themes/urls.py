from django.urls import path

from engaging.themes import views

app_name = "themes"

urlpatterns = [
    path("", views.index, name="index"),
    path("gather/", views.gather, name="gather"),
    path("retrain/", views.retrain, name="retrain"),
    path("code/", views.code, name="code"),
    path("code/<int:pk>/", views.code, name="code_comment"),
    path("<int:pk>/", views.theme_detail, name="theme"),
]
