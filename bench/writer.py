"""The writer of the mixed workload: one realistic write a second through the hub's own addresses, in a
process of its own, while readers load a page.

It takes turns: an officer edits one of their organisation's activities (PATCH /api/v1/activities/<id>),
an officer adds a finding heard at one (POST /api/v1/findings), and a resident gives feedback on a
finished activity through its short link's form (POST /f/<code>/). It prints what it did as JSON: the
writes, the errors (any answer but the one expected), and each kind's latency.

    python bench/writer.py PLAN_JSON   (run by bench/benchmark.py; PLAN_JSON from plan())
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

KINDS = ("activity edited", "finding added", "feedback given")


def plan(base: str, officer_cookie: str, csrf: str, feedback_codes_wanted: int = 20) -> dict:
    """What the writer needs from the database (run inside Django): an officer's activities, open feedback links."""
    from django.contrib.auth import get_user_model

    from bench import records
    from engaging.evaluation.models import FeedbackLink
    from engaging.register.models import Activity, Status

    officer = get_user_model().objects.get(username=records.OFFICER)
    organisation = officer.memberships.order_by("pk").values_list("organisation_id", flat=True).first()
    own = Activity.objects.filter(lead_organisation_id=organisation, archived_at__isnull=True)
    codes = FeedbackLink.objects.filter(is_open=True, activity__is_public=True, activity__archived_at__isnull=True)
    codes = codes.exclude(activity__status__in=[Status.PLANNED, Status.CANCELLED]).order_by("pk")
    return {
        "base": base,
        "cookie": officer_cookie,
        "csrf": csrf,
        "activities": list(own.order_by("pk").values_list("pk", flat=True)[:20]),
        "codes": list(codes.values_list("code", flat=True)[:feedback_codes_wanted]),
        "today": date.today().isoformat(),
    }


def _send(url: str, *, method: str, body: bytes, headers: dict) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers, method=method), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def write(kind: str, n: int, plan: dict) -> tuple[int, int]:
    """Make the n-th write of `kind`; its status, and the status that means it worked."""
    base, csrf = plan["base"], plan["csrf"]
    json_headers = {"Cookie": plan["cookie"], "X-CSRFToken": csrf, "Content-Type": "application/json"}
    if kind == "activity edited":
        pk = plan["activities"][n % len(plan["activities"])]
        body = json.dumps({"notes": f"Checked the bookings with the venue, round {n}."}).encode()
        return _send(f"{base}/api/v1/activities/{pk}", method="PATCH", body=body, headers=json_headers), 200
    if kind == "finding added":
        pk = plan["activities"][n % len(plan["activities"])]
        body = json.dumps({
            "activity": pk, "statement": "People said the bus to the clinic does not run early enough.",
            "heard_on": plan["today"], "is_public": False,
        }).encode()  # fmt: skip
        return _send(f"{base}/api/v1/findings", method="POST", body=body, headers=json_headers), 201
    code = plan["codes"][n % len(plan["codes"])]
    form = {
        "listened_to": 4, "easy_to_take_part": 5, "know_what_happens_next": 3,
        "comment": "The venue was easy to reach.", "csrfmiddlewaretoken": csrf,
    }  # fmt: skip
    headers = {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(f"{base}/f/{code}/", urlencode(form).encode(), headers, method="POST")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, 302
    except urllib.error.HTTPError as error:
        return error.code, 302


def run(plan: dict, seconds: float, start_at: int = 0) -> dict:
    """Write once a second for `seconds` (or until told to stop), taking turns between the kinds."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    done = {kind: [] for kind in KINDS}
    errors = []
    started = time.monotonic()
    n = start_at
    while not stopping and time.monotonic() - started < seconds:
        tick = time.monotonic()
        kind = KINDS[n % len(KINDS)]
        if kind != "feedback given" or plan["codes"]:
            status, expected = write(kind, n // len(KINDS), plan)
            taken = (time.monotonic() - tick) * 1000
            done[kind].append(taken)
            if status != expected:
                errors.append(f"{kind}: answered {status}, expected {expected}")
        n += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    return {
        "writes": sum(len(taken) for taken in done.values()),
        "errors": errors,
        "next": n,
        "ms": {kind: round(sorted(taken)[len(taken) // 2], 1) for kind, taken in done.items() if taken},
    }


class Writer:
    """The writer in a process of its own, for the length of one measurement."""

    def __init__(self, plan: dict, seconds: float, start_at: int):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__)), json.dumps(plan), str(seconds), str(start_at)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def finish(self) -> dict:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=60)
        return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))), flush=True)
