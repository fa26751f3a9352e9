from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "engaging.reports"
    label = "reports"
    verbose_name = "Reports"
    # Writes to these are counted by the stored figures (engaging/assurance/refreshing.py). Every table is
    # versioned for the cache (engaging/core/versions.py) whether named here or not.
    counted_models = ("LocalAccount",)

    def ready(self):
        from engaging.reports import public_texts

        # A published Local Account's words are scored for the coordinators' list of public texts.
        public_texts.register()
