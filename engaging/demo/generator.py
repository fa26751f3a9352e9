"""Realistic data at scale, for benchmarks: one borough, a region or the whole country.

The shape follows what a real hub would hold: ten years of activities with seasons (busy in spring
and autumn, quiet in August and at Christmas), a few large organisations and many small ones,
popular and rare groups, areas as a tree, statuses in proportion to age, and findings written from
a large vocabulary so that search behaves as it would with real words. The same seed and anchor
date always give the same data.

Rows are written in bulk: COPY on PostgreSQL, executemany on SQLite, with primary keys chosen
here so that links can be written without reading anything back.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from engaging.accounts.models import Membership, Organisation, User
from engaging.demo import data, vocabulary
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.insight.models import Finding, Theme
from engaging.lists.models import Area, Group, Method, Priority
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Activity, EngagementLevel, EngagementType, Status


@dataclass(frozen=True)
class Scale:
    boards: int
    organisations: int
    activities: int
    findings: int
    responses: int
    feedback: int
    localities_per_board: int = 5
    wards_per_locality: int = 6


SCALES = {
    "tiny": Scale(boards=1, organisations=12, activities=300, findings=3_000, responses=1_200, feedback=6_000),
    "borough": Scale(boards=1, organisations=40, activities=5_000, findings=50_000, responses=20_000, feedback=100_000),
    "region": Scale(
        boards=5, organisations=200, activities=25_000, findings=250_000, responses=100_000, feedback=500_000
    ),
    "national": Scale(
        boards=150,
        organisations=6_000,
        activities=200_000,
        findings=2_000_000,
        responses=800_000,
        feedback=4_000_000,
    ),
}

BATCH = 20_000
YEARS = 10
# Relative number of activities starting in each month, January first: busy spring and autumn.
SEASON = [0.9, 1.0, 1.2, 1.1, 1.1, 1.0, 0.8, 0.45, 1.1, 1.3, 1.2, 0.6]
BENCH_PASSWORD = "engage-bench"


class Sink:
    """Writes rows to one table as fast as the database allows."""

    def __init__(self, model, columns: Sequence[str]):
        self.table = model._meta.db_table
        self.columns = list(columns)
        # Columns the caller does not fill get their field's default, so new fields never break this.
        self.extra: tuple = ()
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f.column in self.columns or f.attname in self.columns or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now.date() if f.get_internal_type() == "DateField" else now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField", "URLField"}:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} needs a value in the generator")
            self.columns.append(f.column)
            self.extra += (value,)
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.extra if self.extra else row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} ({quoted}) VALUES ({marks})", self.rows
                )
        self.count += len(self.rows)
        self.rows = []


def next_id(model) -> int:
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models: Iterable) -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Weighted:
    """Draws from a list with fixed weights, quickly, many times."""

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def one(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def some(self, rng: random.Random, count: int) -> list:
        chosen: list = []
        for _ in range(count * 4):
            item = self.one(rng)
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == count:
                    break
        return chosen


def zipf(count: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Generator:
    def __init__(self, scale: Scale, *, seed: int = 1, anchor: date | None = None, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.anchor = anchor or date.today()
        self.log = log
        self.now = timezone.now()

    # --- Shared lists -----------------------------------------------------------------------

    def _named(self, model, names: Sequence[str], extra: dict | None = None) -> list[int]:
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
            localities, wards = [], []
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
                    sink.add(
                        (pk, vocabulary.place_name(self.rng, used_names), "ward", locality_id, "", ward_path,
                         self.now, self.now)
                    )  # fmt: skip
                    wards.append(pk)
                    pk += 1
            self.boroughs.append({"id": borough_id, "localities": localities, "wards": wards})
        sink.flush()
        self.log(f"  areas: {sink.count:,}")

    # --- Organisations and the people who benchmark them ------------------------------------

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
        for n in range(self.scale.organisations):
            borough = self.boroughs[n % len(self.boroughs)]
            kind = kinds.one(self.rng)
            name = f"{vocabulary.organisation_name(self.rng, kind)} {n + 1}"
            sink.add((first + n, name, "", kind, n < 7 * self.scale.boards, "", self.now, self.now))
            self.organisations.append({"id": first + n, "borough": borough})
        sink.flush()
        # A few large organisations and many small ones.
        self.leads = Weighted(self.organisations, zipf(len(self.organisations), 1.05))
        self.log(f"  organisations: {sink.count:,}")

    def build_users(self) -> None:
        """A coordinator and a board member to sign in as, and an officer at the busiest organisation."""
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
                                       ("methods", "method")]}  # fmt: skip
        types = Weighted(EngagementType.values, [2, 4, 3, 3, 1, 1.5])
        levels = Weighted(EngagementLevel.values, [2, 5, 3, 1.5, 0.7])
        durations = Weighted([0, 1, 6, 13, 27, 55, 89], [40, 8, 12, 12, 12, 10, 6])
        first = next_id(Activity)
        self.activities = []
        for n in range(self.scale.activities):
            pk = first + n
            lead = self.leads.one(self.rng)
            start = self._start_date()
            end = start + timedelta(days=durations.one(self.rng))
            status = self._status(start, end)
            closed_on = end + timedelta(days=self.rng.randint(0, 10)) if status in {
                Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED} else None  # fmt: skip
            if closed_on and closed_on > self.anchor:
                closed_on = self.anchor
            target = self.rng.choice([None, 20, 30, 40, 60, 100, 250, 500, 1000])
            actual = None
            if target and status not in {Status.PLANNED, Status.CANCELLED}:
                actual = max(0, int(target * self.rng.uniform(0.3, 1.4)))
            method_ids = self.methods.some(self.rng, self.rng.randint(1, 3))
            group_ids = self.groups.some(self.rng, self.rng.randint(1, 4))
            area_ids = self._areas_for(lead["borough"])
            priority_ids = self.rng.sample(self.priority_ids, k=self.rng.randint(1, 2))
            title = vocabulary.activity_title(self.rng, self.method_ids.index(method_ids[0]))
            summary = vocabulary.sentence(self.rng, 2)
            created = datetime.combine(start - timedelta(days=30), datetime.min.time(), tzinfo=UTC)
            sink.add((
                pk, title, summary, vocabulary.purpose(self.rng), lead["id"], types.one(self.rng),
                levels.one(self.rng), start, end, status, closed_on, target, actual,
                round(self.rng.uniform(0, 5000), 2) if self.rng.random() < 0.7 else None,
                self.rng.random() < 0.15, "Drop in, or fill in the form online.", self.rng.random() < 0.85,
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
            self.activities.append((pk, status, end, closed_on, group_ids, area_ids, priority_ids, lead["id"]))
        sink.flush()
        for s in through.values():
            s.flush()
        self.log(f"  activities: {sink.count:,}")

    # --- What people said, what was done, and how it felt ----------------------------------

    def build_findings(self) -> None:
        finished = [a for a in self.activities if a[1] not in {Status.PLANNED, Status.CANCELLED}]
        weights = Weighted(finished, [1 + (hash(a[0]) % 7) for a in finished])  # some activities hear far more
        sink = Sink(Finding, [
            "id", "activity_id", "statement", "kind", "people_count", "representativeness", "heard_on", "review_by",
            "is_public", "superseded_by_id", "created_by_id", "created_at", "updated_at", "archived_at",
        ])  # fmt: skip
        through = {
            "themes": Sink(Finding.themes.through, ["finding_id", "theme_id"]),
            "groups": Sink(Finding.groups.through, ["finding_id", "group_id"]),
            "areas": Sink(Finding.areas.through, ["finding_id", "area_id"]),
            "priorities": Sink(Finding.priorities.through, ["finding_id", "priority_id"]),
        }
        representativeness = Weighted(Finding.Representativeness.values, [2, 5, 3, 1, 1])
        first = next_id(Finding)
        self.findings_by_activity: dict[int, list[int]] = {}
        for n in range(self.scale.findings):
            pk = first + n
            activity_id, _status, end, _closed, group_ids, area_ids, priority_ids, _lead = weights.one(self.rng)
            heard = end + timedelta(days=self.rng.randint(0, 20))
            review = heard + timedelta(days=730)
            created = datetime.combine(heard, datetime.min.time(), tzinfo=UTC)
            sink.add((
                pk, activity_id, vocabulary.finding(self.rng), self.rng.choice(["quote", "summary"]),
                self.rng.randint(1, 60), representativeness.one(self.rng), heard, review,
                self.rng.random() < 0.9, None, None, created, created, None,
            ))  # fmt: skip
            for theme_id in self.themes.some(self.rng, self.rng.randint(1, 3)):
                through["themes"].add((pk, theme_id))
            for group_id in group_ids[: self.rng.randint(1, len(group_ids))]:
                through["groups"].add((pk, group_id))
            for area_id in area_ids:
                through["areas"].add((pk, area_id))
            for priority_id in priority_ids[:1]:
                through["priorities"].add((pk, priority_id))
            self.findings_by_activity.setdefault(activity_id, []).append(pk)
        sink.flush()
        for s in through.values():
            s.flush()
        self.log(f"  findings: {sink.count:,}")

    def build_responses(self) -> None:
        lead_of = {a[0]: a[7] for a in self.activities}
        heard = [(activity_id, ids) for activity_id, ids in self.findings_by_activity.items()]
        if not heard:
            return
        sink = Sink(Response, [
            "id", "action", "organisation_id", "decision_reference", "status", "reason", "decided_on", "due_on",
            "completed_on", "outcome", "is_public", "created_by_id", "created_at", "updated_at", "archived_at",
        ])  # fmt: skip
        links = Sink(Response.findings.through, ["response_id", "finding_id"])
        statuses = Weighted(Response.Status.values, [2, 2, 2, 5, 1])
        first = next_id(Response)
        for n in range(self.scale.responses):
            pk = first + n
            activity_id, finding_ids = heard[self.rng.randrange(len(heard))]
            status = statuses.one(self.rng)
            decided = self.anchor - timedelta(days=self.rng.randint(0, YEARS * 365))
            updated = datetime.combine(decided, datetime.min.time(), tzinfo=UTC)
            sink.add((
                pk, vocabulary.response(self.rng), lead_of[activity_id], f"Board meeting {decided:%B %Y}", status,
                "The budget for this has been cut." if status == "not_possible" else "", decided,
                decided + timedelta(days=90), decided + timedelta(days=60) if status == "done" else None,
                "", self.rng.random() < 0.9, None, updated, updated, None,
            ))  # fmt: skip
            for finding_id in self.rng.sample(finding_ids, k=min(len(finding_ids), self.rng.randint(1, 3))):
                links.add((pk, finding_id))
        sink.flush()
        links.flush()
        self.log(f"  responses: {sink.count:,}")

    def build_feedback_and_closures(self) -> None:
        finished = [a for a in self.activities if a[3] is not None]
        if not finished:
            return
        sink = Sink(ParticipantFeedback, [
            "id", "activity_id", "listened_to", "easy_to_take_part", "know_what_happens_next", "comment", "given_on",
        ])  # fmt: skip
        first = next_id(ParticipantFeedback)
        mood = {a[0]: self.rng.uniform(2.4, 4.6) for a in finished}
        gauss = self.rng.gauss

        def rating(centre: float) -> int:
            return min(5, max(1, round(gauss(centre, 0.9))))

        for n in range(self.scale.feedback):
            activity = finished[self.rng.randrange(len(finished))]
            centre = mood[activity[0]]
            sink.add((first + n, activity[0], rating(centre), rating(centre), rating(centre), "", activity[2]))
        sink.flush()
        closures = Sink(LoopClosure, [
            "id", "activity_id", "channel", "told_on", "people_reached", "summary", "created_by_id", "created_at",
            "updated_at",
        ])  # fmt: skip
        evaluations = Sink(Evaluation, [
            "id", "activity_id", "lessons", "what_worked", "what_did_not", "participants_involved",
            "how_participants_involved", "evaluated_on", "evaluated_by_id", "created_at", "updated_at",
        ])  # fmt: skip
        closure_id, evaluation_id = next_id(LoopClosure), next_id(Evaluation)
        for activity_id, status, _end, closed_on, *_ in finished:
            if self.rng.random() < 0.6:
                told = closed_on + timedelta(days=self.rng.randint(5, 140))
                if told <= self.anchor:
                    closures.add((closure_id, activity_id, "email", told, self.rng.randint(5, 300),
                                  "We wrote to everyone who took part.", None, self.now, self.now))  # fmt: skip
                    closure_id += 1
            if status == Status.EVALUATED:
                evaluations.add((evaluation_id, activity_id, "Evening sessions reached more working people.", "",
                                 "", self.rng.random() < 0.4, "", closed_on, None, self.now, self.now))  # fmt: skip
                evaluation_id += 1
        closures.flush()
        evaluations.flush()
        self.log(f"  participant feedback: {sink.count:,}; loop closures: {closures.count:,}")

    def run(self) -> None:
        steps = [
            ("lists", self.build_lists),
            ("areas", self.build_areas),
            ("organisations", self.build_organisations),
            ("users", self.build_users),
            ("activities", self.build_activities),
            ("findings", self.build_findings),
            ("responses", self.build_responses),
            ("feedback", self.build_feedback_and_closures),
        ]
        for label, step in steps:
            started = timezone.now()
            with transaction.atomic():
                step()
            seconds = (timezone.now() - started).total_seconds()
            self.log(f"{label} done in {seconds:.1f} s")
        reset_sequences([Area, Organisation, Activity, Finding, Response, ParticipantFeedback, LoopClosure,
                         Evaluation])  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def generate(scale_name: str, *, seed: int = 1, anchor: date | None = None, log=print) -> None:
    Generator(SCALES[scale_name], seed=seed, anchor=anchor, log=log).run()
