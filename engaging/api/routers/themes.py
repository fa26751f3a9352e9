"""Theme analysis: comments from every source with their suggested or confirmed themes, and a classifier.

Who may do what, as on the site:
- reading comments (GET /comments) needs a role in the partnership: 401 without a token, 403 for a
  person with no role. Filters: source, theme (a theme's id), sentiment, confirmed, framework (a key;
  the NHS patient-experience framework if left out).
- confirming or correcting a comment's themes (POST /comments/{id}/themes) is for officers and
  coordinators: 403 for board members, 404 for a comment that does not exist.
- classifying a text (POST /themes/classify) needs no token, like the plain-language check, and is
  limited per client address (settings.THEMES_API_RATE_LIMIT per settings.THEMES_API_RATE_WINDOW
  seconds; 30 a minute by default). 400 when the framework has no trained model yet.
"""

from datetime import date
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import BaseModel, ConfigDict, Field, Strict

from engaging.api import auth
from engaging.api.errors import NOT_SIGNED_IN, ApiError, Invalid
from engaging.api.pagination import KeptListing, paged, refuse_unknown_filters, written
from engaging.api.schemas import Error
from engaging.api.types import Id, NotNull
from engaging.core import limits
from engaging.themes import frameworks, nhs_framework, rules, services, training
from engaging.themes.models import Comment, CommentTheme, Framework, Theme

router = Router(tags=["Theme analysis"])

SourceName = Literal["feedback", "finding", "questionnaire", "import"]
SentimentName = Literal["positive", "neutral", "negative", "mixed"]
MAX_CHARS = 10000


class CommentThemeOut(BaseModel):  # written out already (see _write): read as plain data
    id: int
    name: str
    category: str
    score: float | None = Field(description="The classifier's score from 0 to 1; null when an officer chose it.")


class CommentOut(Schema):
    id: int
    framework: str
    text: str
    source: SourceName
    written_on: date | None
    area: int | None
    organisation: int | None
    sentiment: SentimentName | Literal[""] = Field(description="Empty until classified or confirmed.")
    certainty: float | None = Field(description="How sure the classifier is of its least certain theme, 0 to 1.")
    confirmed: bool
    themes: list[CommentThemeOut]


class CommentFilters(Schema):
    framework: str | None = Field(None, description="A framework's key; nhs-patient-experience if left out.")
    source: SourceName | None = None
    theme: Id | None = Field(None, description="Comments in this theme (a theme's id).")
    sentiment: SentimentName | None = None
    confirmed: bool | None = None


class ThemesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    themes: list[Annotated[int, Strict()]] = Field(description="The ids of every theme that applies: all others don't.")
    sentiment: SentimentName


class ClassifyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, NotNull, Strict()] = Field(description=f"The comment: up to {MAX_CHARS:,} characters.")
    framework: str = Field("nhs-patient-experience", description="A framework's key.")


class Suggestion(Schema):
    name: str
    category: str
    score: float


class ClassifyOut(Schema):
    framework: str
    themes: list[Suggestion] = Field(description="The themes that apply, most likely first.")
    sentiment: SentimentName


def _write(comments: list[Comment]) -> list[dict]:
    return [
        {
            "id": c.pk,
            "framework": c.framework.key,
            "text": c.text,
            "source": c.source,
            "written_on": c.written_on,
            "area": c.area_id,
            "organisation": c.organisation_id,
            "sentiment": c.sentiment,
            "certainty": c.certainty,
            "confirmed": c.confirmed,
            "themes": [
                {"id": link.theme_id, "name": link.theme.name, "category": link.theme.category, "score": link.score}
                for link in c.comment_themes.all()
            ],
        }
        for c in comments
    ]


def _framework(key: str | None, field: str = "framework"):
    try:
        return frameworks.get_framework(key or "nhs-patient-experience")
    except frameworks.UnknownFramework as error:
        raise Invalid([(field, str(error))]) from None


def _require_reader(request: HttpRequest):
    user = auth.user_of(request)
    if user is None:
        raise ApiError(401, NOT_SIGNED_IN)
    if not rules.can_read_comments(user):
        raise ApiError(403, "Only people with a role in the partnership can read comments.")
    return user


