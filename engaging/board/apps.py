from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "engaging.board"
    label = "board"
    verbose_name = "Board and screening"
