"""Background work for the register, run by the task worker (`manage.py db_worker`)."""

from collections.abc import Callable

from django.core.mail import EmailMessage, send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from engaging.core.addresses import absolute_url
from engaging.core.spreadsheets import STOPPED, ImportResult
from engaging.register.answering import and_list, who_answers
from engaging.register.models import ImportJob, JoinUp


@task()
def notify_joinup_proposed(joinup_id: int, site: str = "") -> int:
    """Email whoever answers for the other organisation (its officers, or the coordinators when it has none)
    and its activity's contact that a join-up has been proposed. When the coordinators answer, the contact
    gets an email of their own, saying who answers for them and how to reach them and the proposer.

    `site` is the address of the request that proposed it, for the link when SITE_URL is not set.

    Returns how many people were emailed, so the result is visible in the task's record.
    """
    joinup = (
        JoinUp.objects.select_related("from_activity__lead_organisation", "to_activity__lead_organisation")
        .filter(pk=joinup_id)
        .first()
    )
    if joinup is None or joinup.status != JoinUp.Status.PROPOSED:
        return 0
    target = joinup.to_activity
    # The same people the proposer was told would answer (their officers, or the coordinators for them).
    answerers = who_answers(target)
    recipients = list(answerers.emails)
    if not recipients:
        return 0
    proposer = joinup.from_activity.lead_organisation
    whose = f"{target.lead_organisation}'s activity" if answerers.by_coordinators else "your activity"
    body = (
        (
            f"Nobody at {target.lead_organisation} uses the hub yet, so the coordinators are asked to answer "
            "for them.\n\n"
            if answerers.by_coordinators
            else ""
        )
        + f"{proposer} would like to join up “{joinup.from_activity}” with {whose} “{target}”: "
        "both ask the same people in the same places at about the same time.\n\n"
        + (f"Their message: {joinup.message}\n\n" if joinup.message else "")
        + f"Answer the proposal: {absolute_url(reverse('joining:respond', args=[joinup.pk]), root=site)}\n"
    )
    subject = f"{proposer} proposes joining up with “{target}”"
    if not answerers.contact_told_apart:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
        return len(recipients)
    # The coordinators answer for an organisation nobody at which uses the hub: they get the email above,
    # and the activity's contact, who cannot answer in the hub, is told what is happening and whom to reach.
    sent = 0
    if answerers.answering_emails:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=list(answerers.answering_emails))
        sent += len(answerers.answering_emails)
    EmailMessage(
        subject=subject,
        body=_body_for_contact(joinup, answerers),
        to=[answerers.contact_email],
        reply_to=list(answerers.answering_emails),
    ).send()
    return sent + 1


def _body_for_contact(joinup, answerers) -> str:
    """The email to the contact of an activity whose organisation nobody uses the hub at."""
    proposer = joinup.from_activity.lead_organisation
    target = joinup.to_activity
    organisation = target.lead_organisation
    if answerers.coordinators:
        who = (
            f"Nobody at {organisation} uses Engaging Together, the partnership's engagement hub, so the board's "
            f"coordinators, {and_list(answerers.coordinators)}, will answer the proposal for {organisation}."
            + (
                " To have your say in the answer, reply to this email and it will reach them."
                if answerers.answering_emails
                else ""
            )
        )
    else:
        who = (
            f"Nobody at {organisation} uses Engaging Together, the partnership's engagement hub, so the proposal "
            "waits there until someone can answer it for you."
        )
    theirs = joinup.from_activity
    reach = (
        f"\n\nTo talk it over with {proposer}, contact "
        f"{theirs.contact_name + ' at ' if theirs.contact_name else ''}{theirs.contact_email}."
        if theirs.contact_email
        else ""
    )
    return (
        f"{proposer} would like to join up “{theirs}” with your activity “{target}”: "
        "both ask the same people in the same places at about the same time.\n\n"
        + (f"Their message: {joinup.message}\n\n" if joinup.message else "")
        + who
        + reach
        + "\n"
    )


def run_job(job_id: int, run: Callable[[ImportJob], ImportResult]) -> str:
    """Run a queued import once, by `run(job)`; the job keeps the outcome for the officer to read.

    Activities and findings are imported this way alike, each by its own task.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("user", "activity").get(pk=job_id)
    try:
        result = run(job)
    except Exception:
        job.state = ImportJob.State.FAILED
        job.problems = [STOPPED]
        job.problem_count = 1
        raise
    else:
        job.state = ImportJob.State.DONE if result.ok else ImportJob.State.REFUSED
        job.created_count = result.created
        job.problem_count = result.problem_count
        job.problems = result.stored_problems()
        job.notes = list(result.notes)
    finally:
        job.data = b""
        job.finished_at = timezone.now()
        job.save()
    return job.state


@task()
def run_import_job(job_id: int) -> str:
    """Check and import a queued spreadsheet of activities."""
    from engaging.register import spreadsheets

    return run_job(
        job_id, lambda job: spreadsheets.import_activities(data=bytes(job.data), filename=job.filename, user=job.user)
    )
