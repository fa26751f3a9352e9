"""Training courses, their sessions and network events, bookings with a waiting list, and what happened to each.

A place is held by a booking that is booked (before the session) or whose attendance was recorded
(attended or no-show, after it started). Everyone else who wants to come is waiting, in order.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from engaging.core.models import Archivable, Timestamped


class Course(Archivable, Timestamped):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online, live"
        ONLINE_MODULE = "online_module", "Online module, at your own pace"

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(max_length=2000)
    outcomes = models.TextField("what you will be able to do", max_length=2000, blank=True)
    length = models.CharField("how long it takes", max_length=100, blank=True, help_text="For example “Half a day”.")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    audience = models.CharField("who it is for", max_length=300, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course", args=[self.pk])


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Sessions that have not started yet, soonest first."""
        return self.filter(starts_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def public(self):
        """Sessions anyone may see and book: public, not cancelled, and of a course still offered."""
        return self.filter(is_public=True, cancelled_at__isnull=True).exclude(course__archived_at__isnull=False)

    def with_places_taken(self):
        """Each session with `places_taken`: bookings holding a place (booked, attended or no-show)."""
        return self.annotate(
            places_taken=models.Count("bookings", filter=models.Q(bookings__status__in=Booking.HOLDING_PLACE)),
            waiting_count=models.Count("bookings", filter=models.Q(bookings__status=Booking.Status.WAITING)),
        )


class CourseSession(Timestamped):
    """One run of a course, or a network event (which has a title and topics of its own instead of a course)."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Training"
        NETWORK_EVENT = "network_event", "Network event"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(
        max_length=200, blank=True, help_text="For a network event; a training session is named by its course."
    )
    topics = models.TextField(max_length=2000, blank=True, help_text="One topic on each line.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("online joining link", max_length=500, blank=True)
    trainers = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveIntegerField("places")
    is_public = models.BooleanField(
        "open to anyone", default=True, help_text="Otherwise only partners with a link or a token can book."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="learning_session_has_a_place"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="learning_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="training") | models.Q(course__isnull=False),
                name="learning_training_has_a_course",
            ),
        ]
        indexes = [models.Index(fields=["is_public", "starts_at"], name="learning_session_public")]

    def __str__(self) -> str:
        return f"{self.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("learning:session", args=[self.pk])

    @property
    def name(self) -> str:
        if self.kind == self.Kind.NETWORK_EVENT or self.course_id is None:
            return self.title or "Community Engagement Network event"
        return self.course.title

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    def has_started(self, now=None) -> bool:
        """Bookings close, and attendance opens, the moment a session starts."""
        return self.starts_at <= (now or timezone.now())

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class BookingQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=Booking.HOLDING_PLACE)

    def waiting_in_order(self):
        """The waiting list, first in line first: by the order kept, then by when they joined."""
        return self.filter(status=Booking.Status.WAITING).order_by("waiting_order", "created_at", "pk")

    def live_for_email(self, email: str):
        """Bookings not cancelled for this email, whatever its capitals."""
        return self.exclude(status=Booking.Status.CANCELLED).filter(email__iexact=email.strip())


class Booking(Timestamped):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not come"

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer or practitioner"
        VOLUNTEER = "volunteer", "Volunteer"
        ELECTED_MEMBER = "elected_member", "Elected member (councillor)"
        RESIDENT = "resident", "Resident"
        OTHER = "other", "Other"

    HOLDING_PLACE = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="bookings")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField("organisation, if not a partner", max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    access_needs = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    waiting_order = models.PositiveIntegerField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    feedback_asked_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One live booking per person per session, whatever the capitals in their email; someone who
            # cancelled may book again.
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=~models.Q(status="cancelled"),
                name="learning_one_booking_per_email",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="learning_booking_status")]

    def __str__(self) -> str:
        return f"{self.name} for {self.session}"

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING_PLACE


class BookingChange(models.Model):
    """What happened to a booking, by whom and why: kept for every booking, promotion and change of order."""

    class Kind(models.TextChoices):
        BOOKED = "booked", "Booked a place"
        WAITING = "waiting", "Joined the waiting list"
        PROMOTED = "promoted", "Given a place from the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        REMOVED = "removed", "Removed by a coordinator"
        MOVED = "moved", "Moved in the waiting list"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not come"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.booking}"

    @property
    def who(self) -> str:
        if self.by_id:
            return self.by.get_full_name() or self.by.username
        # With nobody signed in, a place given on was the hub's rule at work; anything else was the person's own doing.
        return "Automatically" if self.kind == self.Kind.PROMOTED else "The person who booked"


class SessionFeedback(Timestamped):
    """An attendee's short feedback on a session, given once through the link sent to them afterwards."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    useful = models.PositiveSmallIntegerField("how useful it was", help_text="1 (not useful) to 5 (very useful)")
    confident = models.PositiveSmallIntegerField(
        "how confident you now feel", help_text="1 (not confident) to 5 (very confident)"
    )
    comment = models.TextField("anything else", max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(useful__gte=1, useful__lte=5), name="learning_useful_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(confident__gte=1, confident__lte=5), name="learning_confident_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback from {self.booking}"
