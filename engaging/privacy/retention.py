"""Applying the retention schedule: what has been kept past its time is anonymised or deleted, history included.

`apply_schedule()` is run every day by `manage.py apply_retention` or the task worker (tasks.py). Each kind
is applied in its own transaction, so one kind failing leaves the others done; each run is recorded with its
counts (privacy.models.RetentionRun). A dry run does everything inside a transaction that is then rolled back,
so its counts are exactly what a real run would do, and nothing changes.

Anonymised where the record still counts for something (a booking is still a place taken and a person trained;
a rating still rates; a story was still heard), deleted where nothing depends on it. Wherever a model keeps
history (django-simple-history), the same fields are blanked in, or the rows deleted from, its history too
(engaging/core/erasure.py).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from engaging.accounts.models import ApiToken
from engaging.core.erasure import clear_from_disk, delete_with_history, history_models, scrub
from engaging.core.models import ViewRecord
from engaging.evaluation.models import EqualityMonitoring, ParticipantFeedback
from engaging.learning.models import Booking, BookingChange, SessionFeedback
from engaging.privacy import schedule
from engaging.privacy.models import RetentionRun
from engaging.questionnaires import services as questionnaires
from engaging.questionnaires.models import AboutYou
from engaging.themes.models import Comment
from engaging.voice.erasure import erase_stories
from engaging.voice.models import Story

logger = logging.getLogger(__name__)

# An anonymised booking's email: unique per booking (a session takes one booking per address) and plainly no one's.
REMOVED_EMAIL_DOMAIN = "removed.invalid"


@dataclass
class Done:
    anonymised: int = 0
    deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"anonymised": self.anonymised, "deleted": self.deleted}


def _cutoff_day(today: date, days: int) -> date:
    return today - timedelta(days=days)


def _cutoff_time(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


# --- Each kind ----------------------------------------------------------------------------------------------


def hear_back(days: int, now: datetime, dry_run: bool) -> Done:
    """Contact details given to hear back: deleted (questionnaires' own rule, with the schedule's days)."""
    count = questionnaires.delete_expired_contacts(today=timezone.localdate(now), keep_days=days, dry_run=dry_run)
    return Done(deleted=count)


def bookings(days: int, now: datetime, dry_run: bool) -> Done:
    """Bookings for sessions that ended long ago: the person's details go, the place and its counts stay."""
    ended = Booking.objects.filter(session__ends_at__lt=_cutoff_time(now, days))
    due = ended.exclude(email__endswith=f"@{REMOVED_EMAIL_DOMAIN}")
    ids = list(due.values_list("pk", flat=True))
    done = Done()
    if ids:
        email = Concat(Value("booking-"), Cast("id", CharField()), Value(f"@{REMOVED_EMAIL_DOMAIN}"))
        done.anonymised += scrub((Booking, ids), name="", email=email, access_needs="").total
        BookingChange.objects.filter(booking_id__in=ids).exclude(reason="").update(reason="")
    done.anonymised += SessionFeedback.objects.filter(booking__in=ended).exclude(comment="").update(comment="")
    return done


def feedback(days: int, now: datetime, dry_run: bool) -> Done:
    """Participant feedback comments: the words go, the ratings stay; copies sorted into themes are deleted."""
    due = ParticipantFeedback.objects.filter(given_on__lt=_cutoff_day(timezone.localdate(now), days)).exclude(
        comment=""
    )
    refs = [str(pk) for pk in due.values_list("pk", flat=True)]
    done = Done()
    if refs:
        done.deleted += delete_with_history(
            Comment.objects.filter(source=Comment.Source.FEEDBACK, source_ref__in=refs)
        ).total
        done.anonymised += scrub(due, comment="").total
    return done


def stories(days: int, now: datetime, dry_run: bool) -> Done:
    """Stories whose consent is older than the schedule's days: erased as a withdrawal erases them."""
    due = (
        Story.everything.filter(consent__given_on__lt=_cutoff_day(timezone.localdate(now), days))
        .exclude(text="", told_by="")
        .values_list("pk", flat=True)
    )
    ids = list(due)
    if not ids:
        return Done()
    return Done(anonymised=erase_stories(ids).total)


