"""Community voice: residents' stories, heard by the board directly, shared only with consent."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, ArchivableQuerySet, LiveManager, Timestamped
from engaging.core.record_versions import Versioned


class StoryQuerySet(ArchivableQuerySet):
    def consented(self):
        """Stories whose teller's consent stands. Everything that shows a story starts here."""
        return self.filter(consent__withdrawn_at__isnull=True, consent__isnull=False, archived_at__isnull=True)

    def public(self):
        """Stories anyone may read: consent stands, the teller agreed to the public hearing it, and a coordinator
        approved it. Until then a public story is heard inside the partnership only."""
        return self.consented().filter(consent__scope=Consent.Scope.PUBLIC, approval=Story.Approval.APPROVED)

    def meant_for_public(self):
        """Stories whose teller agreed to the public hearing them and still does, approved or not yet: what the
        coordinators check before approving (a story sent back is still meant for the public once it is put right).
        """
        return self.consented().filter(consent__scope=Consent.Scope.PUBLIC)

    def waiting_for_approval(self):
        """Public stories a coordinator has still to approve or send back, oldest first."""
        return (
            self.consented()
            .filter(consent__scope=Consent.Scope.PUBLIC, approval=Story.Approval.WAITING)
            .order_by("approval_asked_at", "pk")
        )

    def visible_to(self, user):
        """What this person may read: every consented story for anyone with a role, public ones for the rest.

        "Board only" means inside the partnership: board members, coordinators and officers (who read
        the board's pages) hear it; residents and the public never do.
        """
        from engaging.accounts.access import roles_for

        return self.consented() if roles_for(user).internal else self.public()

    def withdrawn(self):
        """Stories whose teller withdrew consent. Only their titles are ever shown, to coordinators, for audit."""
        return self.filter(consent__withdrawn_at__isnull=False, archived_at__isnull=True)

    def heard_in(self, year: int):
        """Stories heard in a calendar year: at a meeting that year, or, with no meeting, consented to that year."""
        return self.filter(
            models.Q(meeting__starts_at__year=year) | models.Q(meeting__isnull=True, consent__given_on__year=year)
        )

    def for_lists(self):
        return self.select_related("consent", "meeting__board").prefetch_related("themes", "groups")

    def for_public(self):
        """What the residents' page of stories shows with each: where it was told, and what it is about."""
        return self.select_related("meeting").prefetch_related("themes")


class Story(Archivable, Timestamped, Versioned):
    class Naming(models.TextChoices):
        FULL_NAME = "full_name", "Their name"
        FIRST_NAME = "first_name", "Their first name only"
        DESCRIPTION = "description", "A description, such as “a carer from Sedgley”"
        ANONYMOUS = "anonymous", "Anonymous"

    title = models.CharField(max_length=200)
    told_by = models.CharField(
        "how the teller is named", max_length=200, blank=True, help_text="Exactly as the teller chose, or blank."
    )
    naming = models.CharField("the teller chose to be shown as", max_length=20, choices=Naming.choices)
    text = models.TextField("the story", max_length=10000)
    themes = models.ManyToManyField("insight.Theme", blank=True, related_name="stories")
    groups = models.ManyToManyField("lists.Group", blank=True, related_name="stories")
    meeting = models.ForeignKey(
        "board.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Approval(models.TextChoices):
        WAITING = "waiting", "Waiting for approval"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"

    # A public story is shown to the public only once a coordinator approves it (see StoryDecision).
    approval = models.CharField(max_length=20, choices=Approval.choices, default=Approval.WAITING)
    approval_asked_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.CharField("why it was sent back", max_length=1000, blank=True)

    history = HistoricalRecords(m2m_fields=[themes, groups])

    objects = LiveManager.from_queryset(StoryQuerySet)()
    everything = models.Manager.from_queryset(StoryQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voice:story", args=[self.pk])

    @property
    def teller(self) -> str:
        return "Anonymous" if self.naming == self.Naming.ANONYMOUS or not self.told_by else self.told_by


class Consent(Timestamped):
    """The teller's consent: who gave it, when, and who may hear the story. Withdrawal hides it everywhere."""

    class Scope(models.TextChoices):
        BOARD = "board", "The board only"
        PUBLIC = "public", "The public"

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="consent")
    given_by = models.CharField("who gave consent", max_length=200)
    given_on = models.DateField()
    scope = models.CharField(max_length=10, choices=Scope.choices)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["withdrawn_at", "scope"], name="consent_withdrawn_scope")]

    def __str__(self) -> str:
        return f"Consent for {self.story}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class StoryDecision(models.Model):
    """One step in a public story's approval, kept for good: asked for, approved, or sent back with a reason."""

    class Kind(models.TextChoices):
        ASKED = "asked", "Sent for approval"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.story}"
