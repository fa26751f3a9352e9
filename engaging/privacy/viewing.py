"""What each kind of view record is, for the coordinators' page of who viewed what, and the changes to the same
record from its history (django-simple-history) where the record keeps one."""

from dataclasses import dataclass

from django.urls import reverse

from engaging.evaluation.models import Evaluation
from engaging.questionnaires.models import Questionnaire
from engaging.register.models import Activity
from engaging.voice.models import Consent, Story

STORY = "voice.story"
ACTIVITY_EQUALITY = "evaluation.activity"
WHAT_WORKS = "evaluation.what-works"
QUESTIONNAIRE_RESULTS = "questionnaires.results"

KIND_LABELS = {
    STORY: "A resident's story",
    ACTIVITY_EQUALITY: "Equality answers for an activity (its evaluation)",
    WHAT_WORKS: "Equality answers across activities (what works for whom)",
    QUESTIONNAIRE_RESULTS: "A questionnaire's results with its “about you” answers",
}


@dataclass(frozen=True)
class Viewed:
    label: str
    url: str | None


def describe(records) -> dict[tuple[str, str], Viewed]:
    """What each (kind, id) among these view records is, read with one query per kind: a story's title, an
    activity's or questionnaire's name. A story erased or deleted since shows its id only."""
    wanted: dict[str, set[int]] = {}
    for record in records:
        if record.object_id.isdigit():
            wanted.setdefault(record.kind, set()).add(int(record.object_id))
    found: dict[tuple[str, str], Viewed] = {}
    if wanted.get(STORY):
        for pk, title in Story.everything.filter(pk__in=wanted[STORY]).values_list("pk", "title"):
            found[(STORY, str(pk))] = Viewed(title, reverse("voice:story", args=[pk]))
    if wanted.get(ACTIVITY_EQUALITY):
        for pk, title in Activity.everything.filter(pk__in=wanted[ACTIVITY_EQUALITY]).values_list("pk", "title"):
            found[(ACTIVITY_EQUALITY, str(pk))] = Viewed(title, reverse("evaluation:activity", args=[pk]))
    if wanted.get(QUESTIONNAIRE_RESULTS):
        rows = Questionnaire.objects.filter(pk__in=wanted[QUESTIONNAIRE_RESULTS]).values_list("pk", "title")
        for pk, title in rows:
            found[(QUESTIONNAIRE_RESULTS, str(pk))] = Viewed(title, reverse("questionnaires:results", args=[pk]))
    return found


@dataclass(frozen=True)
class Change:
    when: object
    who: str
    what: str


CHANGE_WORDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
CHANGES_SHOWN = 20


def changes_to(kind: str, object_id: str) -> list[Change]:
    """Recent changes to the record viewed, newest first, from its history: for a story, the story and its
    consent; for an activity, its evaluation. Empty where the record keeps no history."""
    if not object_id.isdigit():
        return []
    pk = int(object_id)
    versions = []
    if kind == STORY:
        versions += [
            (v, "The story") for v in Story.history.filter(id=pk).select_related("history_user")[:CHANGES_SHOWN]
        ]
        consent = Consent.objects.filter(story_id=pk).values_list("pk", flat=True).first()
        if consent is not None:
            rows = Consent.history.filter(id=consent).select_related("history_user")[:CHANGES_SHOWN]
            versions += [(v, "Its consent") for v in rows]
    elif kind == ACTIVITY_EQUALITY:
        evaluation = Evaluation.objects.filter(activity_id=pk).values_list("pk", flat=True).first()
        if evaluation is not None:
            rows = Evaluation.history.filter(id=evaluation).select_related("history_user")[:CHANGES_SHOWN]
            versions += [(v, "Its evaluation") for v in rows]
    versions.sort(key=lambda pair: pair[0].history_date, reverse=True)
    return [
        Change(
            when=version.history_date,
            who=_name(version.history_user) if version.history_user_id else "no one signed in (an import or a task)",
            what=f"{subject}: {CHANGE_WORDS.get(version.history_type, 'Changed').lower()}",
        )
        for version, subject in versions[:CHANGES_SHOWN]
    ]


def _name(user) -> str:
    return user.get_full_name() or user.username
