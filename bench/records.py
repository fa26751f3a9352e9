"""Which records the benchmark's detail pages show: the same kind of record at every scale, found by rule.

A page's query count is compared between scales, so each record is chosen for its shape (a public
activity with an Easy Read version, an agenda item that was screened…), never by an id, and the
first such record by id is taken, so a run on the same data measures the same pages.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count

OFFICER = "bench-officer"


def first(queryset):
    return queryset.order_by("pk").first()


def find() -> dict:
    """The records the pages are about, by kind; a kind with no record is None (and its pages are reported)."""
    from engaging.board.models import AgendaItem, Board, Meeting
    from engaging.evaluation.models import Evaluation, FeedbackLink
    from engaging.insight.models import Finding
    from engaging.lists.models import Area, Group
    from engaging.loop.models import Response, public_feedback_activities
    from engaging.plain.models import EasyRead
    from engaging.questionnaires.models import Questionnaire
    from engaging.register.models import Activity, Status
    from engaging.register.overlaps import Plan, overlapping
    from engaging.reports.models import LocalAccount
    from engaging.surveys.models import Indicator
    from engaging.voice.models import Story

    board = first(Board.objects.select_related("area"))
    borough = board.area if board is not None else first(Area.objects.filter(kind="borough"))
    popular = Group.objects.annotate(n=Count("activities")).order_by("-n", "pk").first()
    officer = get_user_model().objects.get(username=OFFICER)
    organisation = officer.memberships.order_by("pk").values_list("organisation_id", flat=True).first()
    # An activity being planned that overlaps others: its page has the "before you start" panel and
    # its overlaps, and nothing has been heard at it yet, at every scale.
    busy = None
    for status in (Status.PLANNED, Status.OPEN):
        for activity in Activity.objects.filter(status=status).order_by("pk")[:50]:
            if overlapping(Plan.of(activity)).exists():
                busy = activity
                break
        if busy is not None:
            break
    busy = busy or first(Activity.objects)
    read_easily = EasyRead.objects.filter(content_type__model="activity").exclude(ideas=[]).values("object_id")
    public = first(Activity.objects.public().filter(pk__in=read_easily)) or first(Activity.objects.public())
    heard = Finding.objects.public().values("activity_id")
    answered = first(public_feedback_activities().filter(pk__in=heard).filter(pk__in=_answered_activities()))
    meeting = first(Meeting.objects.filter(board=board, items__screening__isnull=False).distinct()) if board else None
    item = first(AgendaItem.objects.filter(meeting=meeting, screening__isnull=False)) if meeting else None
    link = first(
        FeedbackLink.objects.filter(is_open=True, activity__is_public=True, activity__archived_at__isnull=True)
        .exclude(activity__status__in=[Status.PLANNED, Status.CANCELLED])
    )  # fmt: skip
    return {
        "board": board,
        "borough": borough,
        "group": popular,
        "activity": busy,
        "own_activity": first(Activity.objects.filter(lead_organisation_id=organisation, archived_at__isnull=True)),
        "public_activity": public,
        "answered_activity": answered,
        "finding": first(Finding.objects.current().filter(activity__archived_at__isnull=True)),
        "response": first(Response.objects.public()),
        "meeting": meeting,
        "item": item,
        "organisation": organisation,
        "evaluation": first(Evaluation.objects.select_related("activity")),
        "story": first(Story.objects.public()),
        "account": LocalAccount.objects.filter(board=board, is_published=True).order_by("-year").first()
        if board
        else None,
        "feedback_link": link,
        "officer": officer,
        "indicator": first(Indicator.objects.filter(on_dashboard=True)),
        # One residents can answer now (on a public activity, still open, with questions) and has been answered.
        "questionnaire": first(Questionnaire.objects.public().open_on().filter(responses__isnull=False).distinct()),
    }


def _answered_activities():
    from engaging.loop.models import Response

    links = Response.findings.through.objects.filter(response__in=Response.objects.public())
    return links.values("finding__activity_id")
