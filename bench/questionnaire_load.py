"""1,000 residents answer one questionnaire in the same ten minutes, on SQLite under gunicorn: is any answer lost?

Runs on its own, against a fresh SQLite database of its own (never the default one):

    .venv/bin/python bench/questionnaire_load.py                      # 1,000 residents, 16 at a time
    .venv/bin/python bench/questionnaire_load.py --residents 200 --clients 8 --workers 2
    .venv/bin/python bench/questionnaire_load.py --api              # the same answers sent to the API

Each resident walks the page as a person would, from their own address (the hub runs as behind
its proxy, so each has its own X-Forwarded-For, and the rate limit counts each apart): opens the
questionnaire, sends the answers to be checked, and sends them. The ten minutes are compressed:
residents come as fast as the clients can walk, and the script says whether that pace is at least
the 1,000-in-ten-minutes pace. Afterwards it counts what the database holds against what the server
accepted: a response the server thanked for but did not keep is lost. Any 5xx (a "database is locked"
among them) is counted as a server error. The exit status is 1 if anything was lost or any error seen.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402  (the project's root is on the path first)

TEN_MINUTES = 600


class Server(load.Server):
    """The benchmark's gunicorn, given longer to load the hub on a busy machine (its first requests import it all)."""

    def __init__(self, env: dict, workers: int, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "engaging.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--timeout", "180", "--log-level", "warning"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OPTIONS = ["Every week", "Every month", "Less often"]
HELPS = ["Longer opening hours", "A quiet space", "Help with transport", "More activities"]
SAID = ["More buses in the evening.", "A warm place to meet.", "Staff who listen.", "Cheaper activities.", ""]


@dataclass
class Walk:
    """What happened to one resident."""

    thanked: bool = False
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0
    problem: str = ""


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_ENABLED": "false",
        "BEHIND_PROXY": "true",  # each resident is told apart by the address the proxy saw
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "engaging.settings",
    }


def prepare(env: dict) -> tuple[int, list[int]]:
    """A migrated database with a public, open activity and its questionnaire: its id and its questions' ids."""
    os.environ.update(env)
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from engaging.accounts.models import Organisation
    from engaging.questionnaires import services
    from engaging.register.models import Activity, EngagementLevel, EngagementType, Status

    organisation = Organisation.objects.create(name="Load test council", kind=Organisation.Kind.COUNCIL)
    activity = Activity.objects.create(
        title="Community centre consultation",
        summary="Tell us what would help.",
        purpose="Decides next year's changes.",
        lead_organisation=organisation,
        type=EngagementType.CONSULTATION,
        level=EngagementLevel.CONSULT,
        start_date=date.today() - timedelta(days=3),
        end_date=date.today() + timedelta(days=30),
        status=Status.OPEN,
        is_public=True,
    )
    questionnaire = services.create_questionnaire(
        activity=activity,
        user=None,
        title="Your community centre",
        introduction="What would help you most?",
        closes_on=date.today() + timedelta(days=30),
        questions=[
            {"kind": "single_choice", "text": "How often do you go?", "options": OPTIONS, "required": True},
            {"kind": "multiple_choice", "text": "What would help?", "options": HELPS},
            {"kind": "rating", "text": "How good is it now?", "options": []},
            {"kind": "text", "text": "Anything else?", "max_length": 500},
        ],
    )
    from django.db import connections

    connections.close_all()
    return questionnaire.pk, list(questionnaire.questions.order_by("position").values_list("pk", flat=True))


def answers_for(number: int, questions: list[int]) -> dict:
    rng = random.Random(number)
    one, many, rating, text = questions
    return {
        f"question_{one}": rng.choice(OPTIONS),
        f"question_{many}": rng.sample(HELPS, rng.randint(1, 3)),
        f"question_{rating}": str(rng.randint(1, 5)),
        f"question_{text}": rng.choice(SAID),
        "about-age_band": rng.choice(["16_24", "25_34", "65_74", ""]),
    }


