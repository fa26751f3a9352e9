"""Pieces shared by every domain model (timestamps, archiving instead of deleting), and the marks of table versions."""

from django.db import models
from django.utils import timezone


class ArchivableQuerySet(models.QuerySet):
    def live(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class LiveManager(models.Manager.from_queryset(ArchivableQuerySet)):
    """The default manager: archived records are out of sight unless asked for."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    """A record that is archived, never deleted, so a coordinator can restore it."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = LiveManager()
    everything = models.Manager.from_queryset(ArchivableQuerySet)()

    class Meta:
        abstract = True
        base_manager_name = "everything"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at"])


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TableChange(models.Model):
    """A write to a versioned table, noted by a database trigger (see versions.py).

    On PostgreSQL each writing transaction adds one row for each table it wrote, under its transaction
    id, with a random mark; on SQLite, which has one writer at a time, each table has a single row whose
    mark is replaced on every write. Either way a table's marks together change whenever a write to it
    is committed.
    """

    pk = models.CompositePrimaryKey("txid", "name")
    txid = models.BigIntegerField()
    name = models.CharField(max_length=63)
    mark = models.BigIntegerField()

    def __str__(self) -> str:
        return f"Change to {self.name} in {self.txid}"
