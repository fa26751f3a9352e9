"""Coordinators' pages for people's requests: find a person's data, download it, erase it, and the record kept.

Searches and choices travel by POST, never in the address, so an email address or a name does not end up in
browser history or the server's logs.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_view, page_of
from engaging.rights import services
from engaging.rights.describing import SUMMARISED, describe, summarise, when
from engaging.rights.erasing import CannotErase, check_can_erase
from engaging.rights.export import zip_name
from engaging.rights.finding import KIND, find_person
from engaging.rights.forms import FindPersonForm
from engaging.rights.models import DataRequest

coordinator_only = permission_required("rights.handle_requests")

HOME = ("Home", "/")
YOUR_DATA = ("Your data", "/your-data/")
REQUESTS = ("Requests to see or erase data", "/your-data/requests/")
PER_PAGE = 50
# Sign-ins can run to hundreds: the page counts them, the download lists each.
SUMMARISED_ON_PAGE = SUMMARISED | {"sign_ins"}


@coordinator_only
@require_GET
@kept_view(params=("page",))
def index(request):
    page = page_of(Paginator(DataRequest.objects.select_related("handled_by"), PER_PAGE), request)
    return render(
        request,
        "rights/index.html",
        {"page": page, "requests": page.object_list, "kinds": KIND, "crumbs": [HOME, YOUR_DATA, (REQUESTS[0], None)]},
    )


@coordinator_only
@require_GET
def data_request(request, reference: str):
    data_request = get_object_or_404(DataRequest.objects.select_related("handled_by"), reference=reference)
    rows = [
        (KIND[slug].title if slug in KIND else slug, count, data_request.erased.get(slug))
        for slug, count in data_request.found.items()
    ]
    return render(
        request,
        "rights/request.html",
        {
            "data_request": data_request,
            "rows": rows,
            "answered": when(data_request.completed_at),
            "crumbs": [HOME, YOUR_DATA, REQUESTS, (data_request.reference, None)],
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
@kept_view()  # the empty form; a search (POST) is never kept
def find(request):
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    crumbs = [HOME, YOUR_DATA, REQUESTS, ("Find a person's data", None)]
    if request.method != "POST" or not form.is_valid():
        return render(request, "rights/find.html", {"form": form, "crumbs": crumbs})
    found = find_person(email=form.cleaned_data["email"], name=form.cleaned_data["name"])
    if not found:
        return render(request, "rights/find.html", {"form": form, "nothing_found": True, "crumbs": crumbs})
    return render(request, "rights/results.html", _results_context(form, found, ticked=set()))


def _results_context(form, found, *, ticked) -> dict:
    accounts = {record.key: describe(record).heading for record in found.records if record.kind == "account"}
    sections = []
    for kind, records in found.by_kind():
        section = {"kind": kind, "count": len(records), "possible": sum(1 for r in records if not r.certain)}
        if kind.slug in SUMMARISED_ON_PAGE:
            section["summary"] = summarise(records)
        else:
            section["records"] = [(r, describe(r), accounts.get(r.owner, "")) for r in records]
        sections.append(section)
    return {
        "form": form,
        "found": found,
        "sections": sections,
        "ticked": ticked,
        "received_on": form.cleaned_data["received_on"],
        "crumbs": [HOME, YOUR_DATA, REQUESTS, ("What the hub holds", None)],
    }


def _chosen(request):
    """The search again, from the hidden fields, and what was chosen of it: every certain match and the possible
    ones ticked. Returns the form, and what was found and chosen, or None for a search that is not valid."""
    form = FindPersonForm(request.POST)
    if not form.is_valid():
        return form, None, None
    found = find_person(email=form.cleaned_data["email"], name=form.cleaned_data["name"])
    return form, found, found.chosen(request.POST.getlist("include"))


def _not_chosen(request, form, found, doing: str):
    """The search page again when it is not valid, or the results with an error when nothing of them was chosen."""
    if found is None or not found:
        crumbs = [HOME, YOUR_DATA, REQUESTS, ("Find a person's data", None)]
        context = {"form": form, "crumbs": crumbs, "nothing_found": found is not None}
        return render(request, "rights/find.html", context, status=400)
    context = _results_context(form, found, ticked=set())
    context["nothing_ticked"] = f"Tick at least one possible match to {doing}"
    return render(request, "rights/results.html", context, status=400)


@coordinator_only
@require_POST
def download(request):
    form, found, chosen = _chosen(request)
    if not chosen:
        return _not_chosen(request, form, found, "download")
    data_request, archive = services.give_access(chosen, by=request.user, received_on=form.cleaned_data["received_on"])
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{zip_name(data_request.reference)}"'
    return response


@coordinator_only
@require_POST
def erase(request):
    form, found, chosen = _chosen(request)
    if not chosen:
        return _not_chosen(request, form, found, "erase")
    problem = None
    try:
        check_can_erase(chosen, by=request.user)
    except CannotErase as refused:
        problem = str(refused)
    if request.POST.get("confirm") == "yes" and problem is None:
        data_request = services.erase(chosen, by=request.user, received_on=form.cleaned_data["received_on"])
        # The message names the request, never the person: messages may be kept in the session.
        messages.success(request, f"Erasure request {data_request.reference} is done.")
        return redirect(data_request)
    rows = [
        {
            "kind": kind,
            "count": len(records),
            "headings": [describe(r).heading for r in records[:10]],
            "more": max(len(records) - 10, 0),
        }
        for kind, records in chosen.by_kind()
    ]
    return render(
        request,
        "rights/erase_check.html",
        {
            "form": form,
            "found": chosen,
            "rows": rows,
            "problem": problem,
            "included": [record.key for record in chosen.records if record.possible],
            "received_on": form.cleaned_data["received_on"],
            "crumbs": [HOME, YOUR_DATA, REQUESTS, ("Check before you erase", None)],
        },
    )
