"""Finding everything the hub holds about one person, by their email address or their name.

An email address names one person, so what matches it exactly (whatever its capitals) is theirs. Names are
not unique: what matches only by name is a possible match, which a coordinator ticks to include. Records
that belong to an account (its roles, tokens, changes, sign-ins) go with the account: they are certain when
the account is, and included when a possible account is ticked.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from engaging.accounts.models import ApiToken, Membership
from engaging.core.erasure import history_model_of, history_models
from engaging.core.models import ViewRecord
from engaging.learning.models import Booking
from engaging.questionnaires.models import HearBackContact
from engaging.register.models import Activity
from engaging.rights.mentions import mentions_of
from engaging.voice.models import Consent, Story

EMAIL = "email"
NAME = "name"
ACCOUNT = "account"


@dataclass(frozen=True)
class Kind:
    """A kind of record the hub holds about people, as the coordinator and the person asking read it."""

    slug: str
    title: str
    about: str
    erasing: str


KINDS = (
    Kind(
        "account",
        "Their account",
        "The account they sign in to the hub with.",
        "The account is switched off for good. Its username, names and email address are replaced, and its "
        "password removed.",
    ),
    Kind(
        "memberships",
        "Their roles in organisations",
        "The organisations they work with in the hub and the role they have at each.",
        "Their roles are ended and their job titles deleted, with every earlier version of them.",
    ),
    Kind(
        "tokens",
        "API tokens",
        "Tokens their organisation's systems use to read and write through the hub's API. The secret itself is "
        "never kept, so it is not shown.",
        "The tokens are deleted, so they stop working at once.",
    ),
    Kind(
        "changes",
        "Changes they made",
        "Each time they added, changed or removed a record, the hub kept who did it and when.",
        "Kept, as the record of who changed what. Once their account is anonymised it no longer names them.",
    ),
    Kind(
        "named_in",
        "Records that name their account",
        "Records that point to their account: for example as the person who created an activity or owns an action.",
        "Kept. Once their account is anonymised these no longer name them.",
    ),
    Kind(
        "sign_ins",
        "Sign-in records",
        "When someone signed in, or tried to, with their username or email address, and from where.",
        "Deleted.",
    ),
    Kind(
        "viewing",
        "Records of what they viewed",
        "When they opened a story or an equality report in the hub.",
        "Kept, as the record of who viewed what. Once their account is anonymised it no longer names them.",
    ),
    Kind(
        "bookings",
        "Training bookings",
        "Places they booked on training courses and network events, what happened to each booking, and any "
        "feedback they gave.",
        "Their name, email address, access needs and feedback comments are removed. A booking for a session "
        "still to come is cancelled first, so the place goes to someone else. The session, organisation and "
        "role are kept so the hub can still count who was trained.",
    ),
    Kind(
        "contact_requests",
        "Contact details left to hear back",
        "Contact details they gave on a questionnaire so they could be told what happened as a result.",
        "Deleted.",
    ),
    Kind(
        "stories",
        "Stories they told",
        "Stories they told the board, and the consent they gave for them.",
        "The story's title, text and how the teller was named are removed, with every earlier version of them, "
        "and their consent is recorded as withdrawn. The record that a story was told remains.",
    ),
    Kind(
        "mentions",
        "Notes and other text that give their email address",
        "Records whose written text, such as notes, reasons or comments, includes their email address.",
        "Their email address is taken out of the text, in the record and every earlier version of it.",
    ),
    Kind(
        "activity_contacts",
        "Activities that give them as the contact",
        "Engagement activities that name them as the person to contact.",
        "Their name, email address and phone number are removed from the activity and every earlier version of it.",
    ),
)
KIND = {kind.slug: kind for kind in KINDS}


@dataclass
class Record:
    """One thing found: its kind, a key to tick it by, what it is, how it matched, and the account it goes with."""

    kind: str
    key: str
    obj: Any
    matched_on: str
    owner: str = ""
    certain: bool = True

    @property
    def possible(self) -> bool:
        """Matched only by name, and not owned by an account: the coordinator decides whether it is theirs."""
        return not self.certain and not self.owner


@dataclass
class Found:
    """What a search found, in the order of KINDS."""

    email: str = ""
    name: str = ""
    records: list[Record] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.records)

    def by_kind(self) -> list[tuple[Kind, list[Record]]]:
        grouped = defaultdict(list)
        for record in self.records:
            grouped[record.kind].append(record)
        return [(kind, grouped[kind.slug]) for kind in KINDS if grouped[kind.slug]]

    def counts(self) -> dict[str, int]:
        return {kind.slug: len(records) for kind, records in self.by_kind()}

    @property
    def possible(self) -> list[Record]:
        return [record for record in self.records if record.possible]

    @property
    def certain(self) -> list[Record]:
        return [record for record in self.records if record.certain]

    def chosen(self, ticked) -> "Found":
        """The records to act on: every certain one, the possible ones ticked, and what goes with a ticked account.

        Keys ticked that this search did not find as possible matches are ignored."""
        ticked = {key for key in ticked if key}
        keep = {record.key for record in self.records if record.certain or (record.possible and record.key in ticked)}
        chosen = [record for record in self.records if record.key in keep or record.owner in keep]
        return Found(email=self.email, name=self.name, records=chosen)

    def of(self, slug: str) -> list:
        return [record.obj for record in self.records if record.kind == slug]

    def names_seen(self) -> list[str]:
        """Names that certain matches give for this email address: worth searching for too (stories have no email)."""
        names: dict[str, str] = {}
        for record in self.certain:
            obj = record.obj
            if record.kind == "account":
                name = obj.get_full_name()
            elif record.kind in {"bookings", "contact_requests"}:
                name = obj.name
            elif record.kind == "activity_contacts" and obj.contact_email.casefold() == self.email.casefold():
                name = obj.contact_name
            else:
                continue
            name = " ".join(name.split())
            if name and name.casefold() != self.name.casefold():
                names.setdefault(name.casefold(), name)
        return sorted(names.values(), key=str.casefold)


class _Collector:
    def __init__(self, email: str, name: str):
        self.found = Found(email=email, name=name)
        self.index: dict[str, Record] = {}

    def add(self, kind: str, key: str, obj, matched_on: str, *, owner: str = "", certain: bool = True) -> None:
        already = self.index.get(key)
        if already is not None:
            if certain and not already.certain:
                # Matched by email too: it is theirs, whatever else matched it by name.
                already.certain, already.matched_on, already.owner = True, matched_on, owner
            return
        record = Record(kind=kind, key=key, obj=obj, matched_on=matched_on, owner=owner, certain=certain)
        self.index[key] = record
        self.found.records.append(record)


def find_person(*, email: str = "", name: str = "") -> Found:
    """Everything held about the person with this email address (certain) or this name (possible matches)."""
    email, name = email.strip(), " ".join(name.split())
    collect = _Collector(email, name)
    _accounts(collect, email, name)
    _bookings(collect, email, name)
    _contact_requests(collect, email, name)
    _stories(collect, name)
    _activity_contacts(collect, email, name)
    if email:
        _sign_ins(collect, [email], owner="", certain=True)
        for mention in mentions_of(email):
            collect.add("mentions", f"mention:{mention['model']}:{mention['id']}", mention, EMAIL)
    # Records of one kind read in the order they were created, whatever matched them first.
    order = {kind.slug: index for index, kind in enumerate(KINDS)}
    collect.found.records.sort(key=lambda record: order[record.kind])
    return collect.found


def _accounts(collect: _Collector, email: str, name: str) -> None:
    users = get_user_model().objects.annotate(full_name=Concat("first_name", Value(" "), "last_name"))
    matches = []
    if email:
        matches += [(user, EMAIL, True) for user in users.filter(email__iexact=email).order_by("pk")]
    if name:
        by_name = users.filter(Q(full_name__iexact=name) | Q(username__iexact=name)).order_by("pk")
        matches += [(user, NAME, False) for user in by_name]
    for user, matched_on, certain in matches:
        key = f"account:{user.pk}"
        collect.add("account", key, user, matched_on, certain=certain)
    for record in [r for r in collect.found.records if r.kind == "account"]:
        _owned_by(collect, record.obj, owner=record.key, certain=record.certain)


def _owned_by(collect: _Collector, user, *, owner: str, certain: bool) -> None:
    """What goes with an account: its roles, tokens, changes, the records naming it, its sign-ins and viewings."""
    kw = {"owner": owner, "certain": certain}
    for membership in Membership.objects.filter(user=user).select_related("organisation").order_by("pk"):
        collect.add("memberships", f"membership:{membership.pk}", membership, ACCOUNT, **kw)
    for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk"):
        collect.add("tokens", f"token:{token.pk}", token, ACCOUNT, **kw)
    for change in changes_made_by(user):
        collect.add("changes", f"change:{change['model']}:{change['version']}", change, ACCOUNT, **kw)
    for named in records_naming(user):
        collect.add("named_in", f"named:{named['model']}:{named['field']}:{named['id']}", named, ACCOUNT, **kw)
    _sign_ins(collect, [user.username, user.email], **kw)
    for viewed in viewings_by(user):
        collect.add("viewing", f"viewing:{viewed.pk}", viewed, ACCOUNT, **kw)


HISTORY_TYPES = {"+": "Added", "~": "Changed", "-": "Removed"}


# Stands for the account while a query is written once for every account: no record's id is negative.
SOMEONE = -1


@lru_cache(maxsize=8)
def _written(asking: Callable, alias: str) -> tuple[str, tuple] | None:
    """The SQL (and its parameters) of `asking(SOMEONE)`'s querysets read together (UNION ALL), written once
    in each process: building some eighty querysets costs more than running them."""
    querysets = asking(SOMEONE)
    if not querysets:
        return None
    first, *rest = querysets
    return (first.union(*rest, all=True) if rest else first).query.sql_with_params()


def _rows(asking: Callable, user) -> list[tuple]:
    written = _written(asking, connection.alias)
    if written is None:
        return []
    sql, params = written
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if param == SOMEONE else param for param in params])
        return cursor.fetchall()


def _moment(value) -> datetime:
    """A time read by raw SQL as the ORM would give it: SQLite gives text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _tracked_by_label() -> dict:
    return {
        history.instance_type._meta.label_lower: history.instance_type
        for history in history_models()
        if hasattr(history, "history_user")
    }


