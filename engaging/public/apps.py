from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "engaging.public"
    label = "public"
