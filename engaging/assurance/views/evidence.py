"""A member organisation's evidence page: what it did, heard, answered, told people and evaluated."""

from datetime import date

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from engaging.accounts.access import permission_required
from engaging.accounts.models import Organisation
from engaging.assurance.evidence import evidence_for
from engaging.assurance.forms import PeriodForm
from engaging.assurance.views.access import DASHBOARD, HOME, board_crumb


@permission_required("assurance.view_evidence")
@require_safe
def evidence(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.all(), pk=pk)
    today = date.today()
    form = PeriodForm(request.GET, today=today)
    context = {
        "form": form,
        "organisation": organisation,
        "crumbs": [HOME, board_crumb(), DASHBOARD, (organisation.name, None)],
    }
    if form.is_valid():
        start, end = form.period()
        form.show(**{"from": start, "to": end})
        context["evidence"] = evidence_for(organisation, start=start, end=end, today=today)
    return render(request, "assurance/evidence.html", context)
