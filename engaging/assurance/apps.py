from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "engaging.assurance"
    label = "assurance"
    verbose_name = "Assurance"

    def ready(self):
        from engaging.assurance import panels

        # The link to an agenda item's engagement assessment, on the board's item page.
        panels.register()
