"""Pieces shared by every domain model (timestamps, archiving instead of deleting), and the marks of table versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


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


class RetentionPeriod(models.Model):
    """How many days one kind of personal data is kept, as a coordinator set it (engaging/core/retention.py).

    A kind with no row is kept for its default, which the app that keeps the data gives.
    """

    kind = models.SlugField(max_length=40, unique=True)
    days = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} days"


class ViewRecord(models.Model):
    """That a signed-in person viewed something sensitive (a story, equality answers), and when (viewing.py).

    Holds no words of what was viewed, only its kind and id, so erasing a story leaves nothing of it here.
    """

    viewed_at = models.DateTimeField(default=timezone.now)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            models.Index(fields=["viewed_at"], name="view_record_when"),
            models.Index(fields=["kind", "object_id", "viewed_at"], name="view_record_what"),
            models.Index(fields=["viewer", "viewed_at"], name="view_record_who"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} viewed at {self.viewed_at:%Y-%m-%d %H:%M}"
