"""Every text the hub shows the public, and the checker's last word on each, kept current.

A kind of public text is a model, the fields of it that residents read, the rule for which of its
records are public, a title for one record and where a partner edits it. `score` checks one
record's public fields when their words have changed; `rescore_all` does every public text in
batches; the signal handlers at the end keep the scores current whenever a record is saved,
archived, deleted or stops being public.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import cache, cached_property, partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from engaging.plain.checker import KINDS as ISSUE_KINDS
from engaging.plain.checker import MEETS_TARGET, MUST_FIX, Glossary, Result, check, verdict_for
from engaging.plain.checking import live_glossary, live_names, target_reading_age
from engaging.plain.models import PublicTextScore
from engaging.plain.publishing import digest

logger = logging.getLogger(__name__)

TITLE_LENGTH = PublicTextScore._meta.get_field("title").max_length
SCORE_COLUMNS = [
    "title",
    "reading_age",
    "word_count",
    "issue_count",
    "issue_summary",
    "meets_target",
    "text_digest",
    "checked_at",
]


@dataclass(frozen=True)
class TextField:
    """One field of a kind that residents read."""

    key: str  # names it in addresses, such as ?kind=activity_summary
    name: str  # the model field
    label: str  # as people read it


@dataclass(frozen=True)
class TextKind:
    model: type[Model]
    fields: tuple[TextField, ...]
    public: Callable[[], QuerySet]  # the records residents may read
    title: Callable[[Model], str]
    edit_url: Callable[[int], str] | None = None  # from the record's id alone, with no query
    edit_urls_for: Callable[[list[int]], dict[int, str]] | None = None  # for kinds that need one query

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def edit_urls(self, ids: list[int]) -> dict[int, str]:
        """Where a partner edits each of these records, in at most one query for them all."""
        if self.edit_urls_for is not None:
            return self.edit_urls_for(ids)
        return {pk: self.edit_url(pk) for pk in ids} if self.edit_url else {}


@cache
def text_kinds() -> tuple[TextKind, ...]:
    """The registry: every kind of public text. Built on first use, once the apps are loaded."""
    from engaging.loop.models import LoopClosure, Response, public_feedback_activities
    from engaging.register.models import Activity
    from engaging.reports.models import LocalAccount
    from engaging.voice.models import Story

    def closure_urls(ids: list[int]) -> dict[int, str]:
        pairs = LoopClosure.objects.filter(pk__in=ids).values_list("pk", "activity_id")
        return {pk: reverse("register:detail", args=[activity_id]) + "#loop-told-heading" for pk, activity_id in pairs}

    return (
        TextKind(
            model=Activity,
            fields=(
                TextField("activity_summary", "summary", "Activity summary"),
                TextField("activity_how_to_take_part", "how_to_take_part", "Activity: how to take part"),
            ),
            # Public, live and not cancelled: finished activities stay on “You said, we did”.
            public=lambda: public_feedback_activities().only("title", "summary", "how_to_take_part"),
            title=lambda activity: activity.title,
            edit_url=lambda pk: reverse("register:edit", args=[pk]),
        ),
        TextKind(
            model=Response,
            fields=(
                TextField("response_action", "action", "You said, we did: what was done"),
                TextField("response_outcome", "outcome", "You said, we did: what changed"),
            ),
            public=lambda: Response.objects.public().only("action", "outcome"),
            title=str,
            edit_url=lambda pk: reverse("loop:response_edit", args=[pk]),
        ),
        TextKind(
            model=LoopClosure,
            fields=(TextField("closure_summary", "summary", "Telling participants: what they were told"),),
            public=lambda: (
                LoopClosure.objects.public()
                .select_related("activity")
                .only("summary", "channel", "told_on", "activity__title")
            ),
            title=lambda closure: f"{closure.activity.title}: {closure}",
            edit_urls_for=closure_urls,
        ),
        TextKind(
            model=Story,
            fields=(
                TextField("story_title", "title", "Resident's story: title"),
                TextField("story_text", "text", "Resident's story: the story"),
            ),
            # Scored as soon as the teller means it for the public, so a coordinator can check its words before
            # approving it; withdrawing consent (or choosing the board only) removes its scores.
            public=lambda: Story.objects.meant_for_public().only("title", "text"),
            title=lambda story: story.title,
            edit_url=lambda pk: reverse("voice:edit", args=[pk]),
        ),
        TextKind(
            model=LocalAccount,
            fields=(
                TextField("local_account_introduction", "introduction", "Local Account: introduction"),
                TextField("local_account_what_we_learned", "what_we_learned", "Local Account: what we learned"),
                TextField("local_account_what_comes_next", "what_comes_next", "Local Account: what comes next"),
            ),
            public=lambda: LocalAccount.objects.filter(is_published=True).select_related("board"),
            title=lambda account: account.title,
            edit_url=lambda pk: reverse("reports:manage_edit", args=[pk]),
        ),
    )


def kind_for(model) -> TextKind | None:
    return next((kind for kind in text_kinds() if kind.model is model), None)


def field_choices() -> list[tuple[str, str]]:
    """Each public text field as (key, label), for the coordinators' filter."""
    return [(text_field.key, text_field.label) for kind in text_kinds() for text_field in kind.fields]


