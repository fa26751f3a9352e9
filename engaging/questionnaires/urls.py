from django.urls import path

from engaging.questionnaires import answering, building, results_views

app_name = "questionnaires"

urlpatterns = [
    # Residents: no sign-in.
    path("<int:pk>/", answering.answer, name="answer"),
    path("<int:pk>/easy-read/", answering.answer, {"easy_read": True}, name="answer_easy_read"),
    path("<int:pk>/thank-you/", answering.thanks, name="thanks"),
    # Officers.
    path("activities/<int:activity_pk>/new/", building.create, name="create"),
    path("<int:pk>/manage/", building.detail, name="detail"),
    path("<int:pk>/manage/edit/", building.edit, name="edit"),
    path("<int:pk>/manage/questions/add/", building.question_form, name="add_question"),
    path("<int:pk>/manage/questions/<int:question_pk>/", building.question_form, name="edit_question"),
    path("<int:pk>/manage/questions/<int:question_pk>/move/", building.move, name="move_question"),
    path("<int:pk>/manage/questions/<int:question_pk>/remove/", building.remove, name="remove_question"),
    path("<int:pk>/manage/questions/copy/", building.copy, name="copy_question"),
    path("<int:pk>/manage/paper/", building.paper, name="paper"),
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results/answers.csv", results_views.export_csv, name="export_csv"),
    path("<int:pk>/results/answers.xlsx", results_views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/results/finding/", results_views.make_finding, name="make_finding"),
]
