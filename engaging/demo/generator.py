"""Realistic data at scale, for benchmarks: one borough, a region or the whole country.

The shape follows what a real hub would hold: ten years of activities with seasons (busy in spring
and autumn, quiet in August and at Christmas), a few large organisations and many small ones,
popular and rare groups, areas as a tree, statuses in proportion to age, and findings written from
a large vocabulary so that search behaves as it would with real words. Each borough has its board,
with meetings every other month, screened agenda items and their actions, residents' stories with
consent, and a Local Account for each recent year. The same seed and anchor date always give the
same data.

Rows are written in bulk (see bulk.py): COPY on PostgreSQL, executemany on SQLite, with primary keys
chosen here so that links can be written without reading anything back. The search index of
findings is built once at the end rather than row by row.
"""

from __future__ import annotations

import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from engaging.accounts.models import Membership, Organisation, User
from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction
from engaging.demo import data, generator_board, generator_insight, generator_new, generator_voice, vocabulary
from engaging.demo.bulk import (
    Sink,
    Weighted,
    checks_and_indexes_built_afterwards,
    next_id,
    reset_sequences,
    tables_of,
    zipf,
)
from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.insight import search_index
from engaging.insight.models import Finding, FindingUse, Theme
from engaging.lists.models import Area, Group, Method, Priority
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Activity, EngagementLevel, EngagementType, JoinUp, ParticipantCount, Status
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent, Story


@dataclass(frozen=True)
class Scale:
    boards: int
    organisations: int
    activities: int
    findings: int
    responses: int
    feedback: int
    stories: int
    localities_per_board: int = 5
    wards_per_locality: int = 6


SCALES = {
    "tiny": Scale(
        boards=1, organisations=12, activities=300, findings=3_000, responses=1_200, feedback=6_000, stories=30
    ),
    "borough": Scale(
        boards=1, organisations=40, activities=5_000, findings=50_000, responses=20_000, feedback=100_000, stories=300
    ),
    "region": Scale(
        boards=5,
        organisations=200,
        activities=25_000,
        findings=250_000,
        responses=100_000,
        feedback=500_000,
        stories=1_500,
    ),
    "national": Scale(
        boards=150,
        organisations=6_000,
        activities=200_000,
        findings=2_000_000,
        responses=800_000,
        feedback=4_000_000,
        stories=45_000,
    ),
}

YEARS = 10
# Relative number of activities starting in each month, January first: busy spring and autumn.
SEASON = [0.9, 1.0, 1.2, 1.1, 1.1, 1.0, 0.8, 0.45, 1.1, 1.3, 1.2, 0.6]
BENCH_PASSWORD = "engage-bench"
# Every table the generator writes to, for resetting PostgreSQL's sequences afterwards.
WRITTEN = [
    Area, Organisation, User, Membership, Activity, ParticipantCount, JoinUp, Finding, FindingUse, Response,
    ParticipantFeedback, FeedbackLink, EqualityMonitoring, LoopClosure, Evaluation, Board, Meeting, AgendaItem,
    Screening, ScreeningAction, Story, Consent, LocalAccount, *generator_new.WRITTEN,
]  # fmt: skip


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


