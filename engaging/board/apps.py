from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "engaging.board"
    label = "board"
    verbose_name = "Board and screening"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("Board", "Meeting", "AgendaItem", "Screening", "ScreeningAction")
