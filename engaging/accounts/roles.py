"""What a person may do follows from their memberships; this reads them once per request."""

from dataclasses import dataclass, field


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


def roles_for(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, "_engaging_roles", None)
    if cached is not None:
        return cached
    from engaging.accounts.models import Membership

    rows = list(
        Membership.objects.filter(user=user, organisation__archived_at__isnull=True).values_list(
            "organisation_id", "role"
        )
    )
    roles = Roles(
        coordinator=user.is_superuser or any(role == Membership.Role.COORDINATOR for _, role in rows),
        board_member=any(role == Membership.Role.BOARD_MEMBER for _, role in rows),
        officer_of=frozenset(org for org, role in rows if role == Membership.Role.OFFICER),
        organisations=frozenset(org for org, _ in rows),
    )
    user._engaging_roles = roles
    return roles
