"""bench/concurrent_writes.py: forms are sent as a browser would send them, a write the hub said it made but the
database does not hold is counted as lost, and a short run on SQLite under gunicorn passes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import concurrent_writes
from bench.browsing import fill
from bench.lost_writes import Write, lost_writes
from tests.factories import ActivityFactory

ROOT = Path(__file__).resolve().parent.parent.parent

FORM = """
<form method="get"><input name="q" value="search"></form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="abc">
  <input type="hidden" name="version" value="7">
  <input name="title" value="Drop-in &amp; chat">
  <textarea name="notes">Old notes</textarea>
  <select name="type"><option value="">Choose</option><option value="survey" selected>Survey</option></select>
  <select name="level"><option value="inform">Inform</option><option value="consult">Consult</option></select>
  <input type="checkbox" name="groups" value="1" checked><input type="checkbox" name="groups" value="2">
  <input type="checkbox" name="groups" value="3" checked>
  <input type="radio" name="kind" value="need"><input type="radio" name="kind" value="idea">
  <input type="radio" name="representativeness" value="few"><input type="radio" name="representativeness" value="many" checked>
  <button type="submit" name="save">Save</button>
</form>
"""  # noqa: E501


def test_a_form_is_sent_as_it_stands_with_the_changes_made_and_each_radio_group_answered():
    assert fill(FORM, "notes", {"notes": "New notes"}) == {
        "csrfmiddlewaretoken": ["abc"],
        "version": ["7"],
        "title": ["Drop-in & chat"],
        "notes": ["New notes"],
        "type": ["survey"],
        "level": ["inform"],  # nothing selected: a browser sends the first option
        "groups": ["1", "3"],
        "kind": ["need"],
        "representativeness": ["many"],
    }


def test_a_page_without_the_form_is_an_error_not_a_guess():
    with pytest.raises(LookupError):
        fill(FORM, "statement", {})


@pytest.mark.django_db
def test_a_write_the_hub_said_it_made_but_the_database_lacks_is_lost():
    run = "abc123"
    mark = concurrent_writes.Client(1, {}, "", run).mark
    kept = ActivityFactory(notes=f"Checked ({mark(0)})", title=f"Drop-in {mark(1)}")
    other = ActivityFactory(notes=f"Checked ({mark(2)})")
    writes = [
        Write("activity edited", mark(0), 1, ok=True, statuses=[200, 302], activity=kept.pk),
        Write("API activity created", mark(1), 1, ok=True, statuses=[201]),
        Write("API finding added", mark(3), 1, ok=True, statuses=[201]),  # told it worked; not in the database
        Write("feedback given", mark(4), 1, ok=False, statuses=[500]),  # refused: not lost, counted as an error
        Write("API activity changed", mark(2), 1, ok=True, statuses=[200], activity=other.pk),
        Write("activity edited", mark(5), 1, ok=True, statuses=[200, 302], activity=other.pk),  # overwritten
    ]

    lost = lost_writes(writes, run)

    assert lost == [
        f"API finding added {mark(3)}",
        f"edit of activity {other.pk}: {mark(5)} (the notes now say ['{mark(2)}'])",
    ]


def test_a_short_run_on_sqlite_has_no_server_error_and_loses_nothing(tmp_path):
    """Two people for five seconds against gunicorn on the tiny scale (made once, then kept in bench/data), with two
    backups taken while they write."""
    command = [sys.executable, "bench/concurrent_writes.py", "--scale", "tiny", "--clients", "2", "--seconds", "5",
               "--workers", "2", "--port", "8116"]  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key not in ("TESTING", "DATABASE_URL")}
    # Its own static files, so collecting them cannot pull files from under the suite's other workers.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Server errors (5xx): 0; lost: 0; refused: 0" in done.stdout
    figures = json.loads((ROOT / "bench/results/concurrent-writes-sqlite-tiny.json").read_text())
    assert figures["writes"] > 0 and figures["server_errors"] == 0 and figures["lost"] == []
    # Backups taken meanwhile (manage.py backup's own work) are each sound, as a restore checks them.
    assert len(figures["backups"]) == 2 and all(backup["sound"] is True for backup in figures["backups"])
    made = {kind for kind, row in figures["kinds"].items() if row["writes"]}
    assert made & set(concurrent_writes.PAGE_KINDS) and made & set(concurrent_writes.API_KINDS)
