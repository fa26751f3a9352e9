"""Boards, their meetings and agenda items, and the screening of each item for engagement."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, ArchivableQuerySet, LiveManager, Timestamped
from engaging.core.record_versions import Versioned
from engaging.register.models import DATE_LIMITS, EngagementLevel, EngagementType


class Board(Archivable, Timestamped):
    """A health and wellbeing board. One hub can hold several, each for its own place."""

    name = models.CharField(max_length=200, unique=True)
    area = models.ForeignKey("lists.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="boards")
    members = models.ManyToManyField("accounts.Organisation", blank=True, related_name="boards")
    description = models.TextField(blank=True, max_length=2000)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(ArchivableQuerySet):
    def upcoming(self, now=None):
        """Meetings that have not started yet, soonest first."""
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Meetings that have started or are over, most recent first."""
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def public(self):
        """Meetings anyone may read about: open to the public, of a live board."""
        return self.filter(is_public=True, archived_at__isnull=True, board__archived_at__isnull=True)


class Meeting(Archivable, Timestamped):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    venue = models.CharField(max_length=200, blank=True)
    is_public = models.BooleanField("open to the public", default=True)
    papers_url = models.URLField("link to the papers", blank=True)
    notes = models.TextField(blank=True, max_length=4000)

    history = HistoricalRecords()

    objects = LiveManager.from_queryset(MeetingQuerySet)()
    everything = models.Manager.from_queryset(MeetingQuerySet)()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["board", "starts_at"], name="meeting_board_date")]

    def __str__(self) -> str:
        return f"{self.board}, {self.starts_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("board:meeting", args=[self.pk])

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()


class AgendaItem(Archivable, Timestamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agenda_items"
    )
    decision_sought = models.TextField(max_length=4000)
    decision_date = models.DateField(null=True, blank=True, validators=DATE_LIMITS)
    outcome = models.TextField(blank=True, max_length=4000)
    order = models.PositiveSmallIntegerField(default=0)
    activities = models.ManyToManyField(
        "register.Activity", blank=True, related_name="agenda_items", help_text="The engagement done for this item."
    )

    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("board:item", args=[self.pk])


