"""The engagement register: every partner's activities, and the join-ups between them."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from engaging.core.dates import activity_date_problems
from engaging.core.models import Archivable, ArchivableQuerySet, LiveManager, Timestamped
from engaging.core.record_versions import Versioned
from engaging.register.lifecycle import FINISHED as FINISHED
from engaging.register.lifecycle import TRANSITIONS, UPCOMING, Status
from engaging.register.taking_part import WAY_FIELDS, validate_https_url, validate_uk_phone, way_problems


class EngagementType(models.TextChoices):
    INFORMATION = "information", "Information"
    INSIGHT = "insight", "Insight"
    CONSULTATION = "consultation", "Consultation"
    COLLECTIVE_INVOLVEMENT = "collective_involvement", "Collective involvement"
    INDIVIDUAL_INVOLVEMENT = "individual_involvement", "Individual involvement"
    CO_PRODUCTION = "co_production", "Co-production"


class EngagementLevel(models.TextChoices):
    INFORM = "inform", "Inform"
    CONSULT = "consult", "Consult"
    INVOLVE = "involve", "Involve"
    COLLABORATE = "collaborate", "Collaborate"
    EMPOWER = "empower", "Empower"


# Dates outside these years are typing mistakes, and would overflow date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_LIMITS = [
    MinValueValidator(EARLIEST_DATE, message="Enter a date after 1900"),
    MaxValueValidator(LATEST_DATE, message="Enter a date before 2200"),
]

# Money is never negative, and fits the column (max_digits=10, decimal_places=2). The model holds the rule so that
# the planning form, the API and the spreadsheet import all refuse the same amounts with the same words.
MAX_COST = Decimal("99999999.99")
COST_LIMITS = [
    MinValueValidator(Decimal(0), message="The cost cannot be negative"),
    MaxValueValidator(MAX_COST, message="The cost must be less than £100,000,000"),
]


class ActivityQuerySet(ArchivableQuerySet):
    def public(self):
        """What residents may see: public activities they can still take part in."""
        return self.filter(is_public=True, status__in=UPCOMING, archived_at__isnull=True)

    def not_cancelled(self):
        return self.exclude(status=Status.CANCELLED)

    def running_between(self, start: date, end: date):
        """Activities whose dates touch the period from `start` to `end`, inclusive."""
        return self.filter(start_date__lte=end, end_date__gte=start)

    def for_lists(self):
        return self.select_related("lead_organisation").prefetch_related("groups", "areas")


class ActivityManager(LiveManager.from_queryset(ActivityQuerySet)):
    pass


class Activity(Archivable, Timestamped, Versioned):
    """One piece of engagement run by a partner: a survey, a focus group, a consultation…"""

    title = models.CharField(max_length=200)
    summary = models.TextField(
        "plain summary", help_text="For residents: what this is about, in plain words.", max_length=2000
    )
    purpose = models.TextField(
        "purpose", help_text="The decision or piece of work this engagement informs.", max_length=4000
    )
    lead_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="led_activities"
    )
    partner_organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="partnered_activities"
    )
    type = models.CharField("engagement type", max_length=30, choices=EngagementType.choices)
    level = models.CharField("level of influence", max_length=20, choices=EngagementLevel.choices)
    methods = models.ManyToManyField("lists.Method", blank=True, related_name="activities")
    groups = models.ManyToManyField("lists.Group", blank=True, related_name="activities", verbose_name="target groups")
    areas = models.ManyToManyField("lists.Area", blank=True, related_name="activities")
    priorities = models.ManyToManyField("lists.Priority", blank=True, related_name="activities")
    start_date = models.DateField(validators=DATE_LIMITS)
    end_date = models.DateField(
        help_text="The last day. The same as the start for a one-day event.", validators=DATE_LIMITS
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    closed_on = models.DateField(
        "closed on", null=True, blank=True, editable=False, help_text="When the activity stopped taking part."
    )
    participants_target = models.PositiveIntegerField("target number of participants", null=True, blank=True)
    participants_actual = models.PositiveIntegerField("actual number of participants", null=True, blank=True)
    cost = models.DecimalField(
        "cost (£)", max_digits=10, decimal_places=2, null=True, blank=True, validators=COST_LIMITS
    )
    statutory_duty = models.BooleanField("a statutory duty to involve or consult applies", default=False)
    # Ways residents take part, each optional; an open public activity needs at least one (see clean).
    # db_default lets rows written straight to the table (benchmark data) leave them out.
    take_part_url = models.URLField(
        "web link for taking part",
        max_length=500,
        blank=True,
        default="",
        db_default="",
        validators=[validate_https_url],
        help_text="An online survey or booking page. It must start with https://",
    )
    take_part_email = models.EmailField(
        "email address for taking part",
        blank=True,
        default="",
        db_default="",
        help_text="Where residents can send their views or ask to join in.",
    )
    take_part_phone = models.CharField(
        "phone number for taking part",
        max_length=40,
        blank=True,
        default="",
        db_default="",
        validators=[validate_uk_phone],
        help_text="A UK number residents can ring, like 01632 960 123.",
    )
    take_part_place = models.CharField(
        "place",
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="The venue and its address, like Brierley Hill Library, 1 Moor Street.",
    )
    take_part_times = models.CharField(
        "days and times",
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="When people can come, like Tuesdays 10am to 12 noon, 3 to 24 March.",
    )
    how_to_take_part = models.TextField(
        "anything else people need to know",
        blank=True,
        max_length=2000,
        help_text="Shown to residents under the ways to take part: help on offer, access, what to bring.",
    )
    is_public = models.BooleanField("show on the public pages", default=False)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField("internal notes", blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[groups, areas, priorities, methods, partner_organisations])

    objects = ActivityManager()
    everything = models.Manager.from_queryset(ActivityQuerySet)()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="activity_dates"),
            # For "running between": most activities have ended long before any window people look at.
            # Status, lead organisation, archived flag and id ride along so that the overlap check and the
            # fatigue table find their candidates in the index alone, reading the table only for the matches.
            models.Index(
                fields=["end_date", "start_date", "status", "lead_organisation", "archived_at", "id"],
                name="activity_running_between",
            ),
            # The register's filters by type and status, read from the index alone when counting matches.
            models.Index(
                fields=["type", "status", "id"], name="activity_live_type_status", condition=models.Q(archived_at=None)
            ),
            models.Index(fields=["status", "is_public"], name="activity_status_public"),
            # What residents see, soonest first: a few hundred rows among years of finished work.
            models.Index(
                fields=["start_date", "title"],
                name="activity_public_upcoming",
                condition=models.Q(is_public=True, status__in=UPCOMING, archived_at=None),
            ),
            # What is planned or open, soonest first ("Your work"): otherwise found by reading every finished
            # activity in date order first.
            models.Index(
                fields=["start_date", "id"],
                name="activity_upcoming",
                condition=models.Q(status__in=UPCOMING, archived_at=None),
            ),
            # Finished work by lead and the day it closed (its closing day, or its end date): one lead's
            # feedback due and evaluations missing ("Your work"), and the feedback loop's overdue list and rates.
            models.Index(
                "lead_organisation",
                Coalesce("closed_on", "end_date"),
                "id",
                name="activity_finished_by_lead",
                condition=models.Q(status__in=FINISHED, archived_at=None),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="activity_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("register:detail", args=[self.pk])

    def clean(self):
        errors = dict(activity_date_problems(start=self.start_date, end=self.end_date))
        values = {name: getattr(self, name) for name in WAY_FIELDS}
        errors.update(way_problems(values, is_public=self.is_public, status=self.status))
        if errors:
            raise ValidationError(errors)

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    @property
    def is_upcoming(self) -> bool:
        return self.status in UPCOMING


class ParticipantCount(models.Model):
    """How many people from one group took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participant_counts")
    group = models.ForeignKey("lists.Group", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name"]
        constraints = [models.UniqueConstraint(fields=["activity", "group"], name="one_count_per_group")]


class JoinUp(Timestamped):
    """A proposal between two organisations to run overlapping activities together."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined"

    from_activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="joinups_proposed")
    to_activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="joinups_received")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    message = models.TextField(blank=True, max_length=2000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_note = models.TextField(blank=True, max_length=2000)
    responded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["from_activity", "to_activity"], name="one_joinup_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(from_activity=models.F("to_activity")), name="joinup_between_two_activities"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_activity} ↔ {self.to_activity}"


def overlap_window() -> timedelta:
    return timedelta(weeks=settings.OVERLAP_WEEKS)


class ImportJob(Timestamped):
    """A large spreadsheet import, of activities or of one activity's findings, checked and saved by the task
    worker while the officer waits."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported: the file has problems"
        FAILED = "failed", "Not imported: something went wrong"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    # Findings are imported into one activity; activities themselves are imported with none.
    activity = models.ForeignKey(
        "register.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="import_jobs"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False, help_text="The uploaded file, cleared once the import has run.")
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    created_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.REFUSED, self.State.FAILED}
