from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "engaging.reports"
    label = "reports"
    verbose_name = "Reports"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("LocalAccount",)

    def ready(self):
        from engaging.reports import public_texts

        # A published Local Account's words are scored for the coordinators' list of public texts.
        public_texts.register()
