"""The engagement assessment of an agenda item, as a page and as a Word document for a board paper."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from engaging.accounts.access import permission_required
from engaging.assurance import links
from engaging.assurance.assessment import assess
from engaging.assurance.assessment_word import write_docx
from engaging.assurance.forms import AssessmentIndicatorsForm
from engaging.assurance.views.access import HOME, board_crumb
from engaging.board.models import AgendaItem
from engaging.core import cache
from engaging.core.kept import kept_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting__board", "lead_organisation"), pk=pk)


@permission_required("assurance.view_assessment")
@require_safe
@kept_view(params=["indicator"])
def assessment(request, pk: int):
    item = _item(pk)
    chooser = AssessmentIndicatorsForm(request.GET or None)
    indicators = chooser.chosen()
    if chooser.is_bound and not chooser.is_valid():
        cache.skip()
    item_url = links.agenda_item(item.pk)
    crumbs = [HOME, board_crumb()]
    if item_url:
        crumbs += [(str(item.meeting), links.meeting(item.meeting_id)), (item.title, item_url)]
    crumbs.append(("Engagement assessment", None))
    return render(
        request,
        "assurance/assessment.html",
        {
            "assessment": assess(item, today=date.today(), indicators=indicators),
            "chooser": chooser,
            "any_indicators": chooser.fields["indicator"].queryset.exists(),
            "query": request.GET.urlencode() if indicators else "",
            "item": item,
            "item_url": item_url,
            "crumbs": crumbs,
        },
    )


@permission_required("assurance.view_assessment")
@require_safe
def assessment_docx(request, pk: int):
    chooser = AssessmentIndicatorsForm(request.GET or None)
    if chooser.is_bound and not chooser.is_valid():
        # The same page with its message naming the choice, rather than a document without what was asked for.
        return redirect(f"{reverse('assurance:assessment', args=[pk])}?{request.GET.urlencode()}")
    result = assess(_item(pk), today=date.today(), indicators=chooser.chosen())
    response = HttpResponse(write_docx(result), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
