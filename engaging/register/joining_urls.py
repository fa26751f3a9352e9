from django.urls import path

from engaging.register.views import joining

app_name = "joining"

urlpatterns = [
    path("", joining.fatigue, name="fatigue"),
    path("proposals/", joining.joinups, name="joinups"),
    path("proposals/<int:pk>/", joining.respond, name="respond"),
    path("overlaps/", joining.form_overlaps, name="form_overlaps"),
    path("activities/<int:pk>/with/<int:other_pk>/", joining.propose, name="propose"),
]
