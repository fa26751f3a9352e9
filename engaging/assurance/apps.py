from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "engaging.assurance"
    label = "assurance"
    verbose_name = "Assurance"
