"""When a record may be dated: one set of rules, used by every form, the API and spreadsheet imports.

The rules:
- every date falls between 1900 and 2199 (anything else is a typing mistake);
- an activity ends on or after the day it starts;
- what came of an activity (a finding heard at it, telling its participants what happened, its
  evaluation) cannot be dated before the activity started, nor in the future: it has happened;
- a finding is reviewed on or after the day it was heard;
- a response to findings is decided, expected and completed on or after the day the first of them was
  heard; it cannot be decided or completed in the future, nor expected or completed before it was decided.

Each function returns the problems as (field, message) pairs, messages in sentence case naming the
field; nothing is a problem when a date it needs is missing (saying a date is required is the form's job).
"""

from datetime import date

Problems = list[tuple[str, str]]

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def day(value: date) -> str:
    """A date as people write it: 3 March 2026."""
    return f"{value.day} {value:%B %Y}"


def out_of_range(value: date | None, field: str, name: str) -> Problems:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        return [(field, f"Enter {name} between 1900 and 2199")]
    return []


def activity_date_problems(*, start: date | None, end: date | None) -> Problems:
    """An activity ends on or after the day it starts."""
    problems = out_of_range(start, "start_date", "a start date") + out_of_range(end, "end_date", "an end date")
    if not problems and start and end and end < start:
        problems.append(("end_date", "The end date must be the same as or after the start date"))
    return problems


def after_activity_problems(
    value: date | None, *, field: str, name: str, activity_start: date | None, today: date | None = None
) -> Problems:
    """Something that came of an activity (`name` says what, such as "the date it was heard") happened on
    or after the day the activity started, and not after today."""
    problems = out_of_range(value, field, name)
    if problems or value is None:
        return problems
    if value > (today or date.today()):
        return [(field, f"{name[0].upper()}{name[1:]} cannot be in the future")]
    if activity_start is not None and value < activity_start:
        return [(field, f"{name[0].upper()}{name[1:]} cannot be before the activity started on {day(activity_start)}")]
    return []


def finding_date_problems(
    *, heard_on: date | None, review_by: date | None, activity_start: date | None, today: date | None = None
) -> Problems:
    """A finding is heard during or after its activity, not in the future, and reviewed on or after it was heard."""
    problems = after_activity_problems(
        heard_on, field="heard_on", name="the date it was heard", activity_start=activity_start, today=today
    )
    problems += out_of_range(review_by, "review_by", "the review date")
    if heard_on and review_by and review_by < heard_on and not problems:
        problems.append(("review_by", "The review date must be on or after the date it was heard"))
    return problems


def response_date_problems(
    *,
    decided_on: date | None,
    due_on: date | None,
    completed_on: date | None,
    first_heard: date | None,
    today: date | None = None,
) -> Problems:
    """A response comes after what it answers was heard; it is decided before it is expected or completed,
    and neither decided nor completed in the future."""
    today = today or date.today()
    names = {"decided_on": "the decision date", "due_on": "the expected date", "completed_on": "the completion date"}
    dates = {"decided_on": decided_on, "due_on": due_on, "completed_on": completed_on}
    problems: Problems = []
    for field, value in dates.items():
        problems += out_of_range(value, field, names[field].replace("the ", "a ", 1))
    if problems:
        return problems
    for field, value in dates.items():
        name = names[field][0].upper() + names[field][1:]
        if value is None:
            continue
        if field != "due_on" and value > today:
            problems.append((field, f"{name} cannot be in the future"))
        elif first_heard is not None and value < first_heard:
            problems.append((field, f"{name} cannot be before the finding it answers was heard on {day(first_heard)}"))
        elif field != "decided_on" and decided_on is not None and value < decided_on:
            problems.append((field, f"{name} cannot be before the decision date"))
    return problems
