"""Creating and changing activities through the API, by the same rules as the register's pages.

Everything is checked before anything is saved, and all problems are reported
together: ids that do not exist (or are archived), an end date before the start,
the lead organisation listed as a partner, a status the lifecycle does not allow, a public
activity still open to residents with no way to take part (named as take_part_url).
Leading as another organisation is 403, naming lead_organisation: an officer
leads only as their own organisation; a coordinator as any.
Public text that misses the plain-English target needs `publish_anyway_reason`
(see engaging/api/plain_language.py).
The save itself goes through `services.save_activity`, as the register's pages do: the service checks all of
this again, and keeps the reason.
"""

from django.core.exceptions import ValidationError as DjangoValidationError

from engaging.accounts.models import Organisation
from engaging.api.errors import ApiError, Invalid
from engaging.api.plain_language import REASON_FIELD, hard_texts, texts_to_check
from engaging.api.schemas import M2M, ActivityCreate, ActivityUpdate
from engaging.core.dates import activity_date_problems
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register import services
from engaging.register.models import Activity, Status
from engaging.register.rules import can_lead_as
from engaging.register.taking_part import WAY_FIELDS, way_problems

LINKED = {
    "lead_organisation": (Organisation, "organisation"),
    "partner_organisations": (Organisation, "organisation"),
    "methods": (Method, "method"),
    "groups": (Group, "group"),
    "areas": (Area, "area"),
    "priorities": (Priority, "priority"),
}

NOT_YOUR_ORGANISATION = "You can only lead activities as your own organisation"
PLAIN_FIELDS = ("summary", "how_to_take_part")  # what residents read, checked against the plain-English target


def _missing(noun: str, ids) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:5])
    more = " and others" if len(ids) > 5 else ""
    plural = "s" if len(ids) > 1 else ""
    return f"There is no {noun} with the id{plural} {shown}{more}"


def resolve_links(data: dict, errors: list) -> tuple[Organisation | None, dict]:
    """The lead organisation and the lists named in `data`, noting any id that does not exist."""
    lead = None
    relations: dict[str, list] = {}
    for name, (model, noun) in LINKED.items():
        if name not in data:
            continue
        wanted = {data[name]} if name == "lead_organisation" else set(data[name])
        found = list(model.objects.filter(pk__in=wanted))
        missing = wanted - {item.pk for item in found}
        if missing:
            errors.append((name, _missing(noun, missing)))
        elif name == "lead_organisation":
            lead = found[0]
        else:
            relations[name] = found
    return lead, relations


def _check_lead(user, lead: Organisation | None) -> None:
    if lead is not None and not can_lead_as(user, lead.pk):
        raise ApiError(403, f"{NOT_YOUR_ORGANISATION}.", [("lead_organisation", NOT_YOUR_ORGANISATION)])


def create_activity(payload: ActivityCreate, user) -> Activity:
    """A new activity, planned, created by `user`."""
    data = payload.model_dump()
    reason = data.pop(REASON_FIELD)
    errors: list[tuple[str, str]] = []
    lead, relations = resolve_links(data, errors)
    _check_lead(user, lead)
    start, end = data["start_date"], data["end_date"] or data["start_date"]
    errors.extend(activity_date_problems(start=start, end=end))
    partner_ids = [organisation.pk for organisation in relations.get("partner_organisations", [])]
    if lead is not None and services.lead_is_partner(lead.pk, partner_ids):
        errors.append(("partner_organisations", services.LEAD_IS_PARTNER))
    ways = {name: data[name] for name in WAY_FIELDS}
    errors.extend(way_problems(ways, is_public=data["is_public"], status=Status.PLANNED).items())
    texts = texts_to_check(data, PLAIN_FIELDS, public=data["is_public"])
    above = hard_texts(texts, reason, errors)
    if errors:
        raise Invalid(errors)
    fields = {name: value for name, value in data.items() if name not in M2M and name != "lead_organisation"}
    activity = Activity(**{**fields, "end_date": end}, lead_organisation=lead, status=Status.PLANNED)
    reasons = dict.fromkeys(above, reason)  # the API gives one reason for every text it publishes anyway
    return services.save_activity(activity=activity, relations=relations, user=user, publish_anyway=reasons)


def update_activity(activity: Activity, payload: ActivityUpdate, user) -> Activity:
    """Change the fields sent, and only those."""
    data = payload.model_dump(exclude_unset=True)
    reason = data.pop(REASON_FIELD, "")
    if not data:
        return activity
    errors: list[tuple[str, str]] = []
    lead, relations = resolve_links(data, errors)
    if lead is not None and lead.pk != activity.lead_organisation_id:
        _check_lead(user, lead)

    start = data.get("start_date", activity.start_date)
    end = data.get("end_date", activity.end_date)
    sent = [name for name in ("start_date", "end_date") if name in data]
    for field, message in activity_date_problems(start=start, end=end) if sent else []:
        # Name a date that was sent: moving only the start past the end is a problem with the start.
        errors.append((field if field in data else sent[0], message))

    lead_id = lead.pk if lead is not None else activity.lead_organisation_id
    if "partner_organisations" in relations:
        partner_ids = {o.pk for o in relations["partner_organisations"]}
    else:
        partner_ids = set(activity.partner_organisations.values_list("pk", flat=True))
    if services.lead_is_partner(lead_id, partner_ids) and not any(field == "lead_organisation" for field, _ in errors):
        field = "partner_organisations" if "partner_organisations" in data else "lead_organisation"
        errors.append((field, services.LEAD_IS_PARTNER))

    if "status" in data:
        try:
            services.check_transition(activity, data["status"])
        except DjangoValidationError as error:
            errors.extend((field, " ".join(messages)) for field, messages in error.message_dict.items())
    public = data.get("is_public", activity.is_public)
    ways = {name: data.get(name, getattr(activity, name)) for name in WAY_FIELDS}
    status = data["status"] if data.get("status") in Status.values else activity.status
    errors.extend(way_problems(ways, is_public=public, status=status).items())
    texts = texts_to_check(data, PLAIN_FIELDS, stored=activity, public=public, was_public=activity.is_public)
    above = hard_texts(texts, reason, errors)
    if errors:
        raise Invalid(errors)

    for name, value in data.items():
        if name in M2M:
            continue
        if name == "lead_organisation":
            activity.lead_organisation = lead
        else:
            setattr(activity, name, value)
    reasons = dict.fromkeys(above, reason)  # the API gives one reason for every text it publishes anyway
    return services.save_activity(activity=activity, relations=relations, user=user, publish_anyway=reasons)
