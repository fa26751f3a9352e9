"""The subject access ZIP, from the command and the page: a summary the person can read and the data as JSON."""

import io
import json
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from engaging.rights.export import FOR_YOU, SCHEMA, SCHEMA_VERSION
from engaging.rights.finding import KIND
from engaging.rights.models import DataRequest
from tests.rights.conftest import EMAIL, NAME


def read_zip(content: bytes) -> tuple[str, dict]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "summary.html"]
        return archive.read("summary.html").decode(), json.loads(archive.read("data.json"))


def test_the_command_writes_a_zip_with_a_readable_summary_and_the_data(person, tmp_path):
    output = tmp_path / "philippa.zip"
    out = io.StringIO()
    call_command("subject_access", "--email", EMAIL.upper(), "--output", str(output), stdout=out)
    summary, data = read_zip(output.read_bytes())

    assert data["schema"] == SCHEMA and data["schema_version"] == SCHEMA_VERSION
    kinds = data["kinds"]
    assert kinds["bookings"]["count"] == 2 and kinds["account"]["records"][0]["email"] == EMAIL.lower()
    booking = next(b for b in kinds["bookings"]["records"] if b["id"] == person.booking.pk)
    assert booking["access_needs"] == "Step-free access, please" and booking["changes"][0]["kind"] == "booked"
    assert kinds["changes"]["records"][0]["model"] == "register.activity"
    assert kinds["tokens"]["records"][0]["name"] == "Case system"
    assert kinds["viewing"]["records"][0]["kind"] == "voice.story"
    assert "Viewed story number" in summary
    # The secret, its hash and hint, and the password hash are never exported.
    text = json.dumps(data)
    assert person.token.key_hash not in text and person.token.hint not in text and "pbkdf2" not in text
    assert "password" not in kinds["account"]["records"][0]

    # The summary stands alone (no script, style sheet or image from elsewhere) and reads in words.
    assert not re.search(r"<(script|link|img)\b", summary) and "http" not in summary.split("</head>")[0]
    assert '<h2 id="bookings">Your training bookings</h2>' in summary
    assert "Step-free access, please" in summary
    assert re.search(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
        summary,
    )
    assert DataRequest.objects.get().via == DataRequest.Via.COMMAND
    assert "Request SAR-" in out.getvalue()


def test_the_command_lists_possible_matches_and_leaves_out_those_named(person, namesake, tmp_path):
    output = tmp_path / "by-name.zip"
    out = io.StringIO()
    call_command(
        "subject_access", "--name", NAME, "--output", str(output), "--leave-out", f"booking:{namesake.pk}", stdout=out
    )
    assert f"booking:{namesake.pk}" in out.getvalue() and "(left out)" in out.getvalue()
    _summary, data = read_zip(output.read_bytes())
    emails = {b["email"] for b in data["kinds"]["bookings"]["records"]}
    assert "other.philippa@example.net" not in emails and EMAIL in emails
    assert data["kinds"]["stories"]["records"][0]["consent"]["given_by"] == NAME


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "--email: Enter their email address or their full name"),
        (["--email", "not-an-email"], "--email: Enter an email address in the correct format"),
        (["--email", "nobody@example.org"], "The hub holds nothing under these details"),
        (["--email", EMAIL, "--received", "2100-01-01"], "--received: The date the request was received must be today"),
        (["--email", EMAIL, "--by", "nobody"], "--by: nobody has the username 'nobody'"),
        (["--name", NAME, "--leave-out", "booking:0"], "--leave-out: booking:0 is not one of the possible matches"),
    ],
)
def test_bad_input_to_the_command_is_explained_and_nothing_is_written(person, tmp_path, arguments, message):
    output = tmp_path / "out.zip"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("subject_access", *arguments, "--output", str(output))
    assert not output.exists() and DataRequest.objects.count() == 0


def test_the_summary_speaks_to_the_person_about_every_kind():
    assert set(FOR_YOU) == set(KIND)


def test_the_command_refuses_an_output_that_is_not_a_zip_in_a_folder_that_exists(person, tmp_path):
    with pytest.raises(CommandError, match="ending in .zip"):
        call_command("subject_access", "--email", EMAIL, "--output", str(tmp_path / "out.txt"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("subject_access", "--email", EMAIL, "--output", str(tmp_path / "missing" / "out.zip"))
