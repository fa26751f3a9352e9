from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "engaging.lists"
    label = "lists"
