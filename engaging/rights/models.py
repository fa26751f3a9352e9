"""A record of each subject access or erasure request, kept without the personal data it was about."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class DataRequest(models.Model):
    """One request from a person about their data: what kind, when, who handled it, and how many records of each
    kind were found or erased. Never who asked or what was searched for: that would keep the personal data the
    request was about."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Subject access"
        ERASURE = "erasure", "Erasure"

    class Via(models.TextChoices):
        PAGE = "page", "The requests page"
        COMMAND = "command", "The subject_access command"

    PREFIXES = {Kind.ACCESS: "SAR", Kind.ERASURE: "ERA"}

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    received_on = models.DateField("when the request was received")
    completed_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAGE)
    searched_by = models.CharField("searched by", max_length=20, help_text="Email, name, or both; never the words.")
    # {kind slug: number of records}: what the request found, and (for erasure) what was erased or anonymised.
    found = models.JSONField(default=dict)
    erased = models.JSONField(default=dict)

    class Meta:
        ordering = ["-completed_at", "-pk"]
        indexes = [models.Index(fields=["kind", "completed_at"], name="rights_request_kind_when")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.reference}"

    def save(self, *args, **kwargs):
        if self.reference:
            super().save(*args, **kwargs)
            return
        # A number people can quote on the phone: the kind, the year received, and the record's own number, which
        # no two requests share even when two coordinators finish at once.
        self.reference = f"new-{uuid.uuid4().hex[:16]}"
        super().save(*args, **kwargs)
        self.reference = f"{self.PREFIXES[self.kind]}-{self.received_on.year}-{self.pk:04d}"
        DataRequest.objects.filter(pk=self.pk).update(reference=self.reference)

    def get_absolute_url(self) -> str:
        return reverse("rights:request", args=[self.reference])

    @property
    def total_found(self) -> int:
        return sum(self.found.values())

    @property
    def total_erased(self) -> int:
        return sum(self.erased.values())

    @property
    def days_taken(self) -> int:
        """Whole days from receiving the request to completing it: UK GDPR allows one month."""
        return max((timezone.localdate(self.completed_at) - self.received_on).days, 0)
