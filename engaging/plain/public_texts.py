"""Public texts: how an app tells the hub which of its texts residents read, so each is scored and kept current.

An app that shows residents text registers each kind of it from its own `public_texts.py`, imported in its
AppConfig.ready():

    register_public_text(
        Story,
        fields=(TextField("story_text", "text", "Resident's story: the story"),),
        public=lambda: Story.objects.meant_for_public(),
        title=lambda story: story.title,
        edit_url=lambda pk: reverse("voice:edit", args=[pk]),
    )

Registering a kind scores a record of it whenever it is saved, archived or deleted. A record whose public
state hangs on another record (a response on its findings, a story on its teller's consent) is the owning
app's to follow: it connects that record's signals to `score_later`. The glossary and the target reading age
are this app's own: a change to either checks every text again, in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

from engaging.plain import registry
from engaging.plain.models import GlossaryTerm, PublicTextScore
from engaging.plain.registry import TextField, TextKind
from engaging.plain.scoring import rescore_all, score_ids
from engaging.plain.tasks import rescore_public_texts

logger = logging.getLogger(__name__)

__all__ = ["TextField", "connect", "load", "register_public_text", "score_later", "unregister_public_text"]


def register_public_text(
    model: type[Model],
    *,
    fields: tuple[TextField, ...],
    public: Callable[[], QuerySet],
    title: Callable[[Model], str],
    edit_url: Callable[[int], str] | None = None,
    edit_urls_for: Callable[[list[int]], dict[int, str]] | None = None,
) -> TextKind:
    """Register a kind of public text, and score a record of it after each save or delete that commits.

    `public` gives the records residents may read; `edit_url` (or `edit_urls_for`, for kinds that need a query)
    where a partner changes one."""
    kind = TextKind(model, fields, public, title, edit_url, edit_urls_for)
    registry.add(kind)
    label = model._meta.label_lower
    post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=f"public_texts_saved_{label}")
    post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=f"public_texts_deleted_{label}")
    return kind


def unregister_public_text(model: type[Model]) -> None:
    """Forget a kind, and stop following its records (its scores stay until the next full check)."""
    label = model._meta.label_lower
    post_save.disconnect(sender=model, dispatch_uid=f"public_texts_saved_{label}")
    post_delete.disconnect(sender=model, dispatch_uid=f"public_texts_deleted_{label}")
    registry.remove(model)


def score_later(model: type[Model], ids: Iterable[int] | Callable[[], Iterable[int]]) -> None:
    """Score these records of a registered kind once the current transaction commits.

    `ids` may be a function, to find the records as they are after the commit. A failure is logged, never
    shown to the person saving."""
    kind = registry.kind_for(model)
    if kind is None:
        return
    if callable(ids):
        transaction.on_commit(lambda: score_ids(kind, ids()), robust=True)
        return
    ids = [pk for pk in ids if pk is not None]
    if ids:
        transaction.on_commit(partial(score_ids, kind, ids), robust=True)


def _on_save_or_delete(sender, instance, **kwargs) -> None:
    score_later(sender, [instance.pk])


def _rescore_everything_later(*args, **kwargs) -> None:
    transaction.on_commit(rescore_public_texts.enqueue, robust=True)


def _on_setting_changed(sender, setting, **kwargs) -> None:
    """Settings change while running only in tests (override_settings); a new target changes every verdict."""
    if setting != "PLAIN_TARGET_READING_AGE":
        return
    try:
        _rescore_everything_later()
    except Exception:  # a test without a database may change the setting: the scores can wait
        logger.warning("Public texts were not checked again for the new target reading age", exc_info=True)


def connect() -> None:
    """Check every text again when the glossary or the target changes (called once, from the app's ready())."""
    from django.test.signals import setting_changed

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
