"""What the concurrent writers did, and which of the writes the hub said it made the database does not hold.

Every write carries a mark of its own (in a note, a statement, a comment, an answer, an email); afterwards the
database is searched for each one."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Write:
    kind: str
    mark: str
    client: int
    ok: bool = False
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0
    problem: str = ""
    activity: int | None = None  # the activity an edit changed


MARK = re.compile(r"cw[0-9a-f]+c\d+n\d+")


def marks_saved(run: str) -> dict[str, set[str]]:
    """The marks the database holds, by kind of write."""
    from engaging.evaluation.models import ParticipantFeedback
    from engaging.insight.models import Finding
    from engaging.learning.models import Booking
    from engaging.questionnaires.models import Answer
    from engaging.register.models import Activity

    prefix = f"cw{run}"

    def found(model, column: str, **where) -> set[str]:
        values = model._base_manager.filter(**{f"{column}__contains": prefix}, **where).values_list(column, flat=True)
        return {mark for value in values for mark in MARK.findall(value)}

    return {
        "activity notes": found(Activity, "notes"),
        "activity titles": found(Activity, "title"),
        "findings": found(Finding, "statement"),
        "feedback": found(ParticipantFeedback, "comment"),
        "answers": found(Answer, "text"),
        "bookings": found(Booking, "email"),
    }


def activity_notes(ids: set[int]) -> dict[int, str]:
    from engaging.register.models import Activity

    return dict(Activity._base_manager.filter(pk__in=ids).values_list("pk", "notes"))


def lost_writes(writes: list[Write], run: str) -> list[str]:
    """Every write the hub said it made that the database does not hold."""
    saved = marks_saved(run)
    where = {
        "finding added": "findings", "API finding added": "findings", "feedback given": "feedback",
        "questionnaire answered": "answers", "place booked": "bookings", "API activity created": "activity titles",
    }  # fmt: skip
    lost = [f"{w.kind} {w.mark}" for w in writes if w.ok and w.kind in where and w.mark not in saved[where[w.kind]]]
    # Edits: each activity is edited by one client, one edit after another, so its notes must be the last edit
    # the hub accepted, or a later one whose answer the client never had.
    edits: dict[int, list[Write]] = defaultdict(list)
    for write in writes:
        if write.activity is not None:
            edits[write.activity].append(write)
    notes = activity_notes(set(edits))
    for activity, done in edits.items():
        accepted = [i for i, w in enumerate(done) if w.ok]
        if not accepted:
            continue
        last = accepted[-1]
        allowed = {done[last].mark} | {w.mark for w in done[last + 1 :] if w.statuses and w.statuses[-1] in (0,)}
        now = set(MARK.findall(notes.get(activity, "")))
        if not now & allowed:
            lost.append(
                f"edit of activity {activity}: {done[last].mark} (the notes now say {sorted(now) or 'nothing'})"
            )
    return lost
