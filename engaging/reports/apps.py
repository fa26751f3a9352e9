from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "engaging.reports"
    label = "reports"
    verbose_name = "Reports"
