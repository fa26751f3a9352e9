from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "engaging.insight"
    label = "insight"
    verbose_name = "Insight library"
