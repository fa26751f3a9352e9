from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "engaging.rights"
    label = "rights"
    verbose_name = "People's requests: subject access and erasure"
