from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "engaging.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from engaging.assurance import stored
        from engaging.reports import erasure, local_account, public_texts

        # A published Local Account's words are scored for the coordinators' list of public texts.
        public_texts.register()
        # A year's figures are stored, and worked out again once a reader finds them out of date.
        stored.register("local-account", local_account.stored_figures, eager=False)
        # An erased story leaves no copy in the stored files or figures that printed it.
        erasure.connect()
