"""Eight people write at once for a minute, through pages and the API: does any get a server error, is anything lost?

    .venv/bin/python bench/concurrent_writes.py                          # SQLite, borough scale, 8 clients, 60 s
    .venv/bin/python bench/concurrent_writes.py --database postgres --seconds 120 --clients 16

Serves a copy of the benchmark's data (bench/database.py: made once by generate_data, copied for each run)
with gunicorn and 4 workers, as bench/run does. Each client is a person of their own and writes without
pause, taking turns between the hub's writes:

- through pages, as a browser would (the form is opened, filled as it stands and sent, with its CSRF token):
  an officer editing one of their activities, an officer adding a finding, a resident giving participant
  feedback through a short link, a resident answering a questionnaire (open, check, send), and someone
  booking a place on a training session;
- through the API with a token of the officer's own: creating an activity, changing one (PATCH), adding a
  finding.

Every write carries a mark of its own (in a note, a statement, a comment, an answer, a name). Each officer
edits only their own organisation's activities, so nothing they do is refused as someone else's newer
change. Afterwards the database is read: a write the hub said it had made (a redirect, 200 or 201) whose mark
is not there is lost, as is an edit that is no longer an activity's last word when it was its client's last.
Every answer of 500 or more is a server error ("database is locked" among them); any other refusal of a
write is counted too. Figures go to bench/results/concurrent-writes-<database>-<scale>.json; the exit status
is 1 when anything was lost, refused or answered with a server error.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database, load  # noqa: E402  (the project's root is on the path first)
from bench.benchmark import environment as bench_environment  # noqa: E402
from bench.browsing import fill, refusal, send  # noqa: E402
from bench.lost_writes import Write, lost_writes  # noqa: E402
from bench.questionnaire_load import Server  # noqa: E402

PAGE_KINDS = ("activity edited", "finding added", "feedback given", "questionnaire answered", "place booked")
API_KINDS = ("API activity created", "API activity changed", "API finding added")
KINDS = PAGE_KINDS + API_KINDS


@dataclass
class Client:
    number: int
    plan: dict
    base: str
    run: str
    writes: list[Write] = field(default_factory=list)

    def mark(self, n: int) -> str:
        return f"cw{self.run}c{self.number}n{n}"

    def work(self, stop: threading.Event) -> None:
        n = 0
        while not stop.is_set():
            kind = KINDS[(n + self.number) % len(KINDS)]
            write = Write(kind, self.mark(n), self.number)
            started = time.monotonic()
            try:
                getattr(self, "_" + kind.lower().replace(" ", "_"))(write, n)
            except Exception as error:  # a page that could not be read is the write's problem, not the run's
                write.problem = f"{type(error).__name__}: {error}"
            write.seconds = time.monotonic() - started
            if not write.ok and not write.problem:
                write.problem = f"answered {write.statuses}"
            self.writes.append(write)
            n += 1

    def warm_up(self) -> None:
        send(f"{self.base}/register/{self._own_activity(0)}/edit/", headers=self._officer())
        send(f"{self.base}/questionnaires/{self.plan['questionnaire']['id']}/", headers=self._resident(0))
        send(f"{self.base}/training/sessions/{self.plan['sessions'][0]}/", headers=self._resident(0))

    # Helpers
    def _officer(self, method: str = "GET") -> dict:
        headers = {"Cookie": self.plan["cookie"], "Referer": self.base + "/"}
        if method != "GET":
            headers["X-CSRFToken"] = self.plan["csrf"]
        return headers

    def _resident(self, n: int) -> dict:
        # Each resident from an address of their own, as behind the hub's proxy (rate limits count each apart).
        number = self.number * 1_000_000 + n
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        return {"X-Forwarded-For": address, "Cookie": f"csrftoken={self.plan['csrf']}", "Referer": self.base + "/"}

    def _api(self) -> dict:
        return {"Authorization": f"Bearer {self.plan['token']}", "Content-Type": "application/json"}

    def _form_write(self, write: Write, url: str, field_name: str, changes: dict, headers: dict) -> None:
        status, page = send(url, headers=headers)
        write.statuses.append(status)
        if status != 200:
            return
        values = fill(page, field_name, {**changes, "csrfmiddlewaretoken": self.plan["csrf"]})
        status, page = send(url, method="POST", data=values, headers=headers)
        write.statuses.append(status)
        write.ok = status == 302
        if status == 200:
            write.problem = f"refused: {refusal(page) or 'the form came back'}"

    def _own_activity(self, n: int) -> int:
        return self.plan["activities"][n % len(self.plan["activities"])]

    # Through pages
    def _activity_edited(self, write: Write, n: int) -> None:
        write.activity = self._own_activity(n)
        url = f"{self.base}/register/{write.activity}/edit/"
        self._form_write(write, url, "notes", {"notes": f"Checked with the venue ({write.mark})."}, self._officer())

    def _finding_added(self, write: Write, n: int) -> None:
        url = f"{self.base}/insight/activities/{self._own_activity(n)}/findings/new/"
        heard = date.fromisoformat(self.plan["today"]) - timedelta(days=1)
        changes = {
            "statement": f"People said the evening bus does not reach the clinic ({write.mark}).",
            "heard_on_0": heard.day, "heard_on_1": heard.month, "heard_on_2": heard.year,
            "heard_on-day": heard.day, "heard_on-month": heard.month, "heard_on-year": heard.year,
        }  # fmt: skip
        self._form_write(write, url, "statement", changes, self._officer())

    def _feedback_given(self, write: Write, n: int) -> None:
        code = self.plan["codes"][(n + self.number) % len(self.plan["codes"])]
        form = {
            "listened_to": 4, "easy_to_take_part": 5, "know_what_happens_next": 3,
            "comment": f"The venue was easy to reach ({write.mark}).", "csrfmiddlewaretoken": self.plan["csrf"],
        }  # fmt: skip
        status, page = send(f"{self.base}/f/{code}/", method="POST", data=form, headers=self._resident(n))
        write.statuses.append(status)
        write.ok = status == 302
        if status == 200:
            write.problem = f"refused: {refusal(page)}"

    def _questionnaire_answered(self, write: Write, n: int) -> None:
        questionnaire = self.plan["questionnaire"]
        url = f"{self.base}/questionnaires/{questionnaire['id']}/"
        headers = self._resident(n)
        status, page = send(url, headers=headers)
        write.statuses.append(status)
        if status != 200:
            return
        one, many, rating, text = questionnaire["questions"]
        answers = {
            f"question_{one}": "Every week", f"question_{many}": ["A quiet space", "More activities"],
            f"question_{rating}": "4", f"question_{text}": f"A warm place to meet ({write.mark}).",
            "csrfmiddlewaretoken": self.plan["csrf"],
        }  # fmt: skip
        status, page = send(url, method="POST", data={**answers, "step": "check"}, headers=headers)
        write.statuses.append(status)
        if status != 200 or "Check your answers" not in page:
            write.problem = f"checking answered {status} {refusal(page)}"
            return
        status, _ = send(url, method="POST", data={**answers, "step": "send"}, headers=headers)
        write.statuses.append(status)
        write.ok = status == 302

    def _place_booked(self, write: Write, n: int) -> None:
        session = self.plan["sessions"][(n + self.number) % len(self.plan["sessions"])]
        changes = {"name": f"Sam Booker {write.mark}", "email": f"{write.mark}@example.org", "access_needs": ""}
        self._form_write(write, f"{self.base}/training/sessions/{session}/", "email", changes, self._resident(n))

    # Through the API
    def _api_activity_created(self, write: Write, n: int) -> None:
        body = {
            "title": f"Drop-in about the new clinic {write.mark}",
            "summary": "Come and tell us what you need from the new clinic.",
            "purpose": "What we hear shapes the clinic's opening hours.",
            "lead_organisation": self.plan["organisation"], "type": self.plan["type"], "level": self.plan["level"],
            "start_date": (date.fromisoformat(self.plan["today"]) + timedelta(days=30)).isoformat(),
            "groups": self.plan["groups"], "areas": self.plan["areas"],
        }  # fmt: skip
        status, said = send(f"{self.base}/api/v1/activities", method="POST", data=body, headers=self._api())
        write.statuses.append(status)
        write.ok = status == 201
        if status in (400, 422):
            write.problem = f"refused: {said[:200]}"

    def _api_activity_changed(self, write: Write, n: int) -> None:
        write.activity = self._own_activity(n)
        body = {"notes": f"Checked the bookings with the venue ({write.mark})."}
        url = f"{self.base}/api/v1/activities/{write.activity}"
        status, said = send(url, method="PATCH", data=body, headers=self._api())
        write.statuses.append(status)
        write.ok = status == 200
        if status in (400, 409, 412, 422):
            write.problem = f"refused: {said[:200]}"

    def _api_finding_added(self, write: Write, n: int) -> None:
        body = {
            "activity": self._own_activity(n),
            "statement": f"People said the clinic's phone line is always busy ({write.mark}).",
            "heard_on": self.plan["today"], "is_public": False,
        }  # fmt: skip
        status, said = send(f"{self.base}/api/v1/findings", method="POST", data=body, headers=self._api())
        write.statuses.append(status)
        write.ok = status == 201
        if status in (400, 422):
            write.problem = f"refused: {said[:200]}"


# Inside Django: what the clients need, and what the database holds afterwards -------------------------------------


def plan(clients: int, csrf: str) -> list[dict]:
    """A plan for each client: an officer of an organisation of their own (a session and an API token), that
    organisation's activities, and what residents write to."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.test import Client as DjangoClient
    from django.utils import timezone

    from engaging.accounts.models import ApiToken, Membership
    from engaging.evaluation.models import FeedbackLink
    from engaging.learning.models import CourseSession
    from engaging.lists.models import Area, Group
    from engaging.register.models import Activity, EngagementLevel, EngagementType, Status

    live = Q(
        organisation__led_activities__archived_at__isnull=True,
        organisation__led_activities__is_public=False,
        organisation__led_activities__start_date__lte=date.today() - timedelta(days=2),
    )
    memberships = (
        Membership.objects.filter(role=Membership.Role.OFFICER, user__is_active=True)
        .annotate(n=Count("organisation__led_activities", filter=live))
        .filter(n__gte=3)
        .order_by("-n", "pk")
        .select_related("user", "organisation")
    )
    chosen, organisations = [], set()
    for membership in memberships:
        if membership.organisation_id not in organisations:
            organisations.add(membership.organisation_id)
            chosen.append(membership)
        if len(chosen) == clients:
            break
    if not chosen:
        raise SystemExit("No organisation has an officer and activities to write to.")
    codes = FeedbackLink.objects.filter(is_open=True, activity__is_public=True, activity__archived_at__isnull=True)
    codes = codes.exclude(activity__status__in=[Status.PLANNED, Status.CANCELLED]).order_by("pk")
    sessions = CourseSession.objects.public().upcoming().order_by("pk").values_list("pk", flat=True)[:10]
    questionnaire = _questionnaire()
    shared = {
        "csrf": csrf,
        "codes": list(codes.values_list("code", flat=True)[:20]),
        "sessions": list(sessions),
        "questionnaire": questionnaire,
        "today": date.today().isoformat(),
        "type": EngagementType.CONSULTATION.value,
        "level": EngagementLevel.CONSULT.value,
        "groups": list(Group.objects.order_by("pk").values_list("pk", flat=True)[:1]),
        "areas": list(Area.objects.order_by("pk").values_list("pk", flat=True)[:1]),
    }
    if not shared["codes"] or not shared["sessions"]:
        raise SystemExit("The data has no open feedback link or no upcoming public training session to write to.")
    plans = []
    for number in range(clients):
        # An organisation of their own when there are enough (borough scale and up); otherwise officers of the
        # same organisation share its activities out, so no two clients edit the same one.
        membership = chosen[number % len(chosen)]
        sharing = len(range(number % len(chosen), clients, len(chosen)))
        person = DjangoClient(HTTP_HOST="127.0.0.1")
        person.force_login(get_user_model().objects.get(pk=membership.user_id))
        session = person.cookies[settings.SESSION_COOKIE_NAME].value
        _, token = ApiToken.issue(user=membership.user, name="Concurrent writes benchmark")
        # Activities under way or done, whose findings may be dated yesterday; not public, so a change to one
        # is never refused for a public page's rules the generated data does not always meet.
        own = Activity.objects.filter(
            lead_organisation=membership.organisation, archived_at__isnull=True, is_public=False,
            start_date__lte=date.today() - timedelta(days=2),
        ).exclude(status=Status.CANCELLED)  # fmt: skip
        plans.append({
            **shared,
            "username": membership.user.username,
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "token": token,
            "organisation": membership.organisation_id,
            "activities": list(own.order_by("-pk").values_list("pk", flat=True)[: 10 * sharing])[
                number // len(chosen) :: sharing
            ],
            "started": timezone.now().isoformat(),
        })  # fmt: skip
    return plans


