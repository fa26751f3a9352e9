"""Writes for "You said, we did": responses and loop closures, each checked by the same rules wherever it comes from.

The pages and the API both call these, so a response or a loop closure that breaks a rule is
refused the same way: a ValidationError naming each field that is wrong.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from engaging.core.dates import after_activity_problems, response_date_problems
from engaging.insight.models import Finding
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Activity

Problems = list[tuple[str, str]]

DATE_NAMES = {
    "decided_on": "decision date",
    "due_on": "expected date",
    "completed_on": "completion date",
}
NOT_POSSIBLE_NEEDS_REASON = "Explain why it is not possible"
CHOOSE_A_FINDING = "Choose at least one finding this responds to"


def response_problems(
    *,
    status: str,
    reason: str,
    decided_on: date | None,
    due_on: date | None,
    completed_on: date | None,
    first_heard: date | None = None,
    today: date | None = None,
) -> Problems:
    """What is wrong with a response's status and dates, field by field.

    The rules: "not possible" needs a reason; only a response that is done has a completion date; the
    dates follow the hub's rules for a response (engaging/core/dates.py), `first_heard` being the day
    the first of the findings it answers was heard.
    """
    problems = response_date_problems(
        decided_on=decided_on, due_on=due_on, completed_on=completed_on, first_heard=first_heard, today=today
    )
    if any(message.startswith("Enter") for _, message in problems):
        return problems
    if status == Response.Status.NOT_POSSIBLE and not (reason or "").strip():
        problems.insert(0, ("reason", NOT_POSSIBLE_NEEDS_REASON))
    if completed_on is not None and status != Response.Status.DONE:
        problems = [p for p in problems if p[0] != "completed_on"]
        problems.append(("completed_on", "Only give a completion date when the status is done"))
    return problems


def first_heard(findings) -> date | None:
    """The day the first of `findings` was heard: a response to them cannot be dated before it."""
    days = [f.heard_on for f in findings if f.heard_on]
    return min(days) if days else None


def live_findings(ids: Iterable[int]) -> tuple[list[Finding], set[int]]:
    """The live findings with these ids, and the ids with no live finding (missing or archived)."""
    wanted = set(ids)
    found = list(Finding.objects.filter(pk__in=wanted).select_related("activity"))
    return found, wanted - {finding.pk for finding in found}


def missing_findings_message(ids: set[int]) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:5])
    more = " and others" if len(ids) > 5 else ""
    if len(ids) == 1:
        return f"There is no finding numbered {shown}"
    return f"There are no findings numbered {shown}{more}"


def _refuse(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


@transaction.atomic
def save_response(*, response: Response, findings: list[Finding], user=None) -> Response:
    """Save a response and the findings it answers together, refusing one that breaks a rule."""
    problems = response_problems(
        status=response.status,
        reason=response.reason,
        decided_on=response.decided_on,
        due_on=response.due_on,
        completed_on=response.completed_on,
        first_heard=first_heard(findings),
    )
    if not findings:
        problems.append(("findings", CHOOSE_A_FINDING))
    else:
        # Findings may have been archived since they were chosen: check again, inside the transaction.
        _, gone = live_findings(f.pk for f in findings)
        if gone:
            problems.append(("findings", missing_findings_message(gone)))
    _refuse(problems)
    if response.pk is None and user is not None and user.is_authenticated:
        response.created_by = user
    response.full_clean(exclude=["created_by"])
    response.save()
    response.findings.set(findings)
    return response


@transaction.atomic
def archive_response(*, response: Response) -> Response:
    """Take a response out of sight, on the site and the public pages; a coordinator can restore it."""
    response.archive()
    return response


@transaction.atomic
def restore_response(*, response: Response) -> Response:
    response.restore()
    return response


def loop_closure_problems(*, activity: Activity, told_on: date | None, today: date | None = None) -> Problems:
    """What is wrong with the date people were told: it cannot be in the future, or before the activity started."""
    if told_on is None:
        return [("told_on", "Enter the date people were told")]
    return after_activity_problems(
        told_on, field="told_on", name="the date people were told", activity_start=activity.start_date, today=today
    )


@transaction.atomic
def record_loop_closure(*, closure: LoopClosure, user=None) -> LoopClosure:
    """Record how and when an activity's participants were told what happened."""
    _refuse(loop_closure_problems(activity=closure.activity, told_on=closure.told_on))
    if closure.pk is None and user is not None and user.is_authenticated:
        closure.created_by = user
    closure.full_clean(exclude=["created_by"])
    closure.save()
    return closure
