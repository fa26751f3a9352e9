"""A member organisation's evidence page: what it did, heard, answered, told people and evaluated."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from engaging.accounts.access import permission_required
from engaging.accounts.models import Organisation
from engaging.assurance import refreshing, stored
from engaging.assurance.evidence import evidence_for
from engaging.assurance.forms import PeriodForm
from engaging.assurance.periods import default_period
from engaging.assurance.views.access import DASHBOARD, HOME, board_crumb
from engaging.core.kept import Piece, render_page

# The key of a stored view (engaging/assurance/stored.py): a board member's evidence for the last 12 months.
STORED = "organisation={}"


def _content(organisation: Organisation, form: PeriodForm, today: date) -> bytes:
    """The page's content for a valid period; rendered without the request, as it may be stored and shown to all."""
    start, end = form.period()
    form.show(**{"from": start, "to": end})
    evidence = evidence_for(organisation, start=start, end=end, today=today)
    context = {"form": form, "organisation": organisation, "evidence": evidence}
    return render_to_string("assurance/_evidence.html", context).encode()


def stored_page(key: str, today: date) -> bytes | None:
    """The content of a stored view (`STORED`), worked out for `today`; None when the organisation is gone or has
    left the board."""
    organisation = Organisation.objects.filter(on_board=True, pk=key.removeprefix("organisation=")).first()
    if organisation is None:
        return None
    form = PeriodForm({}, today=today)
    form.is_valid()
    return _content(organisation, form, today)


@permission_required("assurance.view_evidence")
@require_safe
def evidence(request, pk: int):
    """The evidence for the period in the address: a board member's last 12 months as stored, others worked out."""
    organisation = get_object_or_404(Organisation.objects.all(), pk=pk)
    today = date.today()
    form = PeriodForm(request.GET, today=today)
    content = None
    if form.is_valid():
        found = None
        if organisation.on_board and form.period() == default_period(today):
            found = stored.figures("evidence", STORED.format(organisation.pk), today=today, request=request)
        if found is not None:
            if not found.up_to_date:
                refreshing.queue_refresh()
            content = Piece(found.as_at().encode() + found.content)
        else:
            content = Piece(_content(organisation, form, today))
    context = {
        "content": content,  # rendered by our own template, which escapes what it shows
        "form": form,
        "organisation": organisation,
        "crumbs": [HOME, board_crumb(), DASHBOARD, (organisation.name, None)],
    }
    return render_page(request, "assurance/evidence.html", context, status=200 if content is not None else 400)
