from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "engaging.surveys"
    label = "surveys"
    verbose_name = "Surveys, indicators and patient participation groups"
