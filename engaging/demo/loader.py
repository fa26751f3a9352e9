"""Builds the demo partnership described in `engaging.demo.data`, creating only what is missing.

Every record is found by its natural key (a name, a username, an activity's title and lead
organisation) before anything is created, so running the loader again changes nothing, and a
demo that is only partly there is completed.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

from django.db import transaction
from django.utils import timezone

from engaging.accounts.models import Membership, Organisation, User
from engaging.demo import data
from engaging.demo.ways import ways_for
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register.models import Activity, JoinUp, ParticipantCount, Status
from engaging.register.services import PLAIN_FIELDS, save_activity

# Modules that add demo records for other parts of the hub; each has load(builder).
EXTENSIONS: list[str] = [
    "engaging.demo.insight",
    "engaging.demo.loop",
    "engaging.demo.evaluation",
    "engaging.demo.board",
    "engaging.demo.voice",
    "engaging.demo.questionnaires",
    "engaging.demo.surveys",
    "engaging.demo.themes",
    "engaging.demo.learning",
    "engaging.demo.reports",
    "engaging.demo.plain",
    "engaging.plain.public_texts",  # last: scores the public texts everything above made
]

# Of the people who took part, the share counted in each target group, in the order the groups are listed.
GROUP_SHARES = (0.5, 0.25, 0.12, 0.07, 0.04, 0.02)


def status_for(start: date, end: date, today: date) -> str:
    """Where an activity with these dates has probably got to in its lifecycle."""
    if start > today:
        return Status.PLANNED
    if end >= today:
        return Status.OPEN
    days_since = (today - end).days
    if days_since <= 30:
        return Status.CLOSED
    if days_since <= 90:
        return Status.REPORTED
    if days_since <= 150:
        return Status.FED_BACK
    return Status.EVALUATED


# The activities are written as days from today. The last three months are kept as written; earlier
# ones are spread over twice the time, so the demo holds a full year before this one too and the
# published Local Account (last year's) tells of a real year's work, not the tail of one.
RECENT_DAYS = 90


def days_from_today(written: int) -> int:
    """Where an activity written `written` days from today starts in the demo."""
    if written >= -RECENT_DAYS:
        return written
    return -RECENT_DAYS + 2 * (written + RECENT_DAYS)


def counts_by_group(actual: int, groups: list) -> list[tuple[object, int]]:
    """A plausible split of the people who took part across an activity's target groups."""
    counts = []
    for group, share in zip(groups, GROUP_SHARES, strict=False):
        counts.append((group, max(1, round(actual * share))))
    return counts


@dataclass
class DemoResult:
    created: Counter = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, organisation

    @property
    def anything_created(self) -> bool:
        return sum(self.created.values()) > 0


