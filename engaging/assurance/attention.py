"""What needs the board's attention: the dashboard's figures that are off track, said in a sentence each.

Worked out from the same figures the dashboard's sections show (figures.py), so the headline and the
detail below it can never disagree, and it costs no query of its own.
"""

from dataclasses import dataclass

from engaging.assurance import links
from engaging.assurance.figures import Dashboard
from engaging.loop import closure


@dataclass(frozen=True)
class Attention:
    key: str  # what is off track, for tests and anchors
    figure: int
    text: str  # the sentence, starting with the figure
    names: list[str]  # the priorities or groups concerned, when the sentence names them
    url: str
    link_text: str


@dataclass(frozen=True)
class Checked:
    """Something the headline looked at and found on track, said so people know it was checked."""

    key: str
    text: str


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def needs_attention(board: Dashboard) -> tuple[list[Attention], list[Checked]]:
    """The off-track figures, most pressing first, and the checks that found nothing wrong."""
    scope = board.scope
    found: list[Attention] = []
    fine: list[Checked] = []

    flagged = board.flagged_priorities
    if flagged:
        found.append(
            Attention(
                "priorities",
                len(flagged),
                f"{_plural(len(flagged), 'priority has', 'priorities have')} had no engagement in the 12 months "
                f"to {_day(scope.end)} ({len(flagged)} of {len(board.coverage)})",
                [c.priority for c in flagged],
                "#coverage-heading",
                "See priority coverage",
            )
        )
    else:
        fine.append(Checked("priorities", "every priority has had engagement in the last 12 months"))

    reach = zip(board.seldom_heard.groups, board.seldom_heard.totals, strict=True)
    missed = [group.name for group, counted in reach if not counted.participants]
    if missed:
        found.append(
            Attention(
                "groups",
                len(missed),
                f"{_plural(len(missed), 'seldom-heard group', 'seldom-heard groups')} had nobody counted taking part "
                f"in the period ({len(missed)} of {len(board.seldom_heard.groups)})",
                missed,
                "#seldom-heading",
                "See seldom-heard groups reached",
            )
        )
    elif board.seldom_heard.groups:
        fine.append(Checked("groups", "people from every seldom-heard group took part"))

    by_organisation = [row.rate for row in board.loop if row.rate.organisation_id]
    overdue_feedback = sum(rate.overdue for rate in by_organisation)
    if overdue_feedback:
        weeks = closure.window().days // 7
        found.append(
            Attention(
                "feedback",
                overdue_feedback,
                f"{_plural(overdue_feedback, 'finished activity has', 'finished activities have')} not told "
                f"participants what happened, more than {weeks} weeks after closing",
                [],
                links.loop_activities(start=scope.start, end=scope.end, state=closure.OVERDUE),
                "See the activities with overdue feedback",
            )
        )
    else:
        fine.append(Checked("feedback", "no feedback to participants is overdue"))

    if board.overdue.count:
        oldest = board.overdue.listed[0].due_on if board.overdue.listed else None
        since = f", the oldest due on {_day(oldest)}" if oldest else ""
        found.append(
            Attention(
                "actions",
                board.overdue.count,
                f"{_plural(board.overdue.count, 'screening action is', 'screening actions are')} overdue{since}",
                [],
                "#actions-heading",
                "See the overdue actions and who owns them",
            )
        )
    else:
        fine.append(Checked("actions", "no screening action is overdue"))

    totals = [c for c in board.evaluation if c.organisation_id]
    finished = sum(c.finished for c in totals)
    not_evaluated = finished - sum(c.evaluated for c in totals)
    if not_evaluated:
        found.append(
            Attention(
                "evaluations",
                not_evaluated,
                f"{_plural(not_evaluated, 'finished activity has', 'finished activities have')} not been evaluated "
                f"({not_evaluated} of {finished} that closed in the period)",
                [],
                "#evaluation-heading",
                "See evaluation by organisation",
            )
        )
    elif finished:
        fine.append(Checked("evaluations", "every activity that finished in the period has been evaluated"))
    return found, fine
