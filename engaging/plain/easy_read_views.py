"""Easy Read versions of activities' public summaries: the page residents read, and the form authors edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from engaging.accounts.roles import roles_for
from engaging.plain.checking import check_text
from engaging.plain.forms import IdeaFormSet
from engaging.plain.hints import hints_context
from engaging.plain.models import EasyRead
from engaging.plain.pictures import picture_for, svg
from engaging.plain.services import draft_for_activity, save_easy_read
from engaging.register.models import Activity

BLANK_IDEAS = 3  # empty rows at the end of the form, to add ideas without JavaScript


def shown_ideas(easy_read: EasyRead) -> list[dict]:
    return [
        {"text": idea["text"], "svg": svg(idea.get("picture") or picture_for(idea["text"]))} for idea in easy_read.ideas
    ]


def easy_read_activity(request, pk: int):
    """The Easy Read version of a public activity; partners may also preview one that is not public yet."""
    activity = get_object_or_404(Activity.objects, pk=pk)
    is_public = Activity.objects.public().filter(pk=pk).exists()
    if not is_public and not roles_for(request.user).internal:
        raise Http404("No such activity")
    easy_read = EasyRead.objects.for_object(activity).first()
    if easy_read is None or not easy_read.ideas:
        raise Http404("This activity has no Easy Read version")
    standard = reverse("public:activity", args=[pk]) if is_public else reverse("register:detail", args=[pk])
    return render(
        request,
        "plain/easy_read.html",
        {
            "activity": activity,
            "ideas": shown_ideas(easy_read),
            "is_public": is_public,
            "can_edit": request.user.has_perm("register.change_activity", activity),
            "standard_url": standard,
            "crumbs": [("Home", "/"), (activity.title, standard), ("Easy Read", None)],
        },
    )


def _initial(ideas: list[dict]) -> list[dict]:
    return [*ideas, *({"text": "", "picture": ""} for _ in range(BLANK_IDEAS))]


def _errors(formset) -> list[tuple[str, str]]:
    errors = []
    first = formset.forms[0]["text"].auto_id if formset.forms else ""
    for message in formset.non_form_errors():
        errors.append((first, message))
    for form in formset.forms:
        for name in ("text", "picture"):
            for message in form[name].errors:
                errors.append((form[name].auto_id, message))
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def easy_read_activity_edit(request, pk: int):
    """Write or change an activity's Easy Read version, starting from a draft of its summary."""
    activity = get_object_or_404(Activity.objects, pk=pk)
    if not request.user.has_perm("register.change_activity", activity):
        raise PermissionDenied
    easy_read = EasyRead.objects.for_object(activity).first()
    redraft = request.method == "POST" and "redraft" in request.POST
    if request.method == "POST" and not redraft:
        formset = IdeaFormSet(request.POST, prefix="ideas")
        if formset.is_valid():
            ideas = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("text")]
            save_easy_read(subject=activity, ideas=ideas)
            messages.success(request, "The Easy Read version has been saved.")
            return redirect("plain:easy_read_activity", pk=pk)
    else:
        drafted = redraft or easy_read is None or not easy_read.ideas
        ideas = [{"text": idea, "picture": ""} for idea in draft_for_activity(activity)] if drafted else easy_read.ideas
        formset = IdeaFormSet(initial=_initial(ideas), prefix="ideas")
        if redraft:
            messages.info(request, "This is a new draft from the summary. Save it to replace the Easy Read version.")
    texts = [form["text"].value() or "" for form in formset.forms]
    check = check_text("\n\n".join(text for text in texts if text.strip()))
    title = "Easy Read version"
    return render(
        request,
        "plain/easy_read_form.html",
        {
            "activity": activity,
            "formset": formset,
            "errors": _errors(formset) if formset.is_bound else [],
            "exists": easy_read is not None,
            "pictures": [svg(form["picture"].value() or picture_for(form["text"].value() or "")) for form in formset],
            "hints": hints_context(check, field_id="easy-read", text="\n\n".join(t for t in texts if t.strip())),
            "title": title,
            "crumbs": [
                ("Home", "/"),
                ("Register", "/register/"),
                (activity.title, reverse("register:detail", args=[pk])),
                (title, None),
            ],
        },
    )