class LegalDuty(Archivable, Timestamped):
    """A legal duty to involve or consult people, and the bodies it applies to."""

    class AppliesTo(models.TextChoices):
        NHS = "nhs", "NHS bodies"
        LOCAL_AUTHORITY = "local_authority", "Local authorities"
        BOTH = "both", "NHS bodies and local authorities"
        ALL_PUBLIC = "all_public", "All public bodies"

    name = models.CharField(max_length=200, unique=True)
    source = models.CharField("legislation", max_length=200)
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices)
    summary = models.TextField(max_length=2000)
    url = models.URLField("where to read it", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "legal duties"

    def __str__(self) -> str:
        return self.name


class Scale3(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Screening(Timestamped, Versioned):
    """The board's one consistent set of questions about an agenda item, and what they recommend."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Not sure"

    class Influence(models.TextChoices):
        NONE = "none", "None: the decision has been made"
        SOME = "some", "Some: choosing between options"
        MUCH = "much", "Much: the options are still open"
        FULL = "full", "Full: people can shape the whole thing"

    class Time(models.TextChoices):
        UNDER_4_WEEKS = "under_4", "Under 4 weeks"
        WEEKS_4_TO_12 = "4_to_12", "4 to 12 weeks"
        OVER_12_WEEKS = "over_12", "Over 12 weeks"

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="screening")
    changes_services = models.CharField(
        "does it change services or how people reach them", max_length=10, choices=Answer.choices
    )
    legal_duties = models.ManyToManyField(LegalDuty, blank=True, related_name="screenings")
    affected_groups = models.ManyToManyField("lists.Group", blank=True, related_name="screenings")
    who_is_affected = models.TextField(blank=True, max_length=2000)
    insight_reused = models.ManyToManyField("insight.Finding", blank=True, related_name="screenings")
    influence = models.CharField("how much people can still influence", max_length=10, choices=Influence.choices)
    time_available = models.CharField("how much time there is", max_length=10, choices=Time.choices)
    community_interest = models.CharField(
        "how interested and able the communities are", max_length=10, choices=Scale3.choices
    )
    partner_capability = models.CharField(
        "how able the board and partners are to involve them", max_length=10, choices=Scale3.choices
    )
    recommended_type = models.CharField(max_length=30, choices=EngagementType.choices, blank=True)
    recommended_level = models.CharField(max_length=20, choices=EngagementLevel.choices, blank=True)
    recommended_methods = models.ManyToManyField("lists.Method", blank=True, related_name="+")
    reasons = models.JSONField(default=list, blank=True, help_text="Which answers led to the recommendation.")
    # The Gunning principles, checked when consultation is recommended.
    gunning_formative = models.BooleanField("proposals are still at a formative stage", default=False)
    gunning_reasons = models.BooleanField("enough reasons are given for intelligent consideration", default=False)
    gunning_time = models.BooleanField("adequate time is given for consideration and response", default=False)
    gunning_considered = models.BooleanField("responses will be conscientiously taken into account", default=False)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[legal_duties, affected_groups, insight_reused, recommended_methods])

    GUNNING = ("gunning_formative", "gunning_reasons", "gunning_time", "gunning_considered")

    def __str__(self) -> str:
        return f"Screening of {self.agenda_item}"

    @property
    def consultation_recommended(self) -> bool:
        """Consultation is recommended when the type is consultation or the level is consult.

        Either way people are asked for their views on a proposal, so the consultation must be
        fair in law: the four Gunning principles apply.
        """
        return self.recommended_type == EngagementType.CONSULTATION or self.recommended_level == EngagementLevel.CONSULT

    @property
    def gunning_all_met(self) -> bool:
        return all(getattr(self, name) for name in self.GUNNING)


class ScreeningRule(Archivable, Timestamped):
    """One rule of the screening, kept as data a coordinator can read and change.

    When the answer to `question` equals `answer`, the rule recommends its type, level or action,
    and says why in `reason`. Rules with a higher `weight` win when they disagree.
    """

    question = models.CharField(max_length=50)
    answer = models.CharField(max_length=50)
    recommends_type = models.CharField(max_length=30, choices=EngagementType.choices, blank=True)
    recommends_level = models.CharField(max_length=20, choices=EngagementLevel.choices, blank=True)
    action = models.CharField("action to add", max_length=300, blank=True)
    action_due_days = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField(default=10)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "-weight", "pk"]

    def __str__(self) -> str:
        return f"{self.question} = {self.answer}: {self.reason}"


class ScreeningActionQuerySet(models.QuerySet):
    def open(self):
        """Actions not done yet."""
        return self.filter(done_on__isnull=True)

    def overdue(self, today: date | None = None):
        """Actions not done whose due date has passed: one due today is not overdue until tomorrow."""
        return self.open().filter(due_on__lt=today or date.today())

    def live(self):
        """Actions on agenda items and meetings that have not been archived."""
        return self.filter(
            screening__agenda_item__archived_at__isnull=True,
            screening__agenda_item__meeting__archived_at__isnull=True,
            screening__agenda_item__meeting__board__archived_at__isnull=True,
        )


class ScreeningAction(Timestamped):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="screening_actions"
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="screening_actions"
    )
    due_on = models.DateField(validators=DATE_LIMITS)
    done_on = models.DateField(null=True, blank=True)
    # The rule that added the action, so screening again keeps it, or removes it if the rule no longer applies.
    rule = models.ForeignKey(ScreeningRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    objects = ScreeningActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="action_overdue")]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today: date | None = None) -> bool:
        """Not done, and due before today."""
        return self.done_on is None and self.due_on < (today or date.today())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class MethodFit(Timestamped):
    """What the partnership knows about whether a method suits a group, from experience or the method's rules.

    The screening suggests a method for a group only when evaluations show it worked with that group or a
    fit says it suits them, and never a method a fit says does not suit one of the groups affected (an
    enter and view visit, which covers adults' services, for children).
    """

    method = models.ForeignKey("lists.Method", on_delete=models.CASCADE, related_name="fits")
    group = models.ForeignKey("lists.Group", on_delete=models.CASCADE, related_name="method_fits")
    suits = models.BooleanField("the method suits this group", default=True)
    reason = models.CharField("why, in a sentence", max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["method__name", "group__name"]
        constraints = [models.UniqueConstraint(fields=["method", "group"], name="one_fit_per_method_and_group")]

    def __str__(self) -> str:
        return f"{self.method} {'suits' if self.suits else 'does not suit'} {self.group}"