def find_field(key: str) -> tuple[TextKind, TextField] | None:
    for kind in text_kinds():
        for text_field in kind.fields:
            if text_field.key == key:
                return kind, text_field
    return None


def label_for(content_type_id: int, name: str) -> str:
    for kind in text_kinds():
        if kind.content_type.pk == content_type_id:
            for text_field in kind.fields:
                if text_field.name == name:
                    return text_field.label
    return name.replace("_", " ").capitalize()


# Scoring ------------------------------------------------------------------------------------------


@dataclass
class Counts:
    checked: int = 0  # texts checked because they are new or their words changed
    unchanged: int = 0  # texts whose words were the same as when last checked
    removed: int = 0  # scores deleted: the text is no longer public, or is empty

    def __iadd__(self, other: Counts) -> Counts:
        self.checked += other.checked
        self.unchanged += other.unchanged
        self.removed += other.removed
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class _Checker:
    """One glossary and target for a run of checks: the glossary is read once, and only if a text needs checking."""

    REMEMBER = 10_000  # results kept by digest, for texts that appear many times in one run

    def __init__(self):
        self.target = target_reading_age()
        self.now = timezone.now()
        self.results: dict[str, Result] = {}

    @cached_property
    def glossary(self) -> Glossary:
        return live_glossary()

    @cached_property
    def names(self) -> frozenset[str]:
        return live_names()

    def check(self, text: str, text_digest: str) -> Result:
        result = self.results.get(text_digest)
        if result is None:
            result = check(text, glossary=self.glossary, target_reading_age=self.target, names=self.names)
            if len(self.results) < self.REMEMBER:
                self.results[text_digest] = result
        return result


def issue_summary(issues) -> dict[str, int]:
    """How many issues of each kind, in the checker's order of kinds."""
    counts = Counter(issue.kind for issue in issues)
    return {kind: counts[kind] for kind in ISSUE_KINDS if counts[kind]}


def _still_right(score: PublicTextScore, target: int) -> bool:
    """Whether a score's verdict agrees with the target now in force (it may have changed since).

    Only the reading age depends on the target; what there is to fix is kept in the issue summary."""
    summary = score.issue_summary if isinstance(score.issue_summary, dict) else {}
    must_fix = sum(count for kind, count in summary.items() if kind in MUST_FIX and isinstance(count, int))
    verdict = verdict_for(score.reading_age, score.word_count, target, must_fix)
    return score.meets_target == (verdict == MEETS_TARGET)


