"""You said, we did: what was done about findings, and how participants were told."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, ArchivableQuerySet, LiveManager, Timestamped
from engaging.core.record_versions import Versioned


def public_feedback_activities():
    """Activities residents may read about in "You said, we did": public, live and not cancelled.

    Unlike the "Get involved" pages, finished activities count: they are the ones with something to report.
    """
    from engaging.register.models import Activity, Status

    return Activity.objects.filter(is_public=True).exclude(status=Status.CANCELLED)


def public_findings():
    """Findings residents may read: public and live, from a public, live activity that was not cancelled.

    The insight library's own rule, so a finding is public in one place or in none.
    """
    from engaging.insight.models import Finding

    return Finding.objects.public()


# What is still to be done: a response in one of these states is late once the day it was expected by has passed.
UNFINISHED = ("considering", "planned", "in_progress")


def response_is_late(*, status: str, due_on: date | None, today: date) -> bool:
    """A response is late when the day it was expected by has passed and it is neither done nor found not possible.

    With no expected date nothing was promised, so nothing can be late.
    """
    return due_on is not None and status in UNFINISHED and due_on < today


class ResponseQuerySet(ArchivableQuerySet):
    def public(self):
        """Responses residents may read: public and live, answering at least one finding residents may read.

        A response that answers only private findings, or findings of a private, archived or cancelled
        activity, stays inside the partnership however it is marked.
        """
        # Each response's links are checked on their own, so a page that wants the first few in an indexed order
        # reads only those, rather than every public finding first.
        public = public_findings().filter(pk=models.OuterRef("finding_id"))
        links = self.model.findings.through.objects.filter(response_id=models.OuterRef("pk"))
        return self.filter(models.Exists(links.filter(models.Exists(public))), is_public=True, archived_at__isnull=True)

    def about_activity(self, activity):
        """Responses to any finding of `activity` (a response may answer findings of several activities)."""
        links = self.model.findings.through.objects.filter(finding__activity=activity)
        return self.filter(pk__in=links.values("response_id"))


class Response(Archivable, Timestamped, Versioned):
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

    objects = LiveManager.from_queryset(ResponseQuerySet)()
    everything = models.Manager.from_queryset(ResponseQuerySet)()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["updated_at"], name="response_updated"),
            # The latest done, for the home page.
            models.Index(fields=["status", "completed_on"], name="response_status_completed"),
        ]
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

    def is_late_on(self, today: date) -> bool:
        return response_is_late(status=self.status, due_on=self.due_on, today=today)

    @property
    def is_late(self) -> bool:
        """Late today (see response_is_late): pages that show it must be kept by the day."""
        return self.is_late_on(date.today())


class LoopClosureQuerySet(models.QuerySet):
    def public(self):
        """How people were told, for activities residents may read about."""
        return self.filter(activity__in=public_feedback_activities().values("pk"))


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

    objects = LoopClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-told_on", "-pk"]
        # The most recent first, as lists show them: a page is read in order rather than sorting every closure.
        indexes = [models.Index(fields=["-told_on", "-id"], name="loopclosure_newest")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}, {self.told_on:%d %B %Y}"


class LoopReminder(models.Model):
    """A reminder emailed because an activity's participants had not been told in time.

    Kept so that nobody is reminded about the same activity more than once a week.
    """

    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="loop_reminders")
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    recipients = models.PositiveIntegerField("how many people were emailed", default=0)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["activity", "sent_at"], name="loop_reminder_activity_sent")]

    def __str__(self) -> str:
        return f"Reminder about {self.activity_id} on {self.sent_at:%d %B %Y}"
