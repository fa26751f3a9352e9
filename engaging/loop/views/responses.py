"""Responses: what was decided or done about what people said."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.core.kept import kept_view
from engaging.core.record_versions import save_unless_stale
from engaging.insight.models import Finding
from engaging.loop import services
from engaging.loop.forms import ResponseForm
from engaging.loop.models import Response
from engaging.loop.views.access import response_for_editing, response_for_reading
from engaging.register.models import Activity
from engaging.register.views.access import activity_for_reading
from engaging.register.views.activities import publish_anyway_rows

HOME = ("Home", "/")
REGISTER = ("Register", "/register/")
LOOP = ("Feedback loop", "/feedback-loop/")


def _save(request, form):
    """Save a valid form through the service; a rule broken since the form was checked becomes a form error.

    The reason for any text published although it missed the target is kept with the save, or not at all.
    """
    try:
        with transaction.atomic():
            response = services.save_response(
                response=form.save(commit=False), findings=form.chosen_findings, user=request.user
            )
            form.record_publish_anyway(response, request.user)
        return response
    except ValidationError as error:
        add_errors(form, error)
        return None


@internal_only
@require_http_methods(["GET", "POST"])
def response_create(request, pk: int):
    """Record a response to findings of an activity (and, optionally, of others)."""
    if not request.user.has_perm("loop.add_response"):
        raise PermissionDenied
    activity = activity_for_reading(pk)
    form = ResponseForm(request.POST if request.method == "POST" else None, user=request.user, activities=[activity])
    if request.method == "GET":
        # A link from a finding can tick it in advance.
        wanted = [v for v in request.GET.getlist("finding") if v.isascii() and v.isdigit() and len(v) < 19]
        form.initial["findings"] = list(
            form.fields["findings"].queryset.filter(pk__in=wanted).values_list("pk", flat=True)
        )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form)
        if response is not None:
            messages.success(request, "The response has been recorded.")
            return redirect(response)
    return render(
        request,
        "loop/response_form.html",
        {
            "form": form,
            "activity": activity,
            "title": "Record a response",
            "cancel_url": activity.get_absolute_url(),
            "crumbs": [HOME, REGISTER, (activity.title, activity.get_absolute_url()), ("Record a response", None)],
        },
    )


def _activities_of(response: Response) -> list[Activity]:
    ids = Finding.everything.filter(responses=response).values("activity_id")
    return list(Activity.everything.filter(pk__in=ids).select_related("lead_organisation").order_by("title"))


def _readable(change) -> dict:
    """A change as people read it: statuses by their names rather than their stored values."""
    old, new = change.old, change.new
    if change.field == "status":
        labels = dict(Response.Status.choices)
        old, new = labels.get(old, old), labels.get(new, new)
    return {"field": change.field, "old": old, "new": new}


@internal_only
@require_safe
@kept_view()
def response_detail(request, pk: int):
    response = response_for_reading(request.user, pk)
    findings = list(response.findings(manager="everything").select_related("activity").order_by("activity_id", "pk"))
    records = list(response.history.select_related("history_user").order_by("-history_date", "-history_id")[:100])
    changes = []
    for newer, older in zip(records, [*records[1:], None] if records else [], strict=True):
        delta = [] if older is None else newer.diff_against(older, foreign_keys_are_objs=False).changes
        if older is None or delta or newer.history_type != "~":
            changes.append((newer, [_readable(change) for change in delta]))
    return render(
        request,
        "loop/response_detail.html",
        {
            "response": response,
            "findings": findings,
            "changes": changes,
            "field_labels": {f.name: f.verbose_name for f in Response._meta.get_fields() if hasattr(f, "verbose_name")},
            "can_change": request.user.has_perm("loop.change_response", response) and not response.is_archived,
            "can_restore": request.user.has_perm("loop.restore_response") and response.is_archived,
            "publish_anyway": publish_anyway_rows(response),
            "crumbs": [HOME, LOOP, (str(response), None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def response_edit(request, pk: int):
    response = response_for_editing(request.user, pk)
    activities = _activities_of(response)
    form = ResponseForm(
        request.POST if request.method == "POST" else None, user=request.user, activities=activities, instance=response
    )
    if request.method == "POST" and form.is_valid():
        if save_unless_stale(form, response, lambda: _save(request, form)) is not None:
            messages.success(request, "Your changes have been saved.")
            return redirect(response)
    return render(
        request,
        "loop/response_form.html",
        {
            "form": form,
            "response": response,
            "title": "Change the response",
            "cancel_url": response.get_absolute_url(),
            "crumbs": [HOME, LOOP, (str(response), response.get_absolute_url()), ("Change", None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def response_archive(request, pk: int):
    response = response_for_editing(request.user, pk)
    if not request.user.has_perm("loop.archive_response", response):
        raise PermissionDenied
    if request.method == "POST":
        services.archive_response(response=response)
        messages.success(request, "The response has been archived. A coordinator can restore it.")
        return redirect("loop:index")
    return render(
        request,
        "loop/response_archive.html",
        {"response": response, "crumbs": [HOME, LOOP, (str(response), response.get_absolute_url()), ("Archive", None)]},
    )


@internal_only
@require_POST
def response_restore(request, pk: int):
    if not request.user.has_perm("loop.restore_response"):
        raise PermissionDenied
    response = get_object_or_404(Response.everything.archived(), pk=pk)
    services.restore_response(response=response)
    messages.success(request, "The response has been restored.")
    return redirect(response)
