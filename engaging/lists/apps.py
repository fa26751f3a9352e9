from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "engaging.lists"
    label = "lists"
    # Writes to these are counted by the stored figures (engaging/assurance/refreshing.py). Every table is
    # versioned for the cache (engaging/core/versions.py) whether named here or not.
    counted_models = ("Area", "Group", "Priority", "Method")
