from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engaging.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        from engaging.evaluation import guards  # noqa: F401  registers the "evaluated" guard
