from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "engaging.surveys"
    label = "surveys"
    verbose_name = "Surveys, indicators and patient participation groups"

    # Respondents are only ever inserted or deleted together with a write to their survey's row (its count),
    # so their table needs no version of its own; a row trigger would slow a million-row import.
    counted_columns = {"Respondent": ("survey",)}

    def ready(self):
        from engaging.surveys import hub  # noqa: F401  (counts each new questionnaire response in its survey)
