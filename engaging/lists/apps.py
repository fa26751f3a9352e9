from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "engaging.lists"
    label = "lists"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("Area", "Group", "Priority", "Method")
