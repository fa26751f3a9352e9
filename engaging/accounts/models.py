"""Who uses the hub: organisations, people, and the role each person has."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, Timestamped


class User(AbstractUser):
    """A person who logs in. Their organisations and roles come from memberships."""

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(Archivable, Timestamped):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        PUBLIC_HEALTH = "public_health", "Public health"
        NHS_COMMISSIONER = "nhs_commissioner", "NHS commissioner"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
        POLICE = "police", "Police"
        NHS_ENGLAND = "nhs_england", "NHS England"
        PROVIDER = "provider", "Provider"
        COMMUNITY_GROUP = "community_group", "Community group"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    on_board = models.BooleanField("sits on the board", default=False)
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(Timestamped):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        OFFICER = "officer", "Officer"
        BOARD_MEMBER = "board_member", "Board member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for partners' systems. Only its hash is stored."""

    PREFIX = "et_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with its secret, which is shown once and never stored."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=_hash_token(raw), hint=raw[:10])
        return token, raw

    @classmethod
    def user_for(cls, raw: str):
        """The active user a secret belongs to, or None."""
        if not raw or len(raw) > 200:
            return None
        token = (
            cls.objects.active().select_related("user").filter(key_hash=_hash_token(raw), user__is_active=True).first()
        )
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
