"""Writes to the register that touch more than one row, each in one transaction."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engaging.core.addresses import site_root
from engaging.plain.publishing import record, texts_above_target, too_hard_message
from engaging.register.models import FINISHED, TRANSITIONS, Activity, JoinUp, Status

M2M_FIELDS = ("partner_organisations", "methods", "groups", "areas", "priorities")
LEAD_IS_PARTNER = "The lead organisation cannot also be a partner"
# What residents read of an activity, held to the plain-English target whenever it is published afresh.
PLAIN_FIELDS = ("summary", "how_to_take_part")

# Rules other apps add to a move, such as "evaluated needs an evaluation". Each returns a
# message saying why the move cannot happen yet, or None.
TRANSITION_GUARDS: dict[str, list[Callable[[Activity], str | None]]] = defaultdict(list)


def guard_transition(status: str):
    """Register a check that must pass before an activity moves to `status`."""

    def register(check):
        TRANSITION_GUARDS[status].append(check)
        return check

    return register


def _stamp_closed(activity: Activity) -> None:
    """Remember the day an activity finished, which starts the clock for telling people what happened."""
    if activity.status in FINISHED and activity.closed_on is None:
        activity.closed_on = date.today()


def lead_is_partner(lead_id: int | None, partner_ids) -> bool:
    """An organisation leads an activity or works on it as a partner, never both."""
    return lead_id is not None and lead_id in set(partner_ids)


def texts_published_afresh(activity: Activity) -> dict[str, str]:
    """The public texts saving `activity` would publish afresh: all of them when it is new or becomes public,
    otherwise those that changed; none while it is not public."""
    if not activity.is_public:
        return {}
    stored = None
    if activity.pk is not None:
        stored = Activity.everything.filter(pk=activity.pk).values(*PLAIN_FIELDS, "is_public").first()
    fresh = stored is None or not stored["is_public"]
    texts = {name: getattr(activity, name) or "" for name in PLAIN_FIELDS}
    return {name: text for name, text in texts.items() if fresh or text != (stored[name] or "")}


@transaction.atomic
def save_activity(*, activity: Activity, relations: dict, user=None, publish_anyway: dict | None = None) -> Activity:
    """Save an activity and its lists (groups, areas, …) together, by every rule of the register.

    The model's own checks (dates, money, ways to take part) run here, so every way in — the planning form,
    the API, the demo data — meets them; so does the rule that the lead is not also a partner, and the
    plain-English gate: public text published afresh that misses the target needs a reason in
    `publish_anyway` (field name to reason), which is kept with what the text missed.
    """
    if activity.pk is None and user is not None and user.is_authenticated:
        activity.created_by = user
    activity.full_clean(exclude=[*M2M_FIELDS, "created_by"])
    if "partner_organisations" in relations:
        partner_ids = [organisation.pk for organisation in relations["partner_organisations"]]
    elif activity.pk is not None:
        partner_ids = activity.partner_organisations.values_list("pk", flat=True)
    else:
        partner_ids = []
    if lead_is_partner(activity.lead_organisation_id, partner_ids):
        raise ValidationError({"partner_organisations": LEAD_IS_PARTNER})
    texts = texts_published_afresh(activity)
    above = texts_above_target(texts)
    reasons = {name: " ".join(((publish_anyway or {}).get(name) or "").split()) for name in above}
    unexplained = {name: too_hard_message(result) for name, result in above.items() if not reasons[name]}
    if unexplained:
        raise ValidationError(unexplained)
    _stamp_closed(activity)
    activity.save()
    for name in M2M_FIELDS:
        if name in relations:
            getattr(activity, name).set(relations[name])
    for name, result in above.items():
        record(activity, {name: result}, texts, reason=reasons[name], user=user)
    return activity


def check_transition(activity: Activity, new_status: str) -> None:
    if new_status not in Status.values:
        raise ValidationError({"status": f"“{new_status}” is not a status."})
    if new_status != activity.status and new_status not in TRANSITIONS[activity.status]:
        allowed = ", ".join(Status(s).label.lower() for s in TRANSITIONS[activity.status]) or "nothing"
        raise ValidationError(
            {"status": f"An activity that is {activity.get_status_display().lower()} can only move to: {allowed}."}
        )
    if new_status != activity.status:
        for check in TRANSITION_GUARDS[new_status]:
            reason = check(activity)
            if reason:
                raise ValidationError({"status": reason})


@transaction.atomic
def change_status(*, activity: Activity, new_status: str) -> Activity:
    """Move an activity along its lifecycle, refusing any move the lifecycle does not allow."""
    check_transition(activity, new_status)
    activity.status = new_status
    _stamp_closed(activity)
    activity.save(update_fields=["status", "closed_on", "updated_at"])
    return activity


@transaction.atomic
def propose_joinup(*, from_activity: Activity, to_activity: Activity, user, message: str = "") -> JoinUp:
    """Record a proposal to join up two activities led by different organisations."""
    if from_activity.lead_organisation_id == to_activity.lead_organisation_id:
        raise ValidationError("Both activities are led by the same organisation.")
    existing = JoinUp.objects.filter(from_activity=from_activity, to_activity=to_activity).first() or (
        JoinUp.objects.filter(from_activity=to_activity, to_activity=from_activity).first()
    )
    if existing:
        raise ValidationError("A join-up between these activities has already been proposed.")
    joinup = JoinUp.objects.create(
        from_activity=from_activity, to_activity=to_activity, proposed_by=user, message=message
    )
    from engaging.register.tasks import notify_joinup_proposed

    site = site_root()  # the address this request came to, for the email's link (engaging/core/addresses.py)
    transaction.on_commit(lambda: notify_joinup_proposed.enqueue(joinup.pk, site))
    return joinup


@transaction.atomic
def respond_to_joinup(*, joinup: JoinUp, user, agree: bool, note: str = "") -> JoinUp:
    if joinup.status != JoinUp.Status.PROPOSED:
        raise ValidationError("This join-up has already been answered.")
    if not user.has_perm("register.respond_joinup", joinup):
        raise PermissionDenied
    joinup.status = JoinUp.Status.AGREED if agree else JoinUp.Status.DECLINED
    joinup.responded_by = user
    joinup.responded_at = timezone.now()
    joinup.response_note = note
    joinup.save()
    return joinup
