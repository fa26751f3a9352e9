from django.urls import path

from engaging.loop.views import closures, overview, responses

app_name = "loop"

urlpatterns = [
    path("", overview.index, name="index"),
    path("activities/", overview.activities, name="activities"),
    path("activities/<int:pk>/responses/new/", responses.response_create, name="response_create"),
    path("activities/<int:pk>/told/new/", closures.closure_create, name="closure_create"),
    path("responses/<int:pk>/", responses.response_detail, name="response"),
    path("responses/<int:pk>/edit/", responses.response_edit, name="response_edit"),
    path("responses/<int:pk>/archive/", responses.response_archive, name="response_archive"),
    path("responses/<int:pk>/restore/", responses.response_restore, name="response_restore"),
]
