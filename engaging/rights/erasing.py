"""Erasing a person's data on request: what identifies them is deleted or replaced, on every record found and on
every kept version of it (engaging/core/erasure.py); what the hub counts (places, organisations, roles) stays.
"""

import re

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp import devices_for_user

from engaging.accounts.models import ApiToken, Membership, SignOnLink
from engaging.core import cache as kept
from engaging.core.erasure import delete_with_history, history_model_of, scrub
from engaging.learning import services as learning
from engaging.learning.models import Booking, BookingChange, SessionFeedback
from engaging.questionnaires.models import HearBackContact
from engaging.register.models import Activity
from engaging.rights.finding import Found
from engaging.rights.mentions import erase_mentions
from engaging.voice.erasure import erase_stories
from engaging.voice.models import Consent, Story

REMOVED_NAME = "Name removed"
ERASED_REASON = "Erased at the person's request"
ERASED_TITLE = "Story erased at the teller's request"


class CannotErase(Exception):
    """Why this erasure cannot go ahead; nothing has been changed."""


def check_can_erase(found: Found, *, by) -> None:
    """Refuse what would lock the hub out: a coordinator erasing their own account."""
    if by is not None and any(user.pk == by.pk for user in found.of("account")):
        raise CannotErase("You cannot erase your own account. Ask another coordinator to do it.")


@transaction.atomic
def erase_person(found: Found, *, by) -> dict[str, int]:
    """Erase everything chosen in `found`; returns how many records of each kind were erased or anonymised.

    Changes they made, records naming their account and what they viewed are kept: they point to the account,
    which no longer names them once anonymised."""
    check_can_erase(found, by=by)
    erased: dict[str, int] = {}
    names = _names_of(found)
    if bookings := found.of("bookings"):
        erased["bookings"] = _erase_bookings(bookings, by=by, names=names)
    if contacts := found.of("contact_requests"):
        delete_with_history(HearBackContact.objects.filter(pk__in=[c.pk for c in contacts]))
        erased["contact_requests"] = len(contacts)
    if stories := found.of("stories"):
        erased["stories"] = _erase_stories(stories, by=by)
    if mentions := found.of("mentions"):
        erased["mentions"] = erase_mentions(mentions, found.email)
    if activities := found.of("activity_contacts"):
        erased["activity_contacts"] = _erase_activity_contacts(activities, email=found.email, name=found.name)
    if sign_ins := [record.obj for record in found.records if record.kind == "sign_ins"]:
        for row in sign_ins:
            type(row)._base_manager.filter(pk=row.pk).delete()
        erased["sign_ins"] = len(sign_ins)
    if tokens := found.of("tokens"):
        delete_with_history(ApiToken.objects.filter(pk__in=[t.pk for t in tokens]))
        erased["tokens"] = len(tokens)
    if memberships := found.of("memberships"):
        erased["memberships"] = len(memberships)
    if users := found.of("account"):
        for user in users:
            _erase_account(user)
        erased["account"] = len(users)
    transaction.on_commit(forget_kept_pages)
    return erased


def _names_of(found: Found) -> set[str]:
    """Every name the person was found under, to take out of notes that mention them in passing."""
    names = {found.name} if found.name else set()
    names |= {booking.name for booking in found.of("bookings")}
    names |= {user.get_full_name() for user in found.of("account")}
    return {name.strip() for name in names if name and len(name.strip()) >= 3}


def _without_names(text: str, names: set[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), "someone", text, flags=re.IGNORECASE)
    return text


def _erase_bookings(bookings: list[Booking], *, by, names: set[str]) -> int:
    for booking in bookings:
        if booking.status in (Booking.Status.BOOKED, Booking.Status.WAITING):
            try:
                # The place goes to whoever is waiting, as when anyone cancels.
                learning.cancel(booking=booking, by=by, reason=ERASED_REASON)
            except ValidationError:
                pass  # the session has started: the booking stays as it is, anonymised
        Booking.objects.filter(pk=booking.pk).update(
            name=REMOVED_NAME,
            email=f"removed-{booking.pk}@erased.invalid",
            access_needs="",
            updated_at=timezone.now(),
        )
    ids = [booking.pk for booking in bookings]
    BookingChange.objects.filter(booking_id__in=ids).exclude(reason="").update(reason="")
    SessionFeedback.objects.filter(booking_id__in=ids).update(comment="")
    # Giving a freed place on notes whose cancellation freed it, on the other person's booking.
    if names:
        mentions = Q()
        for name in names:
            mentions |= Q(reason__icontains=name)
        for change in BookingChange.objects.filter(mentions):
            BookingChange.objects.filter(pk=change.pk).update(reason=_without_names(change.reason, names))
    return len(bookings)


def _erase_stories(stories: list[Story], *, by) -> int:
    """Consent is recorded as withdrawn at the teller's request, then the story is erased as any withdrawal is
    (engaging/voice/erasure.py): words, teller, consent-giver, every kept version and every copy made of them."""
    ids = [story.pk for story in stories]
    for consent in Consent.objects.filter(story_id__in=ids, withdrawn_at__isnull=True):
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.withdrawal_note = ERASED_REASON
        consent.save()
    erase_stories(ids)
    # Withdrawal keeps a story's title, which is ours; on a request to erase it goes too, as a title may name the
    # teller, and so does a note written when consent was withdrawn earlier.
    scrub((Story, ids), title=ERASED_TITLE)
    consents = list(Consent.objects.filter(story_id__in=ids).values_list("pk", flat=True))
    scrub((Consent, consents), withdrawal_note=ERASED_REASON)
    return len(ids)


def _erase_activity_contacts(activities: list[Activity], *, email: str, name: str) -> int:
    """Take the person out of each activity's contact details, now and in every kept version, leaving any other
    contact an earlier version gave."""
    ids = [activity.pk for activity in activities]
    blank = {"contact_name": "", "contact_email": "", "contact_phone": ""}
    history = history_model_of(Activity)
    for rows in (Activity.everything.filter(pk__in=ids), history._default_manager.filter(id__in=ids)):
        if email:
            rows.filter(contact_email__iexact=email).update(**blank)
            rows.filter(take_part_email__iexact=email).update(take_part_email="")
        if name:
            rows.filter(contact_name__iexact=name).update(**blank)
    return len(ids)


def _erase_account(user) -> None:
    """Switch the account off for good and replace everything in it that names the person."""
    memberships = set(Membership.objects.filter(user=user).values_list("pk", flat=True))
    history = history_model_of(Membership)
    if history is not None:
        memberships |= set(history._default_manager.filter(user_id=user.pk).values_list("id", flat=True))
    delete_with_history((Membership, memberships))
    delete_with_history(ApiToken.objects.filter(user=user))
    # The organisation's sign-on linked to the account (an email and the provider's name for them), and their
    # authenticator apps and backup codes: nothing to sign in with, and nothing that names them.
    SignOnLink.objects.filter(user=user).delete()
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    username = f"erased-{user.pk}"
    scrub(
        get_user_model().objects.filter(pk=user.pk),
        username=username,
        first_name="",
        last_name="",
        email="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
    )
    _end_sessions(user)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
    ).update(object_repr=username, change_message="")


def _end_sessions(user) -> None:
    """Sign them out everywhere: their sessions hold only their account's id, but should not outlive it."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def forget_kept_pages() -> None:
    """Pages and figures kept in the shared cache may show the person: drop them all, so none outlives erasure."""
    shared_cache.clear()
    kept.recent.items.clear()
