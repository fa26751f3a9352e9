from django.urls import path

from engaging.lists import views

app_name = "lists"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.item_list, name="list"),
    path("<slug:kind>/new/", views.item_edit, name="create"),
    path("<slug:kind>/<int:pk>/", views.item_edit, name="edit"),
    path("<slug:kind>/<int:pk>/archive/", views.item_archive, name="archive"),
    path("<slug:kind>/<int:pk>/restore/", views.item_restore, name="restore"),
]
