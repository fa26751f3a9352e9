from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engaging.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("Evaluation", "FeedbackLink")
    # Residents' answers: they change the feedback stamp alone, which few kept pages read.
    feedback_models = ("ParticipantFeedback",)

    def ready(self):
        from engaging.evaluation import guards, panels  # noqa: F401  importing guards registers the "evaluated" guard

        # The evaluation on the register's activity page, and methods that worked beside its form.
        panels.register()
