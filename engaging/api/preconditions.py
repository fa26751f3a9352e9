"""ETag and If-Match for the records people edit, so two API clients cannot silently overwrite each other.

Every single-record GET, PATCH and PUT of an activity, finding, response or screening answers with a strong
`ETag` made from the record's version (engaging/core/record_versions.py), such as `"activity-12-3"`. A change
sent with `If-Match` is made only if one of the tags it lists is the record's current ETag (or it is `*` and
the record exists); otherwise nothing changes and the answer is 412 with the current ETag, who changed the
record, when, and what changed. The check and the write are one transaction on the locked row. A change
sent without If-Match is still made, for simple clients.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from ninja import Field

from engaging.api.errors import ApiError
from engaging.api.schemas import Error
from engaging.core.record_versions import StaleEdit, checked

ETAG_HEADER = {
    "ETag": {
        "description": "The record's version as a strong entity tag. Send it back as If-Match when you change "
        "the record, so a change made by someone else since you read it is not overwritten.",
        "schema": {"type": "string"},
    }
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag of the record as you last read it (or `*`). If the record has changed since, "
    "nothing is changed and the answer is 412. Without it the change is made whatever the record's version.",
    "schema": {"type": "string"},
}
# openapi_extra for a single-record read, and for a change to one record.
# Status codes as numbers, as ninja keys its own responses: a string "200" would be a second 200 in the document.
READ_DOCS = {"responses": {200: {"headers": ETAG_HEADER}}}
WRITE_DOCS = {"parameters": [IF_MATCH], "responses": {200: {"headers": ETAG_HEADER}}}
CREATE_DOCS = {
    "parameters": [IF_MATCH],
    "responses": {200: {"headers": ETAG_HEADER}, 201: {"headers": ETAG_HEADER}},
}


class PreconditionFailedOut(Error):
    etag: str = Field(description="The record's current ETag: read it again, and send this with your change.")
    changes: list[str] = Field(
        default_factory=list, description="What changed since the version you sent, field by field, in words."
    )


def etag_for(model_name: str, pk, version: int | None) -> str:
    return f'"{model_name}-{pk}-{version}"'


def etag(record) -> str:
    return etag_for(record._meta.model_name, record.pk, record.version)


def with_etag(response: HttpResponse, record) -> HttpResponse:
    response["ETag"] = etag(record)
    return response


def matching_versions(request: HttpRequest, record) -> set[int] | None:
    """The versions the If-Match header accepts; None if it accepts any (no header, or `*`)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    prefix = etag_for(record._meta.model_name, record.pk, "")[:-1]
    versions = set()
    for tag in header.split(","):
        tag = tag.strip()
        number = tag[len(prefix) : -1] if tag.startswith(prefix) and tag.endswith('"') else ""
        if number.isascii() and number.isdigit() and len(number) < 11:
            versions.add(int(number))
    return versions  # none of them ours (a weak tag, another record's, nonsense): nothing matches


def precondition_failed(stale: StaleEdit) -> ApiError:
    record = stale.record
    current = etag_for(record._meta.model_name, record.pk, stale.current)
    page_words = ", after you opened it. Nothing you entered has been saved yet."
    detail = stale.headline.replace(page_words, " since the version you sent. Nothing was changed.")
    return ApiError(
        412,
        detail,
        [("If-Match", f"This is not the current version: read the record again and send If-Match: {current}")],
        headers={"ETag": current},
        extra={"etag": current, "changes": [str(change) for change in stale.changes]},
    )


@contextmanager
def precondition(request: HttpRequest, record) -> Iterator[None]:
    """Make the change inside this block only if the request's If-Match still matches `record`: else 412.

    Without If-Match the change is made, but from the record as it is now: a record read before another
    save committed is read again under the lock, so fields the client did not send are not put back.
    """
    try:
        with checked(record, matching_versions(request, record)) as current:
            if current != record.version:
                record.refresh_from_db()
            yield
    except StaleEdit as stale:
        raise precondition_failed(stale) from None


def precondition_for_new(request: HttpRequest, existing) -> None:
    """For a PUT that creates a record when there is none: an If-Match names a record that is not there, so 412."""
    if existing is None and request.headers.get("If-Match") is not None:
        raise ApiError(
            412,
            "There is nothing here to change yet, so If-Match cannot match. Nothing was changed.",
            [("If-Match", "Send the change without If-Match to create it")],
            extra={"etag": "", "changes": []},
        )
