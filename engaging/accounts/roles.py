"""What a person may do follows from their memberships; this reads them once per request."""

from dataclasses import dataclass, field
from functools import cache

from django.db import connections, router


@dataclass(frozen=True)
class Roles:
    coordinator: bool = False
    board_member: bool = False
    officer_of: frozenset[int] = field(default_factory=frozenset)
    organisations: frozenset[int] = field(default_factory=frozenset)

    @property
    def internal(self) -> bool:
        """Anyone with a role may read the hub's internal pages."""
        return self.coordinator or self.board_member or bool(self.officer_of)

    @property
    def can_edit_register(self) -> bool:
        return self.coordinator or bool(self.officer_of)


NO_ROLES = Roles()


@cache
def _memberships_sql(using: str) -> str:
    """The organisations and roles of one person's memberships, leaving out archived organisations.

    Plain SQL: every signed-in request reads it, and through the ORM it cost more to build than to run.
    """
    from engaging.accounts.models import Membership, Organisation

    quote = connections[using].ops.quote_name
    membership, organisation = Membership._meta, Organisation._meta
    return (
        f"SELECT m.{quote('organisation_id')}, m.{quote('role')} FROM {quote(membership.db_table)} m "
        f"JOIN {quote(organisation.db_table)} o ON o.{quote('id')} = m.{quote('organisation_id')} "
        f"WHERE m.{quote('user_id')} = %s AND o.{quote('archived_at')} IS NULL"
    )


def roles_for(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, "_engaging_roles", None)
    if cached is not None:
        return cached
    from engaging.accounts.models import Membership

    with connections[router.db_for_read(Membership)].cursor() as cursor:
        cursor.execute(_memberships_sql(cursor.db.alias), [user.pk])
        rows = cursor.fetchall()
    roles = Roles(
        coordinator=user.is_superuser or any(role == Membership.Role.COORDINATOR for _, role in rows),
        board_member=any(role == Membership.Role.BOARD_MEMBER for _, role in rows),
        officer_of=frozenset(org for org, role in rows if role == Membership.Role.OFFICER),
        organisations=frozenset(org for org, _ in rows),
    )
    user._engaging_roles = roles
    return roles
