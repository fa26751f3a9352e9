"""Answering a person's request and keeping a record of it, without the personal data it was about."""

from django.db import transaction

from engaging.rights.erasing import erase_person
from engaging.rights.export import build_zip
from engaging.rights.finding import Found
from engaging.rights.models import DataRequest


def searched_by(found: Found) -> str:
    return " and ".join(part for part, given in (("email", found.email), ("name", found.name)) if given)


@transaction.atomic
def give_access(found: Found, *, by, received_on, via: str = DataRequest.Via.PAGE) -> tuple[DataRequest, bytes]:
    """Record a subject access request and build its ZIP, which is handed over and never stored."""
    request = DataRequest.objects.create(
        kind=DataRequest.Kind.ACCESS,
        received_on=received_on,
        handled_by=by,
        via=via,
        searched_by=searched_by(found),
        found=found.counts(),
    )
    return request, build_zip(found, reference=request.reference)


@transaction.atomic
def erase(found: Found, *, by, received_on, via: str = DataRequest.Via.PAGE) -> DataRequest:
    """Erase what was chosen and record the request: counts of what was found and erased, and nothing more."""
    found_counts = found.counts()
    erased = erase_person(found, by=by)
    return DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE,
        received_on=received_on,
        handled_by=by,
        via=via,
        searched_by=searched_by(found),
        found=found_counts,
        erased=erased,
    )
