from django.urls import path

from engaging.board import views

app_name = "board"

urlpatterns = [
    path("", views.index, name="index"),
    path("boards/new/", views.board_create, name="board_create"),
    path("boards/<int:pk>/", views.board_detail, name="board"),
    path("boards/<int:pk>/edit/", views.board_edit, name="board_edit"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/screening/", views.screen, name="screen"),
    path("items/<int:pk>/gunning/", views.gunning, name="gunning"),
    path("items/<int:pk>/activities/", views.item_activities, name="item_activities"),
    path("items/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/archive/", views.rule_archive, name="rule_archive"),
    path("rules/<int:pk>/restore/", views.rule_restore, name="rule_restore"),
]
