from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "engaging.learning"
    label = "learning"
    verbose_name = "Training and network events"