def _questionnaire() -> dict:
    """An open questionnaire on a public activity, with a question of each kind, for residents to answer."""
    from engaging.questionnaires import services
    from engaging.register.models import Activity, Status

    activity = Activity.objects.public().filter(status=Status.OPEN).order_by("pk").first()
    questionnaire = services.create_questionnaire(
        activity=activity,
        user=None,
        title="Your community centre",
        introduction="What would help you most?",
        closes_on=date.today() + timedelta(days=30),
        questions=[
            {"kind": "single_choice", "text": "How often do you go?", "options": ["Every week", "Less often"],
             "required": True},
            {"kind": "multiple_choice", "text": "What would help?", "options": ["A quiet space", "More activities"]},
            {"kind": "rating", "text": "How good is it now?", "options": []},
            {"kind": "text", "text": "Anything else?", "max_length": 500},
        ],
    )  # fmt: skip
    return {
        "id": questionnaire.pk,
        "questions": list(questionnaire.questions.order_by("position").values_list("pk", flat=True)),
    }


# The run --------------------------------------------------------------------------------------------------------


def take_backups(count: int, seconds: float) -> list[dict]:
    """`manage.py backup`'s own work, `count` times spread over the run while the clients write; each backup is then
    checked as a restore would check it (SQLite: its pages sound and the hub's migrations in it)."""
    import tempfile

    from engaging.core import backups

    folder = Path(tempfile.mkdtemp(prefix="concurrent-writes-backups-"))
    taken = []
    for n in range(count):
        time.sleep(seconds / (count + 1))
        path = folder / f"during-{n}.backup"
        summary = backups.backup(path)
        try:
            backups.restore(path, check_only=True)
            sound = True
        except backups.BackupError as error:
            sound = str(error)
        taken.append({"seconds": round(summary.seconds, 2), "megabytes": round(summary.bytes / 1024 / 1024, 1),
                      "rows": summary.rows, "sound": sound})  # fmt: skip
        path.unlink()
    return taken


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def summarise(writes: list[Write], seconds: float, lost: list[str]) -> dict:
    server_errors = [s for w in writes for s in w.statuses if s >= 500]
    refused = [f"{w.kind}: {w.problem}" for w in writes if not w.ok]
    by_kind = {}
    for kind in KINDS:
        these = [w for w in writes if w.kind == kind]
        by_kind[kind] = {
            "writes": sum(w.ok for w in these),
            "failed": sum(not w.ok for w in these),
            "p50_ms": round(percentile([w.seconds for w in these], 0.5) * 1000, 1),
            "p95_ms": round(percentile([w.seconds for w in these], 0.95) * 1000, 1),
        }
    done = [w.seconds for w in writes if w.ok]
    return {
        "writes": len(done),
        "writes_per_second": round(len(done) / seconds, 1) if seconds else 0.0,
        "requests": sum(len(w.statuses) for w in writes),
        "server_errors": len(server_errors),
        "lost": lost,
        "refused": len(refused),
        "refusals": sorted(set(refused))[:10],
        "p50_ms": round(statistics.median(done) * 1000, 1) if done else None,
        "p95_ms": round(percentile(done, 0.95) * 1000, 1) if done else None,
        "kinds": by_kind,
    }


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--scale", default="borough", choices=["tiny", "borough", "region", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=8, help="people writing at the same moment")
    parser.add_argument("--seconds", type=float, default=60, help="how long they write")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--fresh", action="store_true", help="generate the data again even if it exists")
    parser.add_argument("--backups", type=int, default=2, help="backups to take (and check) while the clients write")
    parser.add_argument("--port", type=int, help="serve the hub on this port (default: a free one from 8200)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    print(f"Preparing the {args.scale} scale on {args.database}…", flush=True)
    kept = database.database_url(args.database, args.scale)
    database.prepare(bench_environment(kept), args.database, args.scale, args.seed, args.fresh)
    env = {
        **bench_environment(database.copy_for_run(kept, args.database, args.scale)),
        "BEHIND_PROXY": "true",  # each resident is told apart by the address the proxy saw
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # booking confirmations go nowhere
    }
    database.manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from bench.measures import CSRF

    run = secrets.token_hex(3)
    plans = plan(args.clients, CSRF)
    connections.close_all()
    server = Server(env, args.workers, args.port or load.free_port())
    clients, taken = [], []
    try:
        server.wait(300)
        clients = [Client(number, plans[number], server.base, run) for number in range(args.clients)]
        for client in clients:  # each worker loads the pages' code before the clock starts
            client.warm_up()
        stop = threading.Event()
        threads = [threading.Thread(target=client.work, args=(stop,)) for client in clients]
        print(f"{args.clients} clients writing for {args.seconds:g} s against {server.base}…", flush=True)
        started = time.monotonic()
        for thread in threads:
            thread.start()
        taken = take_backups(args.backups, args.seconds)
        time.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
    finally:
        server.stop()
    writes = [write for client in clients for write in client.writes]
    figures = summarise(writes, seconds, lost_writes(writes, run))
    figures["backups"] = taken
    figures.update(
        database=args.database, scale=args.scale, clients=args.clients, seconds=round(seconds, 1),
        workers=args.workers, load_average=os.getloadavg(),
    )  # fmt: skip
    database.RESULTS.mkdir(parents=True, exist_ok=True)
    out = database.RESULTS / f"concurrent-writes-{args.database}-{args.scale}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(report(figures))
    print(f"Figures written to {out}")
    failed = figures["server_errors"] or figures["lost"] or figures["refused"] or not figures["writes"]
    failed = failed or any(backup["sound"] is not True for backup in taken)
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


def report(figures: dict) -> str:
    lines = [
        f"{figures['clients']} clients for {figures['seconds']} s on {figures['database']} ({figures['scale']}), "
        f"{figures['workers']} workers; load average {', '.join(f'{x:.2f}' for x in figures['load_average'])}",
        f"Writes made: {figures['writes']} ({figures['writes_per_second']} a second) "
        f"in {figures['requests']} requests; p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms a write",
        f"Server errors (5xx): {figures['server_errors']}; lost: {len(figures['lost'])}; refused: {figures['refused']}",
        "",
        f"{'write':<26}{'made':>7}{'failed':>8}{'p50 ms':>9}{'p95 ms':>9}",
    ]
    for kind, row in figures["kinds"].items():
        lines.append(f"{kind:<26}{row['writes']:>7}{row['failed']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}")
    for backup in figures["backups"]:
        sound = "sound" if backup["sound"] is True else f"NOT SOUND: {backup['sound']}"
        lines.append(f"A backup taken while they wrote: {backup['megabytes']} MB in {backup['seconds']} s, {sound}")
    for problem in figures["lost"][:10] + figures["refusals"]:
        lines.append(f"  {problem}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
