from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_versions(sender, using, **kwargs):
    from engaging.core import versions

    versions.install(using)


class CoreConfig(AppConfig):
    name = "engaging.core"
    label = "core"

    def ready(self):
        from engaging.core import ids

        ids.install()  # a list of ids no column can hold finds nothing, rather than breaking the query
        # A later migration that rebuilds a table on SQLite drops its triggers; put them back after every migrate.
        post_migrate.connect(_keep_versions, sender=self, dispatch_uid="core_table_versions")
