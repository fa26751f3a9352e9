from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_track_of_changes(sender, using, **kwargs):
    from engaging.core import data_version

    data_version.install(using)


class CoreConfig(AppConfig):
    name = "engaging.core"
    label = "core"

    def ready(self):
        from engaging.core import ids

        ids.install()  # a list of ids no column can hold finds nothing, rather than breaking the query
        # A later migration that rebuilds a table on SQLite drops its triggers; put them back after every migrate.
        post_migrate.connect(_keep_track_of_changes, sender=self, dispatch_uid="core_data_version")
