"""Pieces shared by every domain model (timestamps, archiving instead of deleting), and the marks of the data stamp."""

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


class Change(models.Model):
    """A write to a table the figures count, noted by a database trigger (see data_version.py).

    On PostgreSQL each writing transaction adds one row, under its transaction id, with a random mark;
    on SQLite, which has one writer at a time, a single row's mark is replaced on every write. Either
    way the marks together change whenever such a write is committed.
    """

    txid = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField()

    class Meta:
        db_table = "assurance_change"  # the name it was made with: the triggers write to it by name

    def __str__(self) -> str:
        return f"Change {self.txid}"


class FeedbackChange(models.Model):
    """The same as Change, for residents' feedback alone: answers come far more often than any other write,
    and most kept pages do not read them, so they change a stamp of their own (see data_version.py)."""

    txid = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField()

    class Meta:
        db_table = "assurance_feedbackchange"

    def __str__(self) -> str:
        return f"Feedback change {self.txid}"
