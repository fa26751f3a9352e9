"""The iCalendar feeds' lines are escaped and folded as RFC 5545 says, and read back as they were written."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from engaging.register import ical


def test_text_escapes_what_separates_values():
    assert ical.text("a; b, c\\d\ne") == "a\\; b\\, c\\\\d\\ne"


def test_long_lines_are_folded_within_75_octets_and_never_inside_a_character_or_an_escape():
    line = "DESCRIPTION:" + ical.text("Caf\u00e9s, " * 40)
    folded = ical.fold(line)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert all(not piece.endswith("\\") for piece in folded.split("\r\n")[:-1])
    assert folded.replace("\r\n ", "") == line


def test_a_calendar_reads_back_as_it_was_written():
    organisation = ical.parameter('Health, Care; and "Wellbeing"')
    title = "Carers\u2019 caf\u00e9; Tuesdays, 10am \\ " + "long " * 30
    written = ical.calendar(
        ["VERSION:2.0", "PRODID:-//Hub//EN"],
        [[
            f"SUMMARY:{ical.text(title)}", f"DTSTART;VALUE=DATE:{ical.day(date(2026, 3, 1))}",
            f"DTSTAMP:{ical.utc(datetime(2026, 3, 1, 9, tzinfo=UTC))}", "UID:activity-1@hub.example.org",
            f"ORGANIZER;CN={organisation}:mailto:noreply@invalid",
        ]],
    )  # fmt: skip
    event = Calendar.from_ical(written).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == title and event["DTSTART"].dt == date(2026, 3, 1)
    assert event["ORGANIZER"].params["CN"] == "Health, Care; and Wellbeing"
