"""Background work for the feedback loop, run by the task worker (`manage.py db_worker`).

`send_loop_reminders` is enqueued once a day by `manage.py send_loop_reminders` (run it from cron).
"""

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from engaging.accounts.models import Membership
from engaging.core.addresses import absolute_url
from engaging.loop import closure
from engaging.loop.models import LoopReminder
from engaging.register.models import Activity

# Nobody hears about the same activity more often than this.
REMINDER_INTERVAL = timedelta(days=7)


def officer_emails_by_organisation(organisation_ids) -> dict[int, set[str]]:
    """The email addresses of each organisation's active officers, in one query."""
    emails: dict[int, set[str]] = {}
    rows = (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Membership.Role.OFFICER, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("organisation_id", "user__email")
    )
    for organisation_id, email in rows:
        emails.setdefault(organisation_id, set()).add(email)
    return emails


def reminder_recipients(activity: Activity, officers: dict[int, set[str]]) -> list[str]:
    """The activity's contact and the lead organisation's officers, each once."""
    emails = set(officers.get(activity.lead_organisation_id, set()))
    if activity.contact_email:
        emails.add(activity.contact_email)
    return sorted(emails, key=str.lower)


def recently_reminded(now) -> set[int]:
    """Activities someone was reminded about within the last week."""
    since = now - REMINDER_INTERVAL
    return set(LoopReminder.objects.filter(sent_at__gt=since).values_list("activity_id", flat=True))


@task()
def send_loop_reminders(today: str | None = None) -> int:
    """Email a reminder about each overdue activity, unless one was sent in the last week.

    `today` (YYYY-MM-DD) is for tests and catching up; normally it is today. Returns how many
    reminders were sent, so the result is visible in the task's record.
    """
    day = date.fromisoformat(today) if today else date.today()
    now = timezone.now()
    overdue = list(closure.overdue_activities(today=day).select_related("lead_organisation"))
    skip = recently_reminded(now)
    officers = officer_emails_by_organisation({a.lead_organisation_id for a in overdue})
    sent = 0
    for activity in overdue:
        if activity.pk in skip:
            continue
        recipients = reminder_recipients(activity, officers)
        if not recipients:
            continue
        with transaction.atomic():
            # Lock the activity so two workers running at once cannot both remind about it.
            Activity.objects.select_for_update().filter(pk=activity.pk).first()
            if LoopReminder.objects.filter(activity=activity, sent_at__gt=now - REMINDER_INTERVAL).exists():
                continue
            LoopReminder.objects.create(activity=activity, sent_at=now, recipients=len(recipients))
            context = {
                "activity": activity,
                "closed": activity.closing_day,
                "deadline": closure.deadline(activity.closing_day),
                "days_overdue": closure.days_overdue(closed=activity.closing_day, today=day),
                # Sent on a schedule, with no request: SITE_URL, or its documented fallback.
                "link": absolute_url(activity.get_absolute_url()),
                "record_link": absolute_url(reverse("loop:closure_create", args=[activity.pk])),
            }
            send_mail(
                subject=f"Tell people what happened: “{activity.title}”",
                message=render_to_string("loop/reminder_email.txt", context),
                from_email=None,
                recipient_list=recipients,
            )
        sent += 1
    return sent
