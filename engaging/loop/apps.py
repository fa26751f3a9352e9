from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "engaging.loop"
    label = "loop"
    verbose_name = "You said, we did"