def walk(base: str, questionnaire: int, questions: list[int], number: int) -> Walk:
    """One resident: open the questionnaire, check the answers, send them."""
    result = Walk()
    started = time.monotonic()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    headers = {"X-Forwarded-For": address}
    url = f"{base}/questionnaires/{questionnaire}/"

    def send(data: dict | None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, body, {**headers, "Referer": url})
        try:
            with opener.open(request, timeout=60) as response:
                result.statuses.append(response.status)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            result.statuses.append(error.code)
            return error.code, error.read().decode(errors="replace")

    try:
        status, page = send(None)
        token = TOKEN.search(page)
        if status != 200 or not token:
            result.problem = f"the questionnaire answered {status}"
            return result
        answers = {**answers_for(number, questions), "csrfmiddlewaretoken": token.group(1)}
        status, page = send({**answers, "step": "check"})
        if status != 200 or "Check your answers" not in page:
            result.problem = f"checking answered {status}"
            return result
        status, _ = send({**answers, "step": "send"})
        result.thanked = status == 302
        if not result.thanked:
            result.problem = f"sending answered {status}"
    except OSError as error:
        result.problem = f"connection: {error}"
    finally:
        result.seconds = time.monotonic() - started
    return result


def post_to_api(base: str, questionnaire: int, questions: list[int], number: int) -> Walk:
    """One resident's answers sent as a partner's website would: one anonymous POST to the API."""
    import json

    result = Walk()
    started = time.monotonic()
    given = answers_for(number, questions)
    body = {
        "answers": [{"question": q, "value": given[f"question_{q}"]} for q in questions],
        "about_you": {"age_band": given["about-age_band"] or None},
    }
    body["answers"][2]["value"] = int(body["answers"][2]["value"])
    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    request = urllib.request.Request(
        f"{base}/api/v1/questionnaires/{questionnaire}/responses",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "X-Forwarded-For": address},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            result.statuses.append(response.status)
    except urllib.error.HTTPError as error:
        result.statuses.append(error.code)
    except OSError as error:
        result.problem = f"connection: {error}"
    result.thanked = result.statuses == [201]
    if not result.thanked and not result.problem:
        result.problem = f"the API answered {result.statuses}"
    result.seconds = time.monotonic() - started
    return result


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """The thank-you redirect is the sign of success: read it, do not follow it."""

    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, request, response, code, message, headers):
        return response


def count_saved(database: Path, questionnaire: int) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        responses = connection.execute(
            "select count(*) from questionnaires_questionnaireresponse where questionnaire_id = ?", (questionnaire,)
        ).fetchone()[0]
        answered = connection.execute(
            "select count(distinct a.response_id) from questionnaires_answer a"
            " join questionnaires_questionnaireresponse r on a.response_id = r.id where r.questionnaire_id = ?",
            (questionnaire,),
        ).fetchone()[0]
    return responses, answered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16, help="residents answering at the same moment")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--api", action="store_true", help="send each resident's answers to the API instead")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="questionnaire-load-"))
    database = folder / "load.sqlite3"
    env = environment(database)
    questionnaire, questions = prepare(env)
    port = load.free_port()
    server = Server(env, args.workers, port)
    try:
        server.wait(300)
        started = time.monotonic()
        with ThreadPoolExecutor(args.clients) as pool:
            one = post_to_api if args.api else walk
            walks = list(pool.map(lambda n: one(server.base, questionnaire, questions, n), range(args.residents)))
        seconds = time.monotonic() - started
    finally:
        server.stop()
    saved, with_answers = count_saved(database, questionnaire)
    thanked = sum(w.thanked for w in walks)
    errors = sum(1 for w in walks for status in w.statuses if status >= 500)
    problems = [w.problem for w in walks if w.problem]
    times = sorted(w.seconds for w in walks)
    pace = args.residents / seconds
    needed = 1000 / TEN_MINUTES
    print(
        f"Residents: {args.residents}, {args.clients} at a time, against gunicorn with {args.workers} workers on SQLite"
    )
    print(f"Took {seconds:.1f} s: {pace:.1f} residents a second (1,000 in ten minutes is {needed:.2f} a second)")
    print(f"Thanked: {thanked}; saved in the database: {saved} (with answers: {with_answers})")
    print(f"Lost (thanked but not saved): {max(0, thanked - saved)}; saved without answers: {saved - with_answers}")
    print(f"Server errors (5xx): {errors}; residents who could not finish: {len(problems)}")
    for problem in sorted(set(problems))[:5]:
        print(f"  {problem}")
    requests = "1 request" if args.api else "3 requests"
    print(
        f"Each resident ({requests}): median {statistics.median(times) * 1000:.0f} ms, "
        f"95th percentile {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms"
    )
    print(f"The database is kept at {database}")
    ok = thanked == saved == with_answers == args.residents and errors == 0 and pace >= needed
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
