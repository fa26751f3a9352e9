"""iCalendar (RFC 5545) written directly: all-day events with a few text properties.

The icalendar package builds an object for every property and parameter and folds each line a character
at a time, which made a feed of two thousand events take most of a second. The events here need only
escaped text, dates, UTC times and folding, so they are written as lines.
"""

from datetime import UTC, date, datetime

LIMIT = 75  # octets in a line, not counting its line break


def text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parameter(value: str) -> str:
    """A parameter's value, quoted when it holds a separator; a double quote cannot be quoted, so it is dropped."""
    value = value.replace('"', "")
    return f'"{value}"' if any(mark in value for mark in ":;,") else value


def fold(line: str) -> str:
    """The line in pieces of at most 75 octets, each after the first starting with a space; never inside a
    character, nor between a backslash and the character it escapes."""
    data = line.encode()
    if len(data) <= LIMIT:
        return line
    pieces, start, room = [], 0, LIMIT
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte of a character
            end -= 1
        if end < len(data) and data[end - 1 : end] == b"\\" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end].decode())
        start, room = end, LIMIT - 1
    return "\r\n ".join(pieces)


def calendar(properties: list[str], events: list[list[str]]) -> bytes:
    """A calendar of its `properties` and `events`, each a list of unfolded content lines."""
    lines = ["BEGIN:VCALENDAR", *properties]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
