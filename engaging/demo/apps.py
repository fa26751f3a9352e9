from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "engaging.demo"
    label = "demo"
