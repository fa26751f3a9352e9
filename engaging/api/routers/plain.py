"""The plain-language checker, for anyone: long sentences, jargon, acronyms, uncommon words and reading age.

No token is needed. Each client address may check a limited number of texts a minute
(settings.PLAIN_API_RATE_LIMIT per settings.PLAIN_API_RATE_WINDOW seconds; 30 a minute
by default), counted in the cache under a salted hash of the address, never the address
itself. Texts may be up to settings.PLAIN_MAX_CHARS characters (100,000 by default).
"""

from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field, Strict

from engaging.api.auth import ApiAuth
from engaging.api.errors import ApiError, Invalid
from engaging.api.schemas import Error
from engaging.api.types import NotNull
from engaging.core import limits
from engaging.plain.checker import KINDS, issues_as_dicts
from engaging.plain.checking import check_text, max_check_length

router = Router(tags=["Plain language"])

IssueKind = Literal[KINDS]
Verdict = Literal["meets_target", "above_target", "no_text"]


def rate_limit() -> limits.Limit:
    """How many texts one client address may check, and per how many seconds."""
    return limits.Limit("plain-check", settings.PLAIN_API_RATE_LIMIT, settings.PLAIN_API_RATE_WINDOW)


_who = ApiAuth()


def checker_auth(request: HttpRequest):
    """Anyone may check text, signed in or not; a token that is sent must still be valid.

    Every request counts against its address's limit before its body is even read. (A function
    rather than an ApiAuth, because no token is needed: the OpenAPI document lists no security.)
    """
    user = _who.identify(request)
    used = limits.count(request, rate_limit())
    if used.exceeded:
        allowed, window = used.limit.allowed, used.limit.window
        raise ApiError(
            429,
            f"Too many checks from your address: you can check {allowed} texts every {window} seconds.",
            headers={"Retry-After": str(used.retry_after)},
        )
    return user


class CheckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, NotNull, Strict()] = Field(description="The text to check: up to 100,000 characters.")
    target_reading_age: Annotated[int, Strict(), Field(ge=5, le=25)] | None = Field(
        None, description="The reading age to judge against, in UK years. The hub's own target (9) if left out."
    )


class IssueOut(Schema):
    kind: IssueKind = Field(description="What sort of problem this is.")
    start: int = Field(description="Where it starts in the text: an offset in Unicode characters from 0.")
    end: int = Field(description="Where it ends (exclusive), so text[start:end] is the words it is about.")
    text: str = Field(description="The words it is about.")
    suggestion: str | None = Field(None, description="A plainer alternative, where there is one.")
    message: str = Field(description="What to do about it, in plain words.")


class CheckOut(Schema):
    reading_age: float | None = Field(
        description="UK reading age in years: Flesch–Kincaid grade + 5. Null for texts under 100 words, where "
        "reading-age formulas are not valid."
    )
    flesch_reading_ease: float | None = Field(
        description="Flesch reading ease: higher is easier. Null for texts under 100 words."
    )
    average_sentence_length: float = Field(description="Words per sentence.")
    word_count: int
    sentence_count: int
    target_reading_age: int
    verdict: Verdict = Field(
        description="meets_target when there is nothing to fix: no long sentence, jargon, unexplained acronym or "
        "uncommon word, and (for 100 words or more) a reading age at or under the target; above_target otherwise; "
        "no_text when there are no words."
    )
    issues: list[IssueOut] = Field(description="Every issue, in the order they appear in the text.")


@router.post(
    "/plain-language/check",
    auth=checker_auth,
    response={200: CheckOut, 400: Error, 401: Error, 403: Error, 429: Error},
    summary="Check a text for plain English",
)
def check(request: HttpRequest, payload: CheckIn):
    """Long sentences, jargon and acronyms from the hub's glossary, uncommon words, passive voice, and for texts of
    100 words or more the reading age."""
    limit = max_check_length()
    if len(payload.text) > limit:
        raise Invalid([("text", f"Use {limit:,} characters or fewer")], detail="The text is too long to check.")
    result = check_text(payload.text, target=payload.target_reading_age)
    return {
        "reading_age": None if result.reading_age is None else round(result.reading_age, 1),
        "flesch_reading_ease": None if result.flesch_reading_ease is None else round(result.flesch_reading_ease, 1),
        "average_sentence_length": round(result.average_sentence_length, 1),
        "word_count": result.word_count,
        "sentence_count": result.sentence_count,
        "target_reading_age": result.target_reading_age,
        "verdict": result.verdict,
        "issues": issues_as_dicts(result),
    }