class DemoBuilder:
    def __init__(self, today: date | None = None):
        self.today = today or date.today()
        self.result = DemoResult()

    def _get_or_create(self, label: str, manager, defaults=None, **lookup):
        obj, created = manager.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.result.created[label] += 1
        return obj

    @transaction.atomic
    def build(self) -> DemoResult:
        self.organisations = self.build_organisations()
        self.areas = self.build_areas()
        self.priorities = self.build_list(Priority, data.PRIORITIES, "priorities")
        self.groups = self.build_list(Group, data.GROUPS, "groups", with_category=True)
        self.methods = self.build_list(Method, data.METHODS, "methods")
        self.users = self.build_users()
        self.activities = self.build_activities()
        self.build_joinups()
        for name in EXTENSIONS:
            # Each later part of the hub adds its own demo records, given this builder.
            import_module(name).load(self)
        self.result.totals = {
            "organisations": Organisation.objects.count(),
            "areas": Area.objects.count(),
            "priorities": Priority.objects.count(),
            "groups": Group.objects.count(),
            "methods": Method.objects.count(),
            "activities": Activity.objects.count(),
            "join-ups": JoinUp.objects.count(),
            "users": User.objects.count(),
        }
        return self.result

    # --- Organisations, places and the shared lists ----------------------------------------

    def build_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for key, name, short_name, kind, on_board, website in data.ORGANISATIONS:
            organisations[key] = self._get_or_create(
                "organisations",
                Organisation.everything,
                name=name,
                defaults={"short_name": short_name, "kind": kind, "on_board": on_board, "website": website},
            )
        return organisations

    def build_areas(self) -> dict[str, Area]:
        borough = self._get_or_create(
            "areas", Area.everything, name=data.BOROUGH, parent=None, defaults={"kind": Area.Kind.BOROUGH}
        )
        areas = {"borough": borough}
        for locality_name, ward_names in data.LOCALITIES.items():
            locality = self._get_or_create(
                "areas",
                Area.everything,
                name=locality_name,
                parent=borough,
                defaults={"kind": Area.Kind.LOCALITY},
            )
            areas[f"locality:{locality_name}"] = locality
            for ward_name in ward_names:
                areas[f"ward:{ward_name}"] = self._get_or_create(
                    "areas", Area.everything, name=ward_name, parent=locality, defaults={"kind": Area.Kind.WARD}
                )
        return areas

    def build_list(self, model, rows, label: str, with_category: bool = False) -> dict:
        items = {}
        for row in rows:
            if with_category:
                key, name, category, description = row
                defaults = {"category": category, "description": description}
            else:
                key, name, description = row
                defaults = {"description": description}
            items[key] = self._get_or_create(label, model.everything, name=name, defaults=defaults)
        return items

    # --- People --------------------------------------------------------------------------

    def build_users(self) -> dict[str, User]:
        users = {}
        for username, first_name, last_name, organisation_key, role, job_title in data.USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{first_name}.{last_name}@example.org".lower(),
                },
            )
            if created:
                user.set_password(data.PASSWORD)
                user.save(update_fields=["password"])
                self.result.created["users"] += 1
            organisation = self.organisations[organisation_key]
            self._get_or_create(
                "memberships",
                Membership.objects,
                user=user,
                organisation=organisation,
                defaults={"role": role, "job_title": job_title},
            )
            users[username] = user
            self.result.users.append((username, Membership.Role(role).label, organisation.name))
        return users

    def creator_for(self, organisation_key: str) -> User:
        """The demo officer of the lead organisation, or else the coordinator."""
        for username, _first, _last, key, role, _title in data.USERS:
            if key == organisation_key and role == Membership.Role.OFFICER:
                return self.users[username]
        return self.users["coordinator"]

    # --- Activities ----------------------------------------------------------------------

    def build_activities(self) -> dict[tuple[str, str], Activity]:
        specs = data.all_activities()
        existing = {
            (activity.lead_organisation_id, activity.title): activity
            for activity in Activity.everything.filter(title__in=[spec["title"] for spec in specs])
        }
        activities = {}
        for spec in specs:
            lead = self.organisations[spec["lead"]]
            activity = existing.get((lead.pk, spec["title"]))
            if activity is None:
                activity = self.create_activity(spec, lead)
                self.result.created["activities"] += 1
            activities[(spec["lead"], spec["title"])] = activity
        return activities

    def create_activity(self, spec: dict, lead: Organisation) -> Activity:
        start = self.today + timedelta(days=days_from_today(spec["start"]))
        end = start + timedelta(days=spec["days"])
        status = spec.get("status") or status_for(start, end, self.today)
        if spec.get("contact") == "childrens_services":
            contact_name, contact_email, contact_phone = data.CHILDRENS_SERVICES
        else:
            contact_name, contact_email, contact_phone = data.CONTACTS[spec["lead"]]
        finished = status not in (Status.PLANNED, Status.CANCELLED)
        actual = spec.get("actual") if finished else None
        creator = self.creator_for(spec["lead"])
        ways = ways_for(spec)
        activity = Activity(
            title=spec["title"],
            summary=spec["summary"],
            purpose=spec["purpose"],
            lead_organisation=lead,
            type=spec["type"],
            level=spec["level"],
            start_date=start,
            end_date=end,
            status=status,
            participants_target=spec.get("target"),
            participants_actual=actual,
            cost=Decimal(spec["cost"]) if spec.get("cost") is not None else None,
            statutory_duty=spec.get("statutory_duty", False),
            how_to_take_part=ways.pop("how_to_take_part", spec.get("how", "")),
            **ways,
            is_public=spec.get("is_public", True),
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            notes=spec.get("notes", ""),
        )
        activity._history_user = creator
        groups = [self.groups[key] for key in spec["groups"]]
        save_activity(
            activity=activity,
            relations={
                "partner_organisations": [self.organisations[key] for key in spec.get("partners", [])],
                "methods": [self.methods[key] for key in spec["methods"]],
                "groups": groups,
                "areas": [self.areas[key] for key in spec["areas"]],
                "priorities": [self.priorities[key] for key in spec["priorities"]],
            },
            user=creator,
            # Some of the demo's public texts miss the plain-English target, as real ones do: kept with a reason.
            publish_anyway=dict.fromkeys(PLAIN_FIELDS, "The lead organisation's own wording"),
        )
        if actual and status not in (Status.OPEN,):
            for group, count in counts_by_group(actual, groups):
                ParticipantCount.objects.create(activity=activity, group=group, count=count)
        return activity

    # --- Join-ups ------------------------------------------------------------------------

    def build_joinups(self) -> None:
        for spec in data.JOINUPS:
            first = self.activities[spec["from"]]
            second = self.activities[spec["to"]]
            if JoinUp.objects.filter(from_activity__in=[first, second], to_activity__in=[first, second]).exists():
                continue
            joinup = JoinUp(
                from_activity=first,
                to_activity=second,
                status=spec["status"],
                message=spec["message"],
                proposed_by=self.users[spec["proposed_by"]],
            )
            if spec.get("responded_by"):
                joinup.responded_by = self.users[spec["responded_by"]]
                joinup.response_note = spec.get("response_note", "")
                joinup.responded_at = timezone.now()
            joinup._history_user = joinup.proposed_by
            joinup.save()
            self.result.created["join-ups"] += 1


def load_demo(today: date | None = None) -> DemoResult:
    return DemoBuilder(today).build()
