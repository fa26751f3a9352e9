from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _keep_versions(sender, using, **kwargs):
    from engaging.core import versions

    versions.install(using)


def _keep_record_versions(sender, using, **kwargs):
    from engaging.core import record_versions

    record_versions.install(using)


def _gather_statistics(sender, using, **kwargs):
    """SQLite plans from the statistics ANALYZE gathers, and gathers none by itself: without them it takes a nearly
    empty index (archived_at) for a selective one and reads whole tables.

    Every row is read (0.35 s at borough scale): a sample of a thousand rows of an index whose every key is NULL
    counts them as a thousand values, which makes "not archived" look as selective as an id, and the API's
    findings took 70 ms to read a page through it instead of 0.2 ms through the library's own index."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=0")
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "engaging.core"
    label = "core"
    # Written on ordinary reads (each view of a story or equality answers): never kept, and no reason to re-key pages.
    unversioned_models = ("ViewRecord",)

    def ready(self):
        from engaging.core import ids

        ids.install()  # a list of ids no column can hold finds nothing, rather than breaking the query
        # A later migration that rebuilds a table on SQLite drops its triggers; put them back after every migrate.
        post_migrate.connect(_keep_versions, sender=self, dispatch_uid="core_table_versions")
        post_migrate.connect(_keep_record_versions, sender=self, dispatch_uid="core_record_versions")
        post_migrate.connect(_gather_statistics, sender=self, dispatch_uid="core_sqlite_statistics")
