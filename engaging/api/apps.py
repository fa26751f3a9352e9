from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "engaging.api"
    label = "api"
