"""Field types shared by the API's schemas.

Each type carries its own rules, so a bad value is refused with a plain message
before any view code runs, and nothing that would upset a database gets through:
ids stay within a 64-bit integer, text has no NUL characters or unpaired
surrogates (PostgreSQL and SQLite refuse both), and dates stay in a range where
date arithmetic (the overlap window) cannot overflow.
"""

import re
from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema

from engaging.register.taking_part import validate_https_url, validate_uk_phone

MAX_ID = 2**63 - 1
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LIST = 100  # more links than any real activity has


def _refuse_null(value: object) -> object:
    if value is None:
        raise ValueError("This cannot be null")
    return value


# Put first in a type's metadata: an explicit null gets a plain message of its own.
NotNull = BeforeValidator(_refuse_null)


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Remove the NUL character (\\u0000) from this text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("This text contains a character that is not valid Unicode") from None
    return value


def _parse_date(value: object) -> object:
    """Accept only a real calendar date written as YYYY-MM-DD (or a date object)."""
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and ISO_DATE.match(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise ValueError("Enter a real date, like 2025-03-31") from None
    else:
        raise ValueError("Enter the date as YYYY-MM-DD, like 2025-03-31")
    if not EARLIEST <= parsed <= LATEST:
        raise ValueError(f"Enter a date between {EARLIEST.year} and {LATEST.year}")
    return parsed


def _check_email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter an email address like name@example.org") from None
    return value


def text(max_length: int, *, min_length: int = 0):
    """A string of at most `max_length` characters (and at least `min_length` after trimming)."""
    checks = [AfterValidator(_clean_text)]
    if min_length:
        checks.append(AfterValidator(_not_blank))
    return Annotated[str, NotNull, Strict(), Field(max_length=max_length, min_length=min_length), *checks]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("This cannot be blank")
    return value


# A database id: a positive whole number that fits a 64-bit column.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# The same in a JSON body, where "5" or 5.0 or true is not accepted as an id.
BodyId = Annotated[int, NotNull, Strict(), Field(ge=1, le=MAX_ID)]
IdList = Annotated[list[BodyId], NotNull, Field(max_length=MAX_LIST)]
RequiredIdList = Annotated[list[BodyId], NotNull, Field(min_length=1, max_length=MAX_LIST)]

IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    NotNull,
    WithJsonSchema({"type": "string", "format": "date", "example": "2025-03-31"}),
]

Count = Annotated[int, Strict(), Field(ge=0, le=10_000_000)]
StrictBool = Annotated[bool, NotNull, Strict()]
Email = Annotated[
    str, NotNull, Strict(), Field(max_length=254), AfterValidator(_clean_text), AfterValidator(_check_email)
]


def _django_rule(check):
    """A model field's validator as a pydantic one, keeping its plain message."""

    def run(value: str) -> str:
        if value:
            try:
                check(value)
            except DjangoValidationError as error:
                raise ValueError(error.messages[0]) from None
        return value

    return AfterValidator(run)


HttpsUrl = Annotated[
    str, NotNull, Strict(), Field(max_length=500), AfterValidator(_clean_text), _django_rule(validate_https_url)
]
UkPhone = Annotated[
    str, NotNull, Strict(), Field(max_length=40), AfterValidator(_clean_text), _django_rule(validate_uk_phone)
]
SearchText = Annotated[str, Field(max_length=200), AfterValidator(_clean_text)]
