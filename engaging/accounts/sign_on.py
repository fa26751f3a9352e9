"""Who someone signing on with their organisation's account is in the hub, and the roles the rules give them.

The person is found by the provider's subject (its lasting id for them, kept in a SignOnLink at their
first sign-on), or else by a verified email address: one a coordinator linked to their account, or the
account's own. Someone not found is given an account only when a coordinator's rule covers them;
otherwise they are refused and nothing is kept.

At every sign-on the rules decide the memberships they gave: a role is added, changed or taken away as
the person's address and groups now match. Memberships a coordinator gave on the People page are never
touched, and no rule gives the coordinator role.
"""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engaging.accounts.models import AccountEvent, Membership, SignOnLink, SignOnRule, User


class Refused(Exception):
    NOT_COVERED = "not covered"
    SWITCHED_OFF = "switched off"

    def __init__(self, reason: str, email: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email


def verified_email(claims: dict) -> str:
    """The person's email address in lower case, when the provider vouches for it; otherwise ""."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email.strip():
        return ""
    vouched = claims.get("email_verified")
    if vouched is True or str(vouched).lower() == "true" or settings.OIDC_EMAILS_VERIFIED:
        return email.strip().lower()
    return ""


def groups_of(claims: dict) -> set[str]:
    """The group and role values the provider sent, from the claims named in OIDC_GROUP_CLAIMS."""
    found: set[str] = set()
    for name in settings.OIDC_GROUP_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            found.update(str(item) for item in value if isinstance(item, str | int))
    return found


def normal_domain(value: str) -> str:
    return value.strip().lower().removeprefix("@")


def roles_from_rules(*, email: str, groups: set[str]) -> dict[int, str]:
    """The role at each organisation the rules give someone with `email` and `groups`.

    When two rules name the same organisation, a rule on a group wins over one on an email domain (it is
    the more particular), and then the older rule.
    """
    domain = email.rsplit("@", 1)[1] if email else ""
    wanted: dict[int, str] = {}
    rules = SignOnRule.objects.filter(organisation__archived_at__isnull=True).order_by("pk")
    matched = [
        rule
        for rule in rules
        if (rule.kind == SignOnRule.Kind.CLAIM and rule.value in groups)
        or (rule.kind == SignOnRule.Kind.EMAIL_DOMAIN and domain and rule.value == domain)
    ]
    for rule in sorted(matched, key=lambda rule: rule.kind != SignOnRule.Kind.CLAIM):
        if rule.role != Membership.Role.COORDINATOR:
            wanted.setdefault(rule.organisation_id, rule.role)
    return wanted


def apply_rules(user, wanted: dict[int, str]) -> None:
    """Bring the memberships the rules gave `user` in line with `wanted`; leave every other membership alone."""
    current = {membership.organisation_id: membership for membership in user.memberships.all()}
    for organisation_id, membership in current.items():
        if not membership.from_sign_on:
            continue
        if organisation_id not in wanted:
            membership.delete()
        elif membership.role != wanted[organisation_id]:
            membership.role = wanted[organisation_id]
            membership.save(update_fields=["role", "updated_at"])
    for organisation_id, role in wanted.items():
        if organisation_id not in current:
            Membership.objects.create(user=user, organisation_id=organisation_id, role=role, from_sign_on=True)


@transaction.atomic
def person_for(*, claims: dict, issuer: str) -> User:
    """The account signing on with `claims`, its memberships brought up to date; Refused when there is none."""
    subject = str(claims.get("sub") or "")
    email = verified_email(claims)
    wanted = roles_from_rules(email=email, groups=groups_of(claims))
    link = SignOnLink.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if link is None and email:
        link = SignOnLink.objects.select_related("user").filter(subject="", email__iexact=email).first()
        if link is not None:
            link.issuer, link.subject = issuer, subject
    user = link.user if link else None
    if user is None and email:
        same_address = list(User.objects.filter(email__iexact=email)[:2])
        if len(same_address) == 1:
            user = same_address[0]
            link = SignOnLink(user=user, email=email, issuer=issuer, subject=subject)
    if user is None:
        if not wanted or User.objects.filter(email__iexact=email).exists():
            raise Refused(Refused.NOT_COVERED, email)
        user = _new_account(claims, email)
        link = SignOnLink(user=user, email=email, issuer=issuer, subject=subject)
        AccountEvent.objects.create(user=user, kind=AccountEvent.Kind.SIGN_ON_CREATED, detail=email)
    if not user.is_active:
        raise Refused(Refused.SWITCHED_OFF, email)
    link.last_signed_on_at = timezone.now()
    link.save()
    apply_rules(user, wanted)
    return user


def _new_account(claims: dict, email: str) -> User:
    base = re.sub(r"[^\w.+-]", "", email.split("@", 1)[0])[:140] or "person"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    first, last = claims.get("given_name"), claims.get("family_name")
    if not (isinstance(first, str) and isinstance(last, str)):
        name = claims.get("name") if isinstance(claims.get("name"), str) else ""
        first, _, last = name.partition(" ")
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def link_account(*, user, email: str, by) -> SignOnLink:
    """Let `user` sign on with the organisation's account whose verified address is `email`."""
    link = SignOnLink.objects.create(user=user, email=email.strip().lower(), linked_by=by)
    AccountEvent.objects.create(user=user, by=by, kind=AccountEvent.Kind.SIGN_ON_LINKED, detail=link.email)
    return link


@transaction.atomic
def unlink_account(*, link: SignOnLink, by) -> None:
    AccountEvent.objects.create(
        user=link.user, by=by, kind=AccountEvent.Kind.SIGN_ON_UNLINKED, detail=link.email or link.subject
    )
    link.delete()
