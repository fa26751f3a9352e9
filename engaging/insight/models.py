"""The insight library: what people said, in their words or a faithful summary, kept to be used again."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from engaging.core.dates import finding_date_problems
from engaging.core.models import Archivable, ArchivableQuerySet, LiveManager, Timestamped
from engaging.core.record_versions import Versioned


class Theme(Archivable, Timestamped):
    """A topic findings are filed under. Coordinators rename and merge themes; links are kept."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=1000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def two_years_after(day: date) -> date:
    """The default review-by date: two years on (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 2)
    except ValueError:
        return day.replace(year=day.year + 2, day=28)


class FindingQuerySet(ArchivableQuerySet):
    def current(self, today: date | None = None):
        """Findings still worth relying on: not past their review date and not superseded."""
        return self.filter(review_by__gte=today or date.today(), superseded_by__isnull=True)

    def stale(self, today: date | None = None):
        """Findings past their review date, or replaced by a newer finding."""
        return self.exclude(pk__in=self.current(today).values("pk"))

    def in_library(self):
        """Findings partners can search: live, from a live activity."""
        from engaging.register.models import Activity

        # Archived activities are few: leaving out their findings by that short list costs nothing per
        # finding, where joining every finding to its activity costs a lookup each.
        archived = Activity.everything.filter(archived_at__isnull=False).values("pk")
        return self.filter(archived_at__isnull=True).exclude(activity_id__in=archived)

    def public(self):
        """What anyone may read: public findings of a public, live activity that was not cancelled."""
        from engaging.register.models import Status

        return (
            self.in_library()
            .filter(is_public=True, activity__is_public=True)
            .exclude(activity__status=Status.CANCELLED)
        )

    def for_lists(self):
        return self.select_related("activity__lead_organisation").prefetch_related("themes")


class Finding(Archivable, Timestamped, Versioned):
    """Something people said during an activity."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "In people's own words"
        SUMMARY = "summary", "A faithful summary"

    class Representativeness(models.TextChoices):
        ONE_OR_TWO = "one_or_two", "One or two people"
        SOME = "some", "Some people"
        MANY = "many", "Many people"
        MOST = "most", "Most people who took part"
        REPRESENTATIVE = "representative", "A representative sample"

    activity = models.ForeignKey("register.Activity", on_delete=models.PROTECT, related_name="findings")
    statement = models.TextField(max_length=4000, help_text="What people said, in their words or a faithful summary.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUMMARY)
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    groups = models.ManyToManyField("lists.Group", blank=True, related_name="findings")
    areas = models.ManyToManyField("lists.Area", blank=True, related_name="findings")
    priorities = models.ManyToManyField("lists.Priority", blank=True, related_name="findings")
    people_count = models.PositiveIntegerField(
        "how many people said it",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000, message="Enter a number of people no bigger than 10,000,000")],
    )
    representativeness = models.CharField(
        "how representative it is", max_length=20, choices=Representativeness.choices, default=Representativeness.SOME
    )
    heard_on = models.DateField("date")
    review_by = models.DateField(
        "review by", help_text="After this date the finding shows as stale. Normally two years after it was heard."
    )
    is_public = models.BooleanField(
        "show on the public pages",
        default=True,
        help_text=(
            "Public findings appear in “You said, we did”. Never make public anything that could identify someone."
        ),
    )
    # Indexed only where set (see Meta): most findings are superseded by nothing.
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes", db_index=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[themes, groups, areas, priorities])

    objects = LiveManager.from_queryset(FindingQuerySet)()
    everything = models.Manager.from_queryset(FindingQuerySet)()

    class Meta:
        ordering = ["-heard_on", "-pk"]
        indexes = [
            models.Index(fields=["review_by"], name="finding_review_by"),
            # An index of every finding by what superseded it would hold the many superseded by nothing
            # under one key, and SQLite takes "superseded by nothing" for a rare value there.
            models.Index(
                fields=["superseded_by"], condition=models.Q(superseded_by__isnull=False), name="finding_superseded_by"
            ),
            # The library's newest first: a page is read from the top of this index, and the count of
            # current findings from the index alone.
            models.Index(
                fields=["heard_on", "id", "review_by", "activity"],
                condition=models.Q(archived_at__isnull=True, superseded_by__isnull=True),
                name="finding_library_newest",
            ),
            # How many findings are current, read from this index alone: the library's and the API's count.
            models.Index(
                fields=["review_by", "activity"],
                condition=models.Q(archived_at__isnull=True, superseded_by__isnull=True),
                name="finding_current",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(superseded_by=models.F("pk")), name="finding_not_superseded_by_itself"
            )
        ]

    def __str__(self) -> str:
        return self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("insight:finding", args=[self.pk])

    def clean(self):
        # The dates' rules (engaging/core/dates.py), here so the finding form, the API and the service all apply them.
        activity_start = self.activity.start_date if self.activity_id else None
        errors: dict[str, list[str]] = {}
        for field, message in finding_date_problems(
            heard_on=self.heard_on, review_by=self.review_by, activity_start=activity_start
        ):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.heard_on and not self.review_by:
            self.review_by = two_years_after(self.heard_on)
        super().save(*args, **kwargs)

    def is_stale(self, today: date | None = None) -> bool:
        """Stale once superseded, or from the day after its review-by date."""
        return self.stale_given(review_by=self.review_by, superseded_by_id=self.superseded_by_id, today=today)

    @staticmethod
    def stale_given(*, review_by: date, superseded_by_id: int | None, today: date | None = None) -> bool:
        return superseded_by_id is not None or review_by < (today or date.today())

    @property
    def stale(self) -> bool:
        return self.is_stale()


class FindingUse(models.Model):
    """An officer planning an activity marked a finding as used, so people are not asked again."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="uses")
    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="findings_used")
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-used_at"]
        constraints = [models.UniqueConstraint(fields=["finding", "activity"], name="finding_used_once_per_activity")]


def supersession_problem(finding: Finding, replacement: Finding | None) -> str | None:
    """Why `replacement` cannot supersede `finding`, or None if it can.

    A finding is superseded by another finding: never by itself, and never so that following
    "superseded by" from the replacement leads back to the finding (a loop would leave no current one).
    """
    if replacement is None:
        return None
    if finding.pk is not None and replacement.pk == finding.pk:
        return "A finding cannot be superseded by itself"
    seen = {replacement.pk}
    step = replacement.superseded_by_id
    while step is not None:
        if finding.pk is not None and step == finding.pk:
            return f"That would make a loop: finding {replacement.pk} is itself superseded by this finding"
        if step in seen:  # a loop elsewhere, made before this rule: stop rather than go round
            break
        seen.add(step)
        step = Finding.everything.filter(pk=step).values_list("superseded_by_id", flat=True).first()
    return None
