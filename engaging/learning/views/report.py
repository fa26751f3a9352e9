"""The training report: people trained and places attended for any period, for everyone in the partnership."""

from datetime import date

from django.shortcuts import render
from django.views.decorators.http import require_GET

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_view
from engaging.learning.figures import training_figures
from engaging.learning.forms import ReportPeriodForm
from engaging.learning.views.manage import next_start

HOME = ("Home", "/")


@permission_required("learning.view_report")
@require_GET
@kept_view(
    params=tuple(f"{name}{part}" for name in ("start", "end") for part in ("", "_day", "_month", "_year")),
    more=next_start,  # sessions are counted once they have started
)
def report(request):
    """Figures for sessions starting in the chosen period; the current year when none is chosen."""
    form = ReportPeriodForm(request.GET or None)
    today = date.today()
    start, end = date(today.year, 1, 1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = ReportPeriodForm(initial={"start": start, "end": end})
    figures = training_figures(start, end)
    return render(
        request,
        "learning/report.html",
        {
            "form": form,
            "figures": figures,
            "crumbs": [HOME, ("Training report", None)],
        },
        status=400 if form.errors else 200,
    )
