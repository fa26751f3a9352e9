from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engaging.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        from engaging.evaluation import guards, panels  # noqa: F401  importing guards registers the "evaluated" guard

        # The evaluation on the register's activity page, and methods that worked beside its form.
        panels.register()
