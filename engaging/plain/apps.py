from django.apps import AppConfig


class PlainConfig(AppConfig):
    name = "engaging.plain"
    label = "plain"
    verbose_name = "Plain language"