def _asking_for_changes(user_id) -> list:
    asked = []
    for history in history_models():
        if not hasattr(history, "history_user"):
            continue  # a many-to-many field's history: its changes are counted with the record's own
        tracked = history.instance_type
        label = Value(tracked._meta.label_lower, output_field=CharField())
        record_id = Cast(tracked._meta.pk.attname, output_field=CharField())
        rows = history._default_manager.filter(history_user=user_id).order_by()
        asked.append(rows.values_list(label, "history_id", record_id, "history_type", "history_date"))
    return asked


def changes_made_by(user) -> list[dict]:
    """Every kept version of any record that this person's change produced, oldest first. Each history table is
    asked in the same query, so finding someone costs one query here however many kinds of record the hub keeps."""
    tracked_by_label = _tracked_by_label()
    changes = []
    for label, version, record_id, change_type, when in _rows(_asking_for_changes, user):
        tracked = tracked_by_label[label]
        changes.append(
            {
                "model": label,
                "what": str(tracked._meta.verbose_name),
                "version": version,
                "record": tracked._meta.pk.to_python(record_id),
                "change": HISTORY_TYPES.get(change_type, change_type),
                "when": _moment(when),
            }
        )
    return sorted(changes, key=lambda change: (change["when"], change["model"], change["version"]))


