from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "engaging.assurance"
    label = "assurance"
    verbose_name = "Assurance"

    def ready(self):
        from engaging.assurance import panels, stored
        from engaging.assurance.views.dashboard import stored_page as dashboard_page
        from engaging.assurance.views.evidence import stored_page as evidence_page

        # The link to an agenda item's engagement assessment, on the board's item page.
        panels.register()
        stored.register("dashboard", dashboard_page)
        # Evidence pages are many and each read less: brought up to date once a reader finds them out of date.
        stored.register("evidence", evidence_page, eager=False)
