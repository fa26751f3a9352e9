"""Pieces shared by every domain model: timestamps and archiving instead of deleting."""

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