# Links to an account that are listed as kinds of their own, or are not about the person at all.
NOT_NAMING = {"accounts.membership", "accounts.apitoken", "core.viewrecord"}


def _user_links():
    """(model, field) for every foreign key to the account model outside historical tables."""
    user_model = get_user_model()
    historical = set(history_models())
    links = []
    for model in apps.get_models():
        if model in historical or model._meta.label_lower in NOT_NAMING:
            continue
        for each in model._meta.concrete_fields:
            if each.is_relation and each.related_model is user_model:
                links.append((model, each))
    return links


def _asking_for_links(user_id) -> list:
    asked = []
    for model, link in _user_links():
        named = model._base_manager.filter(**{link.name: user_id}).order_by()
        asked.append(
            named.values_list(
                Value(model._meta.label_lower, output_field=CharField()),
                Value(link.name, output_field=CharField()),
                Cast(model._meta.pk.attname, output_field=CharField()),
            )
        )
    return asked


def records_naming(user) -> list[dict]:
    """Each record that points to this account, with the field that does (created by, owner, decided by...): every
    such field asked in one query."""
    links = {(model._meta.label_lower, link.name): (model, link) for model, link in _user_links()}
    named = []
    for label, field_name, pk in _rows(_asking_for_links, user):
        model, link = links[(label, field_name)]
        named.append(
            {
                "model": label,
                "what": str(model._meta.verbose_name),
                "field": field_name,
                "as": str(link.verbose_name),
                "id": model._meta.pk.to_python(pk),
            }
        )
    # In the order the fields were listed, then by record, as each field's records were asked for before.
    order = {key: index for index, key in enumerate(links)}
    return sorted(named, key=lambda row: (order[(row["model"], row["field"])], row["id"]))


