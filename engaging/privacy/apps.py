from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "engaging.privacy"
    label = "privacy"
    verbose_name = "Your data: retention and consent"
