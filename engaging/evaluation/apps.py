from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engaging.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
    # Writes to these are counted by the stored figures (engaging/assurance/refreshing.py). Every table is
    # versioned for the cache (engaging/core/versions.py) whether named here or not.
    counted_models = ("Evaluation", "FeedbackLink")
    # Residents' answers, counted by the stored figures too.
    feedback_models = ("ParticipantFeedback",)

    def ready(self):
        from engaging.evaluation import guards, panels  # noqa: F401  importing guards registers the "evaluated" guard

        # The evaluation on the register's activity page, and methods that worked beside its form.
        panels.register()