def sign_in_models():
    """django-axes's tables of sign-in attempts, sign-ins and failures, when axes is installed."""
    if not apps.is_installed("axes"):
        return []
    return [apps.get_model("axes", name) for name in ("AccessAttempt", "AccessLog", "AccessFailureLog")]


def _sign_ins(collect: _Collector, usernames, *, owner: str, certain: bool) -> None:
    wanted = Q()
    for username in {u.strip() for u in usernames if u and u.strip()}:
        wanted |= Q(username__iexact=username)
    if not wanted:
        return
    for model in sign_in_models():
        for row in model.objects.filter(wanted).order_by("attempt_time", "pk"):
            key = f"signin:{model._meta.label_lower}:{row.pk}"
            collect.add("sign_ins", key, row, ACCOUNT if owner else EMAIL, owner=owner, certain=certain)


def viewings_by(user) -> list[ViewRecord]:
    """What they viewed that the hub notes who views (stories, equality reports): engaging/core/viewing.py."""
    return list(ViewRecord.objects.filter(viewer=user).order_by("viewed_at", "pk"))


def _bookings(collect: _Collector, email: str, name: str) -> None:
    bookings = Booking.objects.select_related("session__course", "organisation", "feedback").prefetch_related("changes")
    if email:
        for booking in bookings.filter(email__iexact=email).order_by("created_at", "pk"):
            collect.add("bookings", f"booking:{booking.pk}", booking, EMAIL)
    if name:
        for booking in bookings.filter(name__iexact=name).order_by("created_at", "pk"):
            collect.add("bookings", f"booking:{booking.pk}", booking, NAME, certain=False)


def _contact_requests(collect: _Collector, email: str, name: str) -> None:
    contacts = HearBackContact.objects.select_related("questionnaire__activity")
    if email:
        for contact in contacts.filter(email__iexact=email).order_by("given_on", "pk"):
            collect.add("contact_requests", f"contact:{contact.pk}", contact, EMAIL)
    if name:
        for contact in contacts.filter(name__iexact=name).order_by("given_on", "pk"):
            collect.add("contact_requests", f"contact:{contact.pk}", contact, NAME, certain=False)


def _ids_in_history(model, condition: Q) -> set:
    history = history_model_of(model)
    if history is None:
        return set()
    return set(history._default_manager.filter(condition).values_list(model._meta.pk.attname, flat=True))


def _stories(collect: _Collector, name: str) -> None:
    """Stories have no email address: they are found by how the teller was named or who gave consent, now or in
    an earlier version, and are always possible matches."""
    if not name:
        return
    named = Q(told_by__iexact=name) | Q(consent__given_by__iexact=name)
    ids = set(Story.everything.filter(named).values_list("pk", flat=True))
    ids |= _ids_in_history(Story, Q(told_by__iexact=name))
    consents = Consent.objects.filter(pk__in=_ids_in_history(Consent, Q(given_by__iexact=name)))
    ids |= set(consents.values_list("story_id", flat=True))
    stories = (
        Story.everything.filter(pk__in=ids).select_related("consent", "meeting__board").order_by("created_at", "pk")
    )
    for story in stories:
        collect.add("stories", f"story:{story.pk}", story, NAME, certain=False)


def _activity_contacts(collect: _Collector, email: str, name: str) -> None:
    activities = Activity.everything.select_related("lead_organisation").order_by("start_date", "pk")
    if email:
        by_email = Q(contact_email__iexact=email) | Q(take_part_email__iexact=email)
        ids = set(activities.filter(by_email).values_list("pk", flat=True)) | _ids_in_history(Activity, by_email)
        for activity in activities.filter(pk__in=ids):
            collect.add("activity_contacts", f"activity:{activity.pk}", activity, EMAIL)
    if name:
        by_name = Q(contact_name__iexact=name)
        ids = set(activities.filter(by_name).values_list("pk", flat=True)) | _ids_in_history(Activity, by_name)
        for activity in activities.filter(pk__in=ids):
            collect.add("activity_contacts", f"activity:{activity.pk}", activity, NAME, certain=False)