def equality(days: int, now: datetime, dry_run: bool) -> Done:
    """Equality answers from activities that ended, or questionnaires that closed, long ago: deleted."""
    cutoff = _cutoff_day(timezone.localdate(now), days)
    done = Done()
    done.deleted += delete_with_history(EqualityMonitoring.objects.filter(activity__end_date__lt=cutoff)).total
    done.deleted += delete_with_history(AboutYou.objects.filter(questionnaire__closes_on__lt=cutoff)).total
    return done


def api_tokens(days: int, now: datetime, dry_run: bool) -> Done:
    """Tokens revoked, or not used, for the schedule's days: deleted."""
    cutoff = _cutoff_time(now, days)
    due = ApiToken.objects.filter(
        Q(revoked_at__lt=cutoff) | Q(revoked_at__isnull=True, last_used_at__lt=cutoff)
        | Q(revoked_at__isnull=True, last_used_at__isnull=True, created_at__lt=cutoff)
    )  # fmt: skip
    return Done(deleted=delete_with_history(due).total)


def sign_ins(days: int, now: datetime, dry_run: bool) -> Done:
    """Sign-in attempts and logs older than the schedule's days, and every expired session: deleted."""
    from django.apps import apps

    cutoff = _cutoff_time(now, days)
    done = Done()
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        model = apps.get_model("axes", name)
        done.deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    try:  # who set up two-step sign-in or linked an organisation's account, where the hub records it
        events = apps.get_model("accounts", "AccountEvent")
    except LookupError:
        events = None
    if events is not None:
        done.deleted += events.objects.filter(at__lt=cutoff).delete()[0]
    done.deleted += Session.objects.filter(expire_date__lt=now).delete()[0]
    return done


def history(days: int, now: datetime, dry_run: bool) -> Done:
    """Versions older than the schedule's days: deleted, except the latest version of each record still there."""
    cutoff = _cutoff_time(now, days)
    done = Done()
    for model in history_models():
        tracked = model.instance_type
        id_field = tracked._meta.pk.attname
        old = model.objects.filter(history_date__lt=cutoff)
        if not old.exists():
            continue
        newest = (
            model.objects.filter(**{f"{id_field}__in": tracked._base_manager.values("pk")})
            .values(id_field)
            .annotate(newest=Max("history_id"))
            .values("newest")
        )
        done.deleted += old.exclude(history_id__in=newest).delete()[0]
    return done


def views(days: int, now: datetime, dry_run: bool) -> Done:
    """Records of who viewed what, older than the schedule's days: deleted."""
    return Done(deleted=ViewRecord.objects.filter(viewed_at__lt=_cutoff_time(now, days)).delete()[0])


APPLY: dict[str, Callable[[int, datetime, bool], Done]] = {
    "hear-back": hear_back,
    "bookings": bookings,
    "feedback": feedback,
    "stories": stories,
    "equality": equality,
    "api-tokens": api_tokens,
    "sign-ins": sign_ins,
    "history": history,
    "views": views,
}
assert set(APPLY) == set(schedule.BY_KEY), "every kind on the schedule is applied"  # noqa: S101


class _RollBack(Exception):
    pass


def _apply_one(key: str, days: int, now: datetime, dry_run: bool) -> Done:
    if not dry_run:
        with transaction.atomic():
            return APPLY[key](days, now, False)
    done = Done()
    try:
        with transaction.atomic():
            done = APPLY[key](days, now, True)
            raise _RollBack
    except _RollBack:
        pass
    return done


def apply_schedule(
    *, trigger: str = RetentionRun.Trigger.COMMAND, dry_run: bool = False, only=None, now: datetime | None = None
) -> RetentionRun:
    """Apply the schedule to every kind (or the kinds in `only`), and record the run with its counts."""
    now = now or timezone.now()
    keys = [kind.key for kind in schedule.KINDS if only is None or kind.key in only]
    periods = schedule.days_now()
    run = RetentionRun.objects.create(
        started_at=now, trigger=trigger, dry_run=dry_run, periods={key: periods[key] for key in keys}
    )
    counts: dict[str, dict[str, int]] = {}
    try:
        for key in keys:
            counts[key] = _apply_one(key, periods[key], now, dry_run).as_dict()
    except Exception as error:
        run.failed = f"{type(error).__name__} while applying {key}"[:200]
        logger.exception("Retention stopped at %s", key)
        raise
    finally:
        run.counts = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at", "failed"])
    if not dry_run and not transaction.get_connection().in_atomic_block:
        clear_from_disk()
    return run
