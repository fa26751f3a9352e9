from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "engaging.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"