def _score_batch(
    kind: TextKind, ids: Iterable[int], public: dict[int, Model], checker: _Checker, force: bool
) -> Counts:
    """Score the public fields of these records; a record missing from `public` has its scores removed."""
    ids = list(ids)
    counts = Counts()
    content_type = kind.content_type
    existing = {
        (score.object_id, score.field): score
        for score in PublicTextScore.objects.filter(content_type=content_type, object_id__in=ids)
    }
    writes, stale = [], []
    for pk in ids:
        obj = public.get(pk)
        title = kind.title(obj)[:TITLE_LENGTH] if obj is not None else ""
        for text_field in kind.fields:
            text = (getattr(obj, text_field.name) or "") if obj is not None else ""
            old = existing.get((pk, text_field.name))
            if not text.strip():
                if old is not None:
                    stale.append(old.pk)
                continue
            text_digest = digest(text)
            if old is not None and not force and old.text_digest == text_digest and _still_right(old, checker.target):
                counts.unchanged += 1
                if old.title != title:
                    writes.append(_copy(old, title=title))
                continue
            result = checker.check(text, text_digest)
            if not result.word_count:  # no words at all: nothing for anyone to read
                if old is not None:
                    stale.append(old.pk)
                continue
            counts.checked += 1
            writes.append(
                PublicTextScore(
                    content_type=content_type,
                    object_id=pk,
                    field=text_field.name,
                    title=title,
                    # Short texts have no reading age; the list sorts them by what there is to fix.
                    reading_age=result.reading_age,
                    word_count=result.word_count,
                    issue_count=len(result.issues),
                    issue_summary=issue_summary(result.issues),
                    meets_target=result.meets_target,
                    text_digest=text_digest,
                    checked_at=checker.now,
                )
            )
    if writes:
        PublicTextScore.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["content_type", "object_id", "field"],
            update_fields=SCORE_COLUMNS,
        )
    if stale:
        counts.removed += PublicTextScore.objects.filter(pk__in=stale).delete()[0]
    return counts


def _copy(score: PublicTextScore, **changes) -> PublicTextScore:
    # A new object, not the loaded one: an upsert must not send a primary key that is already taken.
    values = {name: getattr(score, name) for name in ["content_type_id", "object_id", "field", *SCORE_COLUMNS]}
    return PublicTextScore(**{**values, **changes})


def score_ids(kind: TextKind, ids: Iterable[int], *, force: bool = False) -> Counts:
    """Score these records of one kind as they are now: check changed public text, drop what is not public."""
    ids = sorted(set(ids))
    if not ids:
        return Counts()
    public = {obj.pk: obj for obj in kind.public().filter(pk__in=ids)}
    return _score_batch(kind, ids, public, _Checker(), force)


def score(obj, *, force: bool = False) -> Counts:
    """Check each public field of `obj` whose words changed, and remove scores of fields no longer public or empty."""
    kind = kind_for(type(obj))
    if kind is None:
        raise ValueError(f"{type(obj).__name__} has no public text")
    return score_ids(kind, [obj.pk], force=force)


def rescore_all(*, batch: int = 500, force: bool = False) -> Counts:
    """Score every public text, `batch` records at a time, checking only texts whose words changed unless forced.

    Scores of records that are no longer public go first, in one delete per kind.
    """
    checker = _Checker()
    counts = Counts()
    for kind in text_kinds():
        public = kind.public()
        gone = PublicTextScore.objects.filter(content_type=kind.content_type).exclude(object_id__in=public.values("pk"))
        counts.removed += gone.delete()[0]
        chunk: dict[int, Model] = {}
        for obj in public.order_by("pk").iterator(chunk_size=batch):
            chunk[obj.pk] = obj
            if len(chunk) >= batch:
                counts += _score_batch(kind, chunk, chunk, checker, force)
                chunk = {}
        if chunk:
            counts += _score_batch(kind, chunk, chunk, checker, force)
    return counts


# Keeping scores current ---------------------------------------------------------------------------


def _later(work: Callable[[], object]) -> None:
    """Do `work` once the current transaction commits; a failure is logged, never shown to the person saving."""
    transaction.on_commit(work, robust=True)


def _score_later(model, ids: Iterable[int]) -> None:
    ids = [pk for pk in ids if pk is not None]
    kind = kind_for(model)
    if kind is not None and ids:
        _later(partial(score_ids, kind, ids))


def _activity_and_what_hangs_on_it(activity_ids: list[int]) -> None:
    """An activity's closures, and the responses to its findings, are public only while the activity is."""
    from engaging.loop.models import LoopClosure, Response
    from engaging.register.models import Activity

    score_ids(kind_for(Activity), activity_ids)
    score_ids(
        kind_for(LoopClosure), LoopClosure.objects.filter(activity_id__in=activity_ids).values_list("pk", flat=True)
    )
    score_ids(
        kind_for(Response),
        Response.everything.filter(findings__activity_id__in=activity_ids).values_list("pk", flat=True),
    )


