from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "engaging.register"
    label = "register"
