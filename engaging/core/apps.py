from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "engaging.core"
    label = "core"
