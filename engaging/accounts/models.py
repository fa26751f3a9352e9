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
    # Given by a single sign-on rule, and so changed or removed by the rules at each sign-on. A membership a
    # coordinator gave on the People page is never touched by the rules.
    from_sign_on = models.BooleanField(default=False, editable=False)

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


class SignOnRule(Timestamped):
    """A coordinator's rule: people signing on whose email or group matches get a role at an organisation.

    Rules give only the officer and board member roles: coordinators are only ever appointed on the
    People page, by another coordinator.
    """

    class Kind(models.TextChoices):
        EMAIL_DOMAIN = "email_domain", "Their email address ends with a domain"
        CLAIM = "claim", "Their organisation's account has a group or role"

    class Role(models.TextChoices):
        OFFICER = Membership.Role.OFFICER.value, Membership.Role.OFFICER.label
        BOARD_MEMBER = Membership.Role.BOARD_MEMBER.value, Membership.Role.BOARD_MEMBER.label

    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=200, help_text="A domain such as dudley.gov.uk, or a group or role's value.")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sign_on_rules")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["kind", "value", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value", "organisation"], name="one_sign_on_rule_per_match")
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.get_role_display()}, {self.organisation}"


class SignOnLink(models.Model):
    """An account that signs on with an organisation's account.

    A coordinator links an existing account to the address the person signs on with (`email`); the
    provider's subject (its lasting id for the person) is filled in at their first sign-on and found by
    from then on, even if their address changes.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_links")
    email = models.EmailField(blank=True)
    issuer = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_on_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], condition=~models.Q(subject=""), name="one_account_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.email or self.subject})"


class AccountEvent(models.Model):
    """Something that changed how a person signs in, and who did it."""

    class Kind(models.TextChoices):
        TWO_FACTOR_SET_UP = "two_factor_set_up", "Set up two-step sign-in"
        TWO_FACTOR_RESET = "two_factor_reset", "Reset two-step sign-in"
        BACKUP_CODES = "backup_codes", "Made new backup codes"
        SIGN_ON_LINKED = "sign_on_linked", "Linked to an organisation's account"
        SIGN_ON_UNLINKED = "sign_on_unlinked", "Unlinked from an organisation's account"
        SIGN_ON_CREATED = "sign_on_created", "Account made by single sign-on"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"
