"""Gathering comments from every source in the hub, suggesting their themes, and officers confirming them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from engaging.evaluation.models import ParticipantFeedback
from engaging.insight.models import Finding
from engaging.themes import training
from engaging.themes.model import RulesModel
from engaging.themes.models import Comment, CommentTheme, Framework, Theme

# Comments classified in one go: enough to be quick, few enough to keep memory small.
BATCH = 2000


def _place(activity) -> tuple[int | None, int | None]:
    """The area and organisation a comment about an activity belongs to: its first area and its lead organisation."""
    areas = sorted(activity.areas.all(), key=lambda area: area.pk)
    return (areas[0].pk if areas else None), activity.lead_organisation_id


def _new(framework: Framework, source: str, refs: set[str]) -> set[str]:
    have = set(
        Comment.objects.filter(framework=framework, source=source, source_ref__in=refs).values_list(
            "source_ref", flat=True
        )
    )
    return refs - have


def _gather(framework: Framework, source: str, records, text_of, date_of, activity_of) -> int:
    records = list(records)
    fresh = _new(framework, source, {str(r.pk) for r in records})
    comments = []
    for record in records:
        if str(record.pk) not in fresh:
            continue
        activity = activity_of(record)
        area, organisation = _place(activity)
        comments.append(
            Comment(
                framework=framework,
                text=text_of(record).strip()[:10000],
                source=source,
                source_ref=str(record.pk),
                written_on=date_of(record),
                activity=activity,
                area_id=area,
                organisation_id=organisation,
            )
        )
    Comment.objects.bulk_create(comments, ignore_conflicts=True)
    return len(comments)


def gather_comments(*, framework: Framework) -> int:
    """Add every comment not yet gathered: participant feedback, findings' statements and questionnaire free text.

    Returns how many were added. Each source record becomes one comment, once.
    """
    added = _gather(
        framework,
        Comment.Source.FEEDBACK,
        ParticipantFeedback.objects.exclude(comment="")
        .select_related("activity")
        .prefetch_related("activity__areas")
        .order_by("pk"),
        lambda f: f.comment,
        lambda f: f.given_on,
        lambda f: f.activity,
    )
    added += _gather(
        framework,
        Comment.Source.FINDING,
        Finding.objects.select_related("activity").prefetch_related("activity__areas").order_by("pk"),
        lambda f: f.statement,
        lambda f: f.heard_on,
        lambda f: f.activity,
    )
    try:
        from engaging.questionnaires.comments import free_text_answers
    except ImportError:  # a hub without questionnaires
        return added
    added += _gather(
        framework,
        Comment.Source.QUESTIONNAIRE,
        free_text_answers().prefetch_related("response__questionnaire__activity__areas"),
        lambda a: a.text,
        lambda a: a.submitted_on,
        lambda a: a.response.questionnaire.activity,
    )
    return added


@transaction.atomic
def import_comments(*, framework: Framework, data: bytes, filename: str, text_column: str = "text") -> int:
    """Add each row of a CSV file with text as an imported comment. Raises CodedFileError for a file it cannot use."""
    _, rows = training.read_rows(data, text_column=text_column, filename=filename)
    comments = [
        Comment(framework=framework, text=text[:10000], source=Comment.Source.IMPORT)
        for text in ((row.get(text_column) or "").strip() for row in rows)
        if text
    ]
    Comment.objects.bulk_create(comments)
    return len(comments)


def classify_comments(
    *,
    framework: Framework,
    everything: bool = False,
    ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Suggest themes and a sentiment for the framework's unconfirmed comments (those not yet classified, or all).

    Confirmed comments keep what officers chose. With `ids`, only those comments. A framework with no
    trained model (or one trained before its themes changed) gets suggestions from its themes' keywords
    and names; their certainty is 0, as the rules are not sure of anything. `progress(done, total)` is
    told after each batch. Returns how many were classified.
    """
    model = training.suggester(framework)
    rules_only = isinstance(model, RulesModel)
    themes = list(Theme.objects.filter(framework=framework).order_by("position", "pk"))
    pending = Comment.objects.filter(framework=framework, confirmed=False)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    elif not everything:
        pending = pending.filter(classified_at__isnull=True)
    done = 0
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(Comment.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"))
        chosen, scores, moods = model.classify([c.text for c in batch])
        sure = model.confidence(scores)
        now = timezone.now()
        with transaction.atomic():
            CommentTheme.objects.filter(comment__in=batch).delete()
            links = []
            for row, comment in enumerate(batch):
                comment.sentiment = moods[row]
                comment.certainty = 0.0 if rules_only else float(sure[row].min())
                comment.classified_at = now
                links += [
                    CommentTheme(
                        comment=comment, theme=theme, score=None if rules_only else round(float(scores[row, j]), 4)
                    )
                    for j, theme in enumerate(themes)
                    if chosen[row, j]
                ]
            Comment.objects.bulk_update(batch, ["sentiment", "certainty", "classified_at"])
            CommentTheme.objects.bulk_create(links)
        done += len(batch)
        if progress:
            progress(done, len(ids))
    return done


@transaction.atomic
def confirm_themes(*, comment: Comment, themes: list[Theme], sentiment: str, user) -> Comment:
    """An officer's coding of a comment: exactly these themes and this sentiment. Suggestions kept keep their score."""
    if any(theme.framework_id != comment.framework_id for theme in themes):
        raise ValueError("Every theme must belong to the comment's framework.")
    scores = dict(CommentTheme.objects.filter(comment=comment).values_list("theme_id", "score"))
    CommentTheme.objects.filter(comment=comment).delete()
    CommentTheme.objects.bulk_create(
        CommentTheme(comment=comment, theme=theme, score=scores.get(theme.pk)) for theme in themes
    )
    comment.sentiment = sentiment
    comment.confirmed = True
    comment.confirmed_by = user
    comment.confirmed_at = timezone.now()
    comment.save(update_fields=["sentiment", "confirmed", "confirmed_by", "confirmed_at", "updated_at"])
    return comment


def coded_from_confirmed(framework: Framework) -> training.Coded:
    """The partnership's own coding as training data: every confirmed comment with its themes and sentiment."""
    import numpy as np

    themes = list(Theme.objects.filter(framework=framework).order_by("position", "pk"))
    column = {theme.pk: j for j, theme in enumerate(themes)}
    comments = list(Comment.objects.filter(framework=framework, confirmed=True).order_by("pk"))
    Y = np.zeros((len(comments), len(themes)), dtype=np.int8)
    row_of = {c.pk: i for i, c in enumerate(comments)}
    for comment_id, theme_id in CommentTheme.objects.filter(comment__in=comments).values_list("comment", "theme"):
        Y[row_of[comment_id], column[theme_id]] = 1
    return training.Coded(
        [c.text for c in comments], Y, [c.sentiment or None for c in comments], [t.name for t in themes]
    )
