from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using, **kwargs):
    from django.db import connections

    from engaging.insight import search_index

    search_index.ensure(connections[using])


class InsightConfig(AppConfig):
    name = "engaging.insight"
    label = "insight"
    verbose_name = "Insight library"

    def ready(self):
        # A later migration that rebuilds the findings table on SQLite drops the search triggers.
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="insight_search_index")

        from engaging.insight import panels

        # Findings on the register's activity page and beside its planning form.
        panels.register()
