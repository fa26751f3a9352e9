"""GP practices and their patient participation groups: coverage against the 100% target, gaps flagged, and the
coordinators' form to record a practice and how its group stands."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import internal_only, require
from engaging.core.forms import add_errors
from engaging.core.kept import kept_view
from engaging.surveys import coverage
from engaging.surveys.forms import PracticeForm
from engaging.surveys.models import PatientParticipationGroup, Practice
from engaging.surveys.services import save_practice

CRUMBS = [("Home", "/"), ("Surveys and indicators", "/surveys/")]
LIST = ("Patient participation groups", "/surveys/practices/")


@internal_only
@require_GET
@kept_view()
def practices(request):
    """Coverage by area (practices and registered patients), and every practice with its group."""
    practices = list(coverage.practices_with_groups())
    whole, areas = coverage.coverage(practices)
    return render(
        request,
        "surveys/practices.html",
        {
            "whole": whole,
            "areas": areas,
            "practices": practices,
            "target": coverage.TARGET,
            "today": date.today(),
            "may_manage": request.user.has_perm("surveys.manage_practices"),
            "crumbs": [*CRUMBS, (LIST[0], None)],
        },
    )


def _initial(practice: Practice | None) -> dict | None:
    if practice is None:
        return None
    group = PatientParticipationGroup.objects.filter(practice=practice).first()
    return {
        "name": practice.name,
        "ods_code": practice.ods_code,
        "area": practice.area_id,
        "primary_care_network": practice.primary_care_network,
        "list_size": practice.list_size,
        "postcode": practice.postcode,
        "group_status": group.status if group else PatientParticipationGroup.Status.NONE,
        "last_met": group.last_met if group else None,
        "members": group.members if group else None,
        "reviewed_on": group.reviewed_on if group else None,
        "agreed_actions": group.agreed_actions if group else "",
    }


@internal_only
@require_http_methods(["GET", "POST"])
def practice_form(request, pk: int | None = None):
    """Record a GP practice, or change one, with its patient participation group."""
    require(request.user, "surveys.manage_practices")
    practice = get_object_or_404(Practice.objects.filter(archived_at__isnull=True), pk=pk) if pk else None
    title = f"Change {practice.name}" if practice else "Add a GP practice"
    form = PracticeForm(
        request.POST if request.method == "POST" else None, initial=_initial(practice), practice=practice
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_practice(practice=practice, user=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("surveys:practices")
    return render(
        request,
        "surveys/practice_form.html",
        {"form": form, "practice": practice, "title": title, "crumbs": [*CRUMBS, LIST, (title, None)]},
    )
