from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "engaging.board"
    label = "board"
    verbose_name = "Board and screening"
    # Writes to these are counted by the stored figures (engaging/assurance/refreshing.py). Every table is
    # versioned for the cache (engaging/core/versions.py) whether named here or not.
    counted_models = ("Board", "Meeting", "AgendaItem", "Screening", "ScreeningAction")
