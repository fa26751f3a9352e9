from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "engaging.voice"
    label = "voice"
    verbose_name = "Community voice"
