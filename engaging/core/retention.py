"""How long each kind of personal data is kept: a coordinator's choice where they made one, else its default.

The schedule itself (its kinds, what each keeps and why, and the work of applying it) belongs to
engaging/privacy; this is the one read any app may make, so a page that tells a resident when their
details will be deleted says what the schedule will do.
"""

from engaging.core.models import RetentionPeriod


def days_for(kind: str, default: int) -> int:
    """The days `kind` is kept for: as a coordinator set it, or `default` when they never changed it."""
    days = RetentionPeriod.objects.filter(kind=kind).values_list("days", flat=True).first()
    return default if days is None else days


def all_set() -> dict[str, int]:
    """Every kind a coordinator has set, with its days."""
    return dict(RetentionPeriod.objects.values_list("kind", "days"))