@router.get(
    "/comments", response={200: list[written(CommentOut)], 400: Error, 401: Error, 403: Error}, auth=auth.signed_in
)
@paged
def list_comments(request, filters: Query[CommentFilters]):
    """Comments newest first, a page at a time, with their themes (suggested, or confirmed by an officer)."""
    _require_reader(request)
    refuse_unknown_filters(request, CommentFilters)
    # Found as it is: putting the built-in framework's themes back, if they were ever emptied away, is for writing.
    framework = Framework.objects.filter(key=filters.framework or nhs_framework.KEY).first()
    framework = framework or _framework(filters.framework)
    comments = (
        Comment.objects.filter(framework=framework)
        .select_related("framework")
        .prefetch_related(Prefetch("comment_themes", CommentTheme.objects.select_related("theme")))
        .order_by("-written_on", "-pk")
    )
    if filters.source:
        comments = comments.filter(source=filters.source)
    if filters.theme:
        comments = comments.filter(comment_themes__theme_id=filters.theme)
    if filters.sentiment:
        comments = comments.filter(sentiment=filters.sentiment)
    if filters.confirmed is not None:
        comments = comments.filter(confirmed=filters.confirmed)
    # A framework that exists, and choices from fixed lists, are kept apart; a theme's id need not exist, so a page
    # of a theme is answered afresh, and nobody can fill the cache with made-up ids.
    chosen = {
        "framework": framework.key,
        "source": filters.source,
        "sentiment": filters.sentiment,
        "confirmed": filters.confirmed,
    }
    return KeptListing(comments, _write, request=request, name="comments", kept_as=None if filters.theme else chosen)


@router.post(
    "/comments/{id}/themes",
    response={200: CommentOut, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=auth.signed_in,
)
def confirm_comment_themes(request, id: Id, payload: ThemesIn):
    """Confirm or correct a comment's themes and sentiment: the themes sent are exactly those that apply."""
    user = _require_reader(request)
    if not rules.can_code_comments(user):
        raise ApiError(403, "Only officers and coordinators can code comments.")
    comment = Comment.objects.select_related("framework").filter(pk=id).first()
    if comment is None:
        raise ApiError(404, "There is no comment with that id.")
    themes = list(Theme.objects.filter(framework=comment.framework, pk__in=payload.themes))
    unknown = sorted(set(payload.themes) - {t.pk for t in themes})
    if unknown:
        raise Invalid([("themes", f"These are not themes of the comment's framework: {unknown}")])
    services.confirm_themes(comment=comment, themes=themes, sentiment=payload.sentiment, user=user)
    fresh = Comment.objects.select_related("framework").prefetch_related("comment_themes__theme").get(pk=comment.pk)
    return _write([fresh])[0]


def rate_limit() -> limits.Limit:
    """How many texts one client address may classify, and per how many seconds."""
    return limits.Limit("themes-classify", settings.THEMES_API_RATE_LIMIT, settings.THEMES_API_RATE_WINDOW)


_who = auth.ApiAuth()


def classifier_auth(request: HttpRequest):
    """Anyone may classify a text; a token that is sent must still be valid. Counted before the body is read."""
    user = _who.identify(request)
    used = limits.count(request, rate_limit())
    if used.exceeded:
        allowed, window = used.limit.allowed, used.limit.window
        raise ApiError(
            429,
            f"Too many texts from your address: you can classify {allowed} texts every {window} seconds.",
            headers={"Retry-After": str(used.retry_after)},
        )
    return user


@router.post(
    "/themes/classify",
    auth=classifier_auth,
    response={200: ClassifyOut, 400: Error, 401: Error, 429: Error},
    summary="Suggest themes and a sentiment for a text",
)
def classify(request: HttpRequest, payload: ClassifyIn):
    """The framework's themes that apply to the text, with the classifier's scores, and its sentiment."""
    if len(payload.text) > MAX_CHARS:
        raise Invalid([("text", f"Use {MAX_CHARS:,} characters or fewer")], detail="The text is too long to classify.")
    framework = _framework(payload.framework)
    model = training.current_model(framework)
    if model is None:
        raise Invalid([("framework", f"{framework.name} has no trained model yet")])
    chosen, scores, moods = model.classify([payload.text])
    categories = dict(Theme.objects.filter(framework=framework).values_list("name", "category"))
    found = sorted(
        (
            {"name": name, "category": categories.get(name, ""), "score": round(float(scores[0, j]), 4)}
            for j, name in enumerate(model.names)
            if chosen[0, j]
        ),
        key=lambda s: -s["score"],
    )
    return {"framework": framework.key, "themes": found, "sentiment": moods[0]}