@contextmanager
def search_index_built_afterwards(log=print):
    """On SQLite, index findings once after the load instead of through a trigger for every row.

    The triggers that keep the FTS5 table in step are dropped for the load; afterwards they are put
    back and the whole index rebuilt from the findings table, even if the load fails. PostgreSQL's
    GIN index is one of the plain indexes handled by the bulk load itself.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        for name in search_index.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        started = timezone.now()
        search_index.install(connection)  # the triggers, and a 'rebuild' of the FTS5 table
        log(f"search index built in {(timezone.now() - started).total_seconds():.1f} s")


class Generator:
    midnight = staticmethod(midnight)
    month_index = staticmethod(month_index)
    years = YEARS

    def __init__(self, scale: Scale, *, seed: int = 1, anchor: date | None = None, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.anchor = anchor or date.today()
        self.log = log
        self.now = timezone.now()

    # --- Shared lists -----------------------------------------------------------------------

    def _named(self, model, names, extra: dict | None = None) -> list[int]:
        ids = []
        for name in names:
            obj, _ = model.everything.get_or_create(name=name, defaults=extra or {})
            ids.append(obj.pk)
        return ids

    def build_lists(self) -> None:
        self.priority_ids = self._named(Priority, [spec[1] for spec in data.PRIORITIES])
        self.method_ids = self._named(Method, [spec[1] for spec in data.METHODS])
        self.group_ids = []
        for _key, name, category, *_ in data.GROUPS:
            obj, _ = Group.everything.get_or_create(name=name, defaults={"category": category})
            self.group_ids.append(obj.pk)
        self.theme_ids = self._named(Theme, vocabulary.THEMES)
        shuffled = self.group_ids[:]
        self.rng.shuffle(shuffled)
        self.groups = Weighted(shuffled, zipf(len(shuffled), 0.9))  # popular and rare groups
        self.themes = Weighted(self.theme_ids, zipf(len(self.theme_ids), 0.7))
        self.methods = Weighted(self.method_ids, zipf(len(self.method_ids), 0.8))

    # --- Areas: boroughs, each with localities and wards ------------------------------------

    def build_areas(self) -> None:
        step = Area.PATH_STEP
        first = next_id(Area)
        sink = Sink(Area, ["id", "name", "kind", "parent_id", "code", "path", "created_at", "updated_at"])
        self.boroughs: list[dict] = []
        pk = first
        used_names: set[str] = set()
        for b in range(self.scale.boards):
            name = vocabulary.place_name(self.rng, used_names) + " borough"
            borough_id, borough_path = pk, str(pk).zfill(step)
            sink.add((pk, name, "borough", None, f"B{b:05d}", borough_path, self.now, self.now))
            pk += 1
            localities, wards, ward_names = [], [], []
            for _ in range(self.scale.localities_per_board):
                locality_id, locality_path = pk, borough_path + str(pk).zfill(step)
                sink.add(
                    (pk, vocabulary.place_name(self.rng, used_names), "locality", borough_id, "", locality_path,
                     self.now, self.now)
                )  # fmt: skip
                pk += 1
                localities.append(locality_id)
                for _ in range(self.scale.wards_per_locality):
                    ward_path = locality_path + str(pk).zfill(step)
                    ward_name = vocabulary.place_name(self.rng, used_names)
                    sink.add((pk, ward_name, "ward", locality_id, "", ward_path, self.now, self.now))
                    wards.append(pk)
                    ward_names.append(ward_name)
                    pk += 1
            self.boroughs.append(
                {"index": b, "id": borough_id, "name": name, "localities": localities, "wards": wards,
                 "ward_names": ward_names}
            )  # fmt: skip
        sink.flush()
        self.log(f"  areas: {sink.count:,}")

    # --- Organisations and the people who work in them --------------------------------------

    def build_organisations(self) -> None:
        kinds = Weighted(
            [k for k, _ in Organisation.Kind.choices],
            [3, 1, 2, 1, 6, 1, 0.3, 5, 12],
        )
        first = next_id(Organisation)
        sink = Sink(
            Organisation,
            ["id", "name", "short_name", "kind", "on_board", "website", "created_at", "updated_at"],
        )
        self.organisations = []
        self.organisations_in: dict[int, list[dict]] = defaultdict(list)  # by borough index
        for n in range(self.scale.organisations):
            borough = self.boroughs[n % len(self.boroughs)]
            kind = kinds.one(self.rng)
            name = f"{vocabulary.organisation_name(self.rng, kind)} {n + 1}"
            on_board = n < 7 * self.scale.boards  # the largest seven of each borough sit on its board
            sink.add((first + n, name, "", kind, on_board, "", self.now, self.now))
            organisation = {"id": first + n, "borough": borough, "on_board": on_board}
            self.organisations.append(organisation)
            self.organisations_in[borough["index"]].append(organisation)
        sink.flush()
        # A few large organisations and many small ones.
        self.leads = Weighted(self.organisations, zipf(len(self.organisations), 1.05))
        self.log(f"  organisations: {sink.count:,}")

    def build_users(self) -> None:
        """People to sign in as for benchmarks, and an officer at every organisation."""
        big = self.organisations[0]["id"]
        for username, role, organisation_id in [
            ("bench-coordinator", Membership.Role.COORDINATOR, big),
            ("bench-board-member", Membership.Role.BOARD_MEMBER, big),
            ("bench-officer", Membership.Role.OFFICER, big),
        ]:
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            if created:
                user.set_password(BENCH_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, organisation_id=organisation_id, defaults={"role": role})
        # One password hash for them all: hashing is slow on purpose, and these accounts are for benchmarks.
        password = make_password(BENCH_PASSWORD)
        users = Sink(User, ["id", "username", "password", "first_name", "last_name", "email", "date_joined"])
        memberships = Sink(Membership, ["id", "user_id", "organisation_id", "role", "created_at", "updated_at"])
        first_user, first_membership = next_id(User), next_id(Membership)
        self.officer_of: dict[int, int] = {}
        for n, organisation in enumerate(self.organisations):
            pk = first_user + n
            first_name, last_name = vocabulary.person(self.rng)
            users.add((pk, f"officer-{organisation['id']}", password, first_name, last_name,
                       f"officer-{organisation['id']}@example.org", self.now))  # fmt: skip
            memberships.add((first_membership + n, pk, organisation["id"], Membership.Role.OFFICER, self.now, self.now))
            self.officer_of[organisation["id"]] = pk
        users.flush()
        memberships.flush()
        self.log(f"  officers: {users.count:,}")

    # --- Activities ------------------------------------------------------------------------

    def _start_date(self) -> date:
        days = YEARS * 365
        while True:
            day = self.anchor - timedelta(days=days) + timedelta(days=int(self.rng.random() * (days + 180)))
            if self.rng.random() * 1.3 < SEASON[day.month - 1]:
                return day

    def _status(self, start: date, end: date) -> str:
        if self.rng.random() < 0.03:
            return Status.CANCELLED
        if start > self.anchor:
            return Status.PLANNED
        if end >= self.anchor:
            return Status.OPEN
        age = (self.anchor - end).days
        if age <= 30:
            return Status.CLOSED
        if age <= 120:
            return self.rng.choice([Status.CLOSED, Status.REPORTED, Status.FED_BACK])
        return Weighted([Status.REPORTED, Status.FED_BACK, Status.EVALUATED, Status.CLOSED], [2, 3, 4, 1]).one(self.rng)

    def _areas_for(self, borough: dict) -> list[int]:
        roll = self.rng.random()
        if roll < 0.15:
            return [borough["id"]]
        if roll < 0.5:
            return self.rng.sample(borough["localities"], k=min(len(borough["localities"]), self.rng.randint(1, 2)))
        return self.rng.sample(borough["wards"], k=min(len(borough["wards"]), self.rng.randint(1, 3)))

    def build_activities(self) -> None:
        columns = [
            "id", "title", "summary", "purpose", "lead_organisation_id", "type", "level", "start_date", "end_date",
            "status", "closed_on", "participants_target", "participants_actual", "cost", "statutory_duty",
            "how_to_take_part", "is_public", "contact_name", "contact_email", "contact_phone", "notes",
            "created_by_id", "created_at", "updated_at", "archived_at",
        ]  # fmt: skip
        sink = Sink(Activity, columns)
        through = {name: Sink(getattr(Activity, name).through, ["activity_id", f"{field}_id"])
                   for name, field in [("groups", "group"), ("areas", "area"), ("priorities", "priority"),
                                       ("methods", "method"), ("partner_organisations", "organisation")]}  # fmt: skip
        counts = Sink(ParticipantCount, ["activity_id", "group_id", "count"])
        types = Weighted(EngagementType.values, [2, 4, 3, 3, 1, 1.5])
        levels = Weighted(EngagementLevel.values, [2, 5, 3, 1.5, 0.7])
        durations = Weighted([0, 1, 6, 13, 27, 55, 89], [40, 8, 12, 12, 12, 10, 6])
        finished = {Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED}
        first = next_id(Activity)
        rng = self.rng
        self.activities = []
        # Activities by borough and month they start, for linking agenda items and join-ups to them.
        self.activities_by_month: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        # Registered in the order they start, as a hub records them over the years: the database then
        # holds each period's activities together, as a real one does, rather than scattered at random.
        starts = sorted(self._start_date() for _ in range(self.scale.activities))
        for n in range(self.scale.activities):
            pk = first + n
            lead = self.leads.one(rng)
            start = starts[n]
            end = start + timedelta(days=durations.one(rng))
            status = self._status(start, end)
            closed_on = end + timedelta(days=rng.randint(0, 10)) if status in finished else None
            if closed_on and closed_on > self.anchor:
                closed_on = self.anchor
            target = rng.choice([None, 20, 30, 40, 60, 100, 250, 500, 1000])
            actual = None
            if target and status not in {Status.PLANNED, Status.CANCELLED}:
                actual = max(0, int(target * rng.uniform(0.3, 1.4)))
            method_ids = self.methods.some(rng, rng.randint(1, 3))
            group_ids = self.groups.some(rng, rng.randint(1, 4))
            borough = lead["borough"]
            area_ids = self._areas_for(borough)
            priority_ids = rng.sample(self.priority_ids, k=rng.randint(1, 2))
            title = vocabulary.activity_title(rng, start.year)
            summary = vocabulary.sentence(rng, 2)
            created = midnight(start - timedelta(days=30))
            sink.add((
                pk, title, summary, vocabulary.purpose(rng), lead["id"], types.one(rng),
                levels.one(rng), start, end, status, closed_on, target, actual,
                round(rng.uniform(0, 5000), 2) if rng.random() < 0.7 else None,
                rng.random() < 0.15, "Drop in, or fill in the form online.", rng.random() < 0.85,
                "Alex Example", "alex@example.org", "", "", None, created, created, None,
            ))  # fmt: skip
            for group_id in group_ids:
                through["groups"].add((pk, group_id))
            for area_id in area_ids:
                through["areas"].add((pk, area_id))
            for priority_id in priority_ids:
                through["priorities"].add((pk, priority_id))
            for method_id in method_ids:
                through["methods"].add((pk, method_id))
            if rng.random() < 0.2:  # run with partners from the same borough
                neighbours = self.organisations_in[borough["index"]]
                partners = {rng.choice(neighbours)["id"] for _ in range(rng.randint(1, 2))} - {lead["id"]}
                for partner_id in sorted(partners):
                    through["partner_organisations"].add((pk, partner_id))
            if actual:  # how many of those who took part came from each target group
                for group_id in group_ids:
                    share = int(actual * rng.uniform(0.1, 0.6))
                    if share:
                        counts.add((pk, group_id, share))
            activity = (pk, status, end, closed_on, group_ids, area_ids, priority_ids, lead["id"], start,
                        borough["index"], method_ids)  # fmt: skip
            self.activities.append(activity)
            self.activities_by_month[(borough["index"], month_index(start))].append(activity)
        sink.flush()
        for s in (*through.values(), counts):
            s.flush()
        self.log(f"  activities: {sink.count:,}; participant counts: {counts.count:,}")

    def build_joinups(self) -> None:
        """Proposals to join up between activities of different organisations in one borough and month."""
        sink = Sink(JoinUp, [
            "from_activity_id", "to_activity_id", "status", "message", "proposed_by_id", "responded_by_id",
            "response_note", "responded_at", "created_at", "updated_at",
        ])  # fmt: skip
        pairs: set[tuple[int, int]] = set()
        rng = self.rng
        for activity in self.activities:
            if activity[1] == Status.CANCELLED or rng.random() > 0.05:
                continue
            neighbours = self.activities_by_month[(activity[9], month_index(activity[8]))]
            other = neighbours[rng.randrange(len(neighbours))]
            if other[7] == activity[7] or other[1] == Status.CANCELLED or not set(other[4]) & set(activity[4]):
                continue
            if (activity[0], other[0]) in pairs or (other[0], activity[0]) in pairs:
                continue
            pairs.add((activity[0], other[0]))
            proposed = midnight(min(activity[8], other[8]) - timedelta(days=rng.randint(7, 40)))
            if activity[8] > self.anchor:
                status, responded = JoinUp.Status.PROPOSED, None
            else:
                status = JoinUp.Status.AGREED if rng.random() < 0.7 else JoinUp.Status.DECLINED
                responded = proposed + timedelta(days=rng.randint(1, 14))
            sink.add((activity[0], other[0], status, "We are asking the same people: shall we work together?",
                      self.officer_of.get(activity[7]), self.officer_of.get(other[7]) if responded else None,
                      "" if status != JoinUp.Status.DECLINED else "Our timetable is already fixed.",
                      responded, proposed, responded or proposed))  # fmt: skip
        sink.flush()
        self.log(f"  join-ups: {sink.count:,}")

    def run(self) -> None:
        steps = [
            ("lists", self.build_lists),
            ("areas", self.build_areas),
            ("organisations", self.build_organisations),
            ("users", self.build_users),
            ("activities", self.build_activities),
            ("join-ups", self.build_joinups),
            ("findings", lambda: generator_insight.build_findings(self)),
            ("responses", lambda: generator_insight.build_responses(self)),
            ("feedback", lambda: generator_insight.build_feedback(self)),
            ("evaluations and loop closures", lambda: generator_insight.build_evaluations_and_closures(self)),
            ("boards", lambda: generator_board.build_boards(self)),
            ("screenings", lambda: generator_board.build_screenings(self)),
            ("stories", lambda: generator_voice.build_stories(self)),
            ("local accounts", lambda: generator_voice.build_local_accounts(self)),
            ("easy read", lambda: generator_voice.build_easy_read(self)),
            ("surveys", lambda: generator_new.build_surveys(self)),
            ("practices", lambda: generator_new.build_practices(self)),
            ("training", lambda: generator_new.build_training(self)),
            ("questionnaires", lambda: generator_new.build_questionnaires(self)),
            ("comments", lambda: generator_new.build_comments(self)),
        ]
        started_all = timezone.now()
        tables = tables_of(WRITTEN)
        with search_index_built_afterwards(self.log), checks_and_indexes_built_afterwards(tables, log=self.log):
            for label, step in steps:
                started = timezone.now()
                with transaction.atomic():
                    step()
                seconds = (timezone.now() - started).total_seconds()
                self.log(f"{label} done in {seconds:.1f} s")
        reset_sequences(WRITTEN)
        # Both databases plan from statistics: without them SQLite takes an index on archived_at, where
        # nearly every row is NULL, for a selective one, and reads whole tables to find a page's rows.
        started = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.log(f"statistics gathered in {(timezone.now() - started).total_seconds():.1f} s")
        self.log(f"all done in {(timezone.now() - started_all).total_seconds():.1f} s")


def generate(scale_name: str, *, seed: int = 1, anchor: date | None = None, log=print) -> None:
    Generator(SCALES[scale_name], seed=seed, anchor=anchor, log=log).run()
