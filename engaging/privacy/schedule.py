"""The retention schedule: each kind of personal data the hub keeps, why, for how long by default, and what
happens when its time is up. The "Your data" page is written from this table and the days as they stand.

A coordinator may change the days of any kind (stored in core's RetentionPeriod, so lower apps read the same
days); the defaults below, and the reasons for them, are what the hub starts with.
"""

from dataclasses import dataclass

from engaging.core import retention
from engaging.core.models import RetentionPeriod
from engaging.questionnaires.models import HEAR_BACK_DAYS, HEAR_BACK_KIND

MIN_DAYS = 1
MAX_DAYS = 20 * 366  # twenty years: longer than any record here needs


@dataclass(frozen=True)
class Kind:
    key: str
    name: str  # as a heading: "Contact details given to hear back"
    what: str  # what is kept, for anyone
    why: str  # why it is kept, for anyone
    counted_from: str  # "after …": the moment the days are counted from
    then: str  # what happens when the time is up, for anyone
    default_days: int
    why_default: str  # why the default is what it is, for the coordinator changing it


KINDS: tuple[Kind, ...] = (
    Kind(
        key=HEAR_BACK_KIND,
        name="Contact details given to hear back",
        what="The name, email address or phone number a resident gives when they ask to hear what happened to a "
        "questionnaire they answered. They are never linked to their answers.",
        why="To tell them what the questionnaire found and what was done about it.",
        counted_from="after the date we said we would report back (or 90 days after the questionnaire closed)",
        then="Deleted.",
        default_days=HEAR_BACK_DAYS,
        why_default="A month after results are due gives time to send them and answer any reply. Residents are "
        "told the date on the page they see after answering.",
    ),
    Kind(
        key="bookings",
        name="Training bookings",
        what="The name, email address and access needs of each person who books a training session or event, "
        "and anything they wrote in feedback on it.",
        why="To run the session: confirm the place, send reminders, meet access needs, and give certificates.",
        counted_from="after the session ends",
        then="The name, email address, access needs and feedback comments are removed. The booking itself stays, "
        "without them, so places taken and people trained by organisation and role still count in reports.",
        default_days=365,
        why_default="A year covers certificates asked for late and the annual report on training.",
    ),
    Kind(
        key="feedback",
        name="Participant feedback comments",
        what="Comments written in the anonymous feedback form after an activity, and copies of them sorted into "
        "themes.",
        why="To learn how an activity went and what to change.",
        counted_from="after the comment was given",
        then="The comment's words are removed. The ratings stay, since they name nobody.",
        default_days=730,
        why_default="Two years covers the activity's evaluation and the next year's Local Account. Comments can "
        "mention people even on an anonymous form.",
    ),
    Kind(
        key="stories",
        name="Residents' stories",
        what="A resident's story in their own words, how they chose to be named, and who gave consent.",
        why="So the board hears residents directly, with their consent, and, where they agreed, the public too.",
        counted_from="after consent was given",
        then="The story's words and the teller's details are erased, including every earlier version. What stays "
        "is that a story was heard, its title, and when. A teller can withdraw consent at any time: their story is "
        "erased the same way at once.",
        default_days=3 * 365,
        why_default="Three years covers a board's cycle of meetings and reports. Consent is for a purpose, not "
        "for ever.",
    ),
    Kind(
        key="equality",
        name="Equality answers",
        what="Optional answers about age, sex, ethnic group, disability, religion, sexual orientation and caring, "
        "given with activity feedback or a questionnaire. They are kept apart from everything else anyone says.",
        why="To check that the partnership hears from everyone, as the public sector equality duty asks. They "
        "are only ever shown as counts, with small numbers hidden.",
        counted_from="after the activity ends or the questionnaire closes",
        then="Deleted. Counts already published in reports stay as they were printed.",
        default_days=3 * 365,
        why_default="Three years lets reach be compared year on year in equality reports.",
    ),
    Kind(
        key="api-tokens",
        name="API tokens",
        what="Tokens that partners' systems use to read and write through the API, with when each was last used.",
        why="So only the systems a partner set up can use the API in their name.",
        counted_from="after the token was last used (or revoked, or made, if never used)",
        then="Deleted. Its owner can make a new one.",
        default_days=365,
        why_default="A token unused for a year is more likely forgotten than needed, and a risk if it leaks.",
    ),
    Kind(
        key="sign-ins",
        name="Sign-in records",
        what="Attempts to sign in (the name typed, the internet address and browser) and expired sign-in sessions.",
        why="To stop people guessing passwords, and to look into a break-in.",
        counted_from="after the attempt",
        then="Deleted. Expired sessions are deleted every day whatever this says.",
        default_days=90,
        why_default="Three months is long enough to notice and look into misuse of an account.",
    ),
    Kind(
        key="history",
        name="Change history",
        what="Earlier versions of records (activities, findings, stories and more), each with who made the "
        "change and when.",
        why="So anyone can see who changed what, and a mistake can be put right.",
        counted_from="after the change",
        then="Deleted, except the latest version of each record that still exists.",
        default_days=6 * 365,
        why_default="Six years matches how long public bodies usually keep records of decisions.",
    ),
    Kind(
        key="views",
        name="Records of who viewed stories and equality answers",
        what="Who in the partnership opened a resident's story or a page of equality answers, and when.",
        why="So coordinators can check that only people who need to read them do.",
        counted_from="after the page was viewed",
        then="Deleted.",
        default_days=2 * 365,
        why_default="Two years covers a complaint or an audit about who read what.",
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Period:
    kind: Kind
    days: int
    changed: bool  # a coordinator set it (else the default)

    @property
    def plain(self) -> str:
        return plain_days(self.days)


def periods() -> list[Period]:
    """Every kind with the days it is kept for now, in the schedule's order (one query)."""
    chosen = retention.all_set()
    return [Period(kind, chosen.get(kind.key, kind.default_days), kind.key in chosen) for kind in KINDS]


def days_now() -> dict[str, int]:
    return {period.kind.key: period.days for period in periods()}


def set_days(*, days: dict[str, int], user) -> list[str]:
    """Change the days of the kinds given; returns the keys whose days changed (each change kept in history)."""
    current = days_now()
    changed = []
    for key, value in days.items():
        if key not in BY_KEY:
            raise KeyError(key)
        if current[key] == value:
            continue
        period = RetentionPeriod.objects.filter(kind=key).first() or RetentionPeriod(kind=key)
        period.days, period.changed_by = value, user
        period.save()
        changed.append(key)
    return changed


def plain_days(days: int) -> str:
    """ "3 years", "18 months", "90 days": the days as a person would say them, exact where they are not round."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    if days % 30 == 0 and days < 365 * 2 and days >= 60:
        months = days // 30
        return f"{months} months"
    if days % 7 == 0 and days < 70:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days:,} day{'s' if days != 1 else ''}"
