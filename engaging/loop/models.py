"""You said, we did: what was done about findings, and how participants were told."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, Timestamped


class Response(Archivable, Timestamped):
    """What was decided or done about one or more findings, and by whom."""

    class Status(models.TextChoices):
        CONSIDERING = "considering", "Considering"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    findings = models.ManyToManyField("insight.Finding", related_name="responses")
    action = models.TextField(
        "what was decided or done", max_length=4000, help_text="In plain words: this is shown to residents."
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name="responsible organisation",
    )
    decision_reference = models.CharField(
        max_length=200, blank=True, help_text="For example a board meeting and item, or a commissioning decision."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONSIDERING)
    reason = models.TextField(
        "why it is not possible", max_length=2000, blank=True, help_text="Required when the status is “not possible”."
    )
    decided_on = models.DateField(null=True, blank=True)
    due_on = models.DateField("expected by", null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(max_length=4000, blank=True, help_text="What changed as a result.")
    is_public = models.BooleanField("show on the public pages", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[findings])

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["updated_at"], name="response_updated")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_possible") | ~models.Q(reason=""),
                name="response_not_possible_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return self.action if len(self.action) <= 80 else self.action[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("loop:response", args=[self.pk])


class LoopClosure(Timestamped):
    """How and when the people who took part in an activity were told what happened."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        WEBSITE = "website", "Website"
        SOCIAL_MEDIA = "social_media", "Social media"
        MEETING = "meeting", "Meeting or event"
        NEWSLETTER = "newsletter", "Newsletter"
        TEXT_MESSAGE = "text_message", "Text message"
        OTHER = "other", "Other"

    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="loop_closures")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    told_on = models.DateField("date people were told")
    people_reached = models.PositiveIntegerField("how many people were reached", null=True, blank=True)
    summary = models.TextField("what people were told", max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-told_on"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}, {self.told_on:%d %B %Y}"