def _responses_to(finding_ids: list[int]) -> list[int]:
    from engaging.loop.models import Response

    return list(Response.everything.filter(findings__in=finding_ids).values_list("pk", flat=True))


def _on_save_or_delete(sender, instance, **kwargs) -> None:
    from engaging.register.models import Activity

    if sender is Activity:
        _later(partial(_activity_and_what_hangs_on_it, [instance.pk]))
    else:
        _score_later(sender, [instance.pk])


def _on_consent(sender, instance, **kwargs) -> None:
    from engaging.voice.models import Story

    _score_later(Story, [instance.story_id])


def _on_finding_saved(sender, instance, **kwargs) -> None:
    """A finding's responses are public only while one of the findings they answer is."""
    from engaging.loop.models import Response

    _later(lambda: score_ids(kind_for(Response), _responses_to([instance.pk])))


def _on_finding_deleting(sender, instance, **kwargs) -> None:
    from engaging.loop.models import Response

    # Read now, while the finding's links to its responses are still there.
    _score_later(Response, _responses_to([instance.pk]))


def _on_findings_of_response_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    from engaging.loop.models import Response

    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _score_later(Response, [instance.pk])
    elif action in ("post_add", "post_remove"):
        _score_later(Response, pk_set or [])
    elif action == "pre_clear":
        _score_later(Response, instance.responses.values_list("pk", flat=True))


def _rescore_everything_later(*args, **kwargs) -> None:
    from engaging.plain.tasks import rescore_public_texts

    _later(rescore_public_texts.enqueue)


def _on_setting_changed(sender, setting, **kwargs) -> None:
    """Settings change while running only in tests (override_settings); a new target changes every verdict."""
    if setting != "PLAIN_TARGET_READING_AGE":
        return
    try:
        _rescore_everything_later()
    except Exception:  # a test without a database may change the setting: the scores can wait
        logger.warning("Public texts were not checked again for the new target reading age", exc_info=True)


def connect() -> None:
    """Connect the handlers that keep scores current (called once, from the app's ready())."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
    from django.test.signals import setting_changed

    from engaging.insight.models import Finding
    from engaging.loop.models import Response
    from engaging.plain.models import GlossaryTerm
    from engaging.voice.models import Consent

    for kind in text_kinds():
        label = kind.model._meta.label_lower
        post_save.connect(_on_save_or_delete, sender=kind.model, dispatch_uid=f"public_texts_saved_{label}")
        post_delete.connect(_on_save_or_delete, sender=kind.model, dispatch_uid=f"public_texts_deleted_{label}")
    post_save.connect(_on_consent, sender=Consent, dispatch_uid="public_texts_consent_saved")
    post_delete.connect(_on_consent, sender=Consent, dispatch_uid="public_texts_consent_deleted")
    post_save.connect(_on_finding_saved, sender=Finding, dispatch_uid="public_texts_finding_saved")
    # Before the finding goes, while its links to responses can still be read.
    pre_delete.connect(_on_finding_deleting, sender=Finding, dispatch_uid="public_texts_finding_deleted")
    m2m_changed.connect(
        _on_findings_of_response_changed, sender=Response.findings.through, dispatch_uid="public_texts_findings"
    )
    post_save.connect(_rescore_everything_later, sender=GlossaryTerm, dispatch_uid="public_texts_glossary_saved")
    post_delete.connect(_rescore_everything_later, sender=GlossaryTerm, dispatch_uid="public_texts_glossary_deleted")
    setting_changed.connect(_on_setting_changed, dispatch_uid="public_texts_target")


def load(builder) -> None:
    """For the demo loader: score every public text the demo made, so the coordinators' list is filled.

    Every text is checked again, changed or not, so a database loaded before the checker's rules last
    changed shows verdicts by the rules in force (a few hundred texts: well under a second)."""
    before = PublicTextScore.objects.count()
    rescore_all(force=True)
    added = PublicTextScore.objects.count() - before
    if added > 0:
        builder.result.created["public text scores"] += added
