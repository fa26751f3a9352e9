"""Loop closures: how and when an activity's participants were told what happened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.loop import services
from engaging.loop.forms import LoopClosureForm
from engaging.register.views.access import activity_for_reading


@internal_only
@require_http_methods(["GET", "POST"])
def closure_create(request, pk: int):
    activity = activity_for_reading(pk)
    if not request.user.has_perm("loop.add_loopclosure", activity):
        raise PermissionDenied
    form = LoopClosureForm(request.POST if request.method == "POST" else None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                closure = services.record_loop_closure(closure=form.save(commit=False), user=request.user)
                form.record_publish_anyway(closure, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "How people were told has been recorded.")
            return redirect(activity)
    return render(
        request,
        "loop/closure_form.html",
        {
            "form": form,
            "activity": activity,
            "crumbs": [
                ("Home", "/"),
                ("Register", "/register/"),
                (activity.title, activity.get_absolute_url()),
                ("Record how people were told", None),
            ],
        },
    )
