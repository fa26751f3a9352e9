"""Easy Read versions: of activities' public summaries and of "You said, we did".

The pages residents read, and the forms authors edit one idea at a time.
"""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_safe

from engaging.accounts.roles import roles_for
from engaging.loop.models import Response, public_feedback_activities, public_findings
from engaging.loop.views.access import response_for_editing
from engaging.plain.checking import check_text, live_glossary
from engaging.plain.easy_read import about_activity, draft_ideas, opening_ideas
from engaging.plain.forms import IdeaFormSet
from engaging.plain.hints import hints_context
from engaging.plain.models import EasyRead
from engaging.plain.pictures import svg
from engaging.plain.picturing import live_keywords, picture_named, shown
from engaging.plain.services import draft_for_activity, save_easy_read
from engaging.plain.terms import Glossary
from engaging.register.models import Activity

BLANK_IDEAS = 3  # empty rows at the end of the form, to add ideas without JavaScript


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def status_idea(response: Response, today: date) -> str:
    """The line each "We did" block starts with: how far the response has got and by when, worked out live.

    Said from the response's own status and dates, so it is never out of date and never a line that says nothing.
    """
    Status = Response.Status
    if response.status in (Status.CONSIDERING, Status.PLANNED, Status.IN_PROGRESS) and response.is_late_on(today):
        return f"We said we would do this by {_day(response.due_on)}. It is late: we have not finished it yet."
    by = f" by {_day(response.due_on)}" if response.due_on else ""
    if response.status == Status.CONSIDERING:
        return f"We are thinking about this. We will decide{by}." if by else "We are thinking about this."
    if response.status == Status.PLANNED:
        return f"We plan to do this{by}."
    if response.status == Status.IN_PROGRESS:
        return f"We are working on this now. We expect to finish{by}." if by else "We are working on this now."
    if response.status == Status.DONE:
        return (
            f"We did this. It was done on {_day(response.completed_on)}." if response.completed_on else "We did this."
        )
    return "We cannot do this."


def shown_ideas(ideas: list[dict], keywords: dict) -> list[dict]:
    return [shown(idea["text"], keywords, idea.get("picture") or "") for idea in ideas]


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
            "ideas": shown_ideas(easy_read.ideas, live_keywords()),
            "is_public": is_public,
            "can_edit": request.user.has_perm("register.change_activity", activity),
            "standard_url": standard,
            "crumbs": [("Home", "/"), (activity.title, standard), ("Easy Read", None)],
        },
    )


# You said, we did ---------------------------------------------------------------------------------


def draft_for_response(response: Response, *, glossary: Glossary) -> list[str]:
    """A first Easy Read draft of a response: what was decided or done, why not if it cannot be, and what changed."""
    ideas = draft_ideas(response.action, glossary=glossary)
    if response.status == Response.Status.NOT_POSSIBLE:
        ideas += draft_ideas(response.reason, glossary=glossary)
    return ideas + draft_ideas(response.outcome, glossary=glossary)


def we_did(
    response: Response, saved: list[dict] | None, *, glossary: Glossary, keywords: dict, today: date
) -> list[dict]:
    """A response's "We did" block: how far it has got, then its saved Easy Read ideas or a draft of them."""
    ideas = saved or [{"text": text, "picture": ""} for text in draft_for_response(response, glossary=glossary)]
    return [shown(status_idea(response, today), keywords), *shown_ideas(ideas, keywords)]


@require_safe
def easy_read_you_said_we_did(request, pk: int):
    """The Easy Read version of an activity's "You said, we did" page: only what the standard page shows.

    A fixed number of queries, however many findings and responses there are.
    """
    activity = get_object_or_404(
        public_feedback_activities().only("id", "title", "start_date", "end_date", "participants_actual"), pk=pk
    )
    heard = public_findings().filter(activity=activity)
    findings = list(heard.order_by("heard_on", "pk").only("id", "statement"))
    answering = Response.findings.through.objects.filter(finding__in=heard.values("pk")).values("response_id")
    responses = list(
        Response.objects.public()
        .filter(pk__in=answering)
        .order_by("-updated_at", "-pk")
        .only("id", "action", "outcome", "reason", "status", "organisation", "due_on", "completed_on")
    )
    saved = {
        easy_read.object_id: easy_read.ideas
        for easy_read in EasyRead.objects.filter(
            content_type=ContentType.objects.get_for_model(Response), object_id__in=[r.pk for r in responses]
        ).only("object_id", "ideas")
    }
    glossary, keywords, today = live_glossary(), live_keywords(), date.today()
    said = [
        shown_ideas([{"text": text} for text in opening_ideas(f.statement, glossary=glossary)], keywords)
        for f in findings
    ]
    did = [
        {
            "response": response,
            "ideas": we_did(response, saved.get(response.pk), glossary=glossary, keywords=keywords, today=today),
            "can_edit": request.user.has_perm("loop.change_response", response),
        }
        for response in responses
    ]
    standard = reverse("yswd:activity", args=[pk])
    return render(
        request,
        "plain/easy_read_you_said_we_did.html",
        {
            "activity": activity,
            "about": [shown(text, keywords) for text in about_activity(activity, today)],
            "said": [ideas for ideas in said if ideas],
            "did": did,
            # The hub's own lines for what is not there yet: an egg timer, whatever words they share with others.
            "nothing_said": [shown("We have not shared what people told us yet.", keywords, "wait")],
            "nothing_done": [shown("We have not said what we are doing about it yet.", keywords, "wait")],
            "standard_url": standard,
            "crumbs": [
                ("Home", "/"),
                ("You said, we did", reverse("yswd:index")),
                (activity.title, standard),
                ("Easy Read", None),
            ],
        },
    )


# The forms authors use ----------------------------------------------------------------------------


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


def _edit_ideas(
    request,
    *,
    subject,
    draft: Callable[[], list[str]],
    saved_url: Callable[[], str],
    redrafted: str,
    template: str,
    context: dict,
):
    """The Easy Read form for any record: starts from `draft()` until something is saved, one idea per row."""
    easy_read = EasyRead.objects.for_object(subject).first()
    redraft = request.method == "POST" and "redraft" in request.POST
    if request.method == "POST" and not redraft:
        formset = IdeaFormSet(request.POST, prefix="ideas")
        if formset.is_valid():
            ideas = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("text")]
            save_easy_read(subject=subject, ideas=ideas)
            messages.success(request, "The Easy Read version has been saved.")
            return redirect(saved_url())
    else:
        drafted = redraft or easy_read is None or not easy_read.ideas
        ideas = [{"text": idea, "picture": ""} for idea in draft()] if drafted else easy_read.ideas
        formset = IdeaFormSet(initial=_initial(ideas), prefix="ideas")
        if redraft:
            messages.info(request, redrafted)
    texts = [form["text"].value() or "" for form in formset.forms]
    text = "\n\n".join(t for t in texts if t.strip())
    keywords = live_keywords()
    return render(
        request,
        template,
        {
            **context,
            "formset": formset,
            "errors": _errors(formset) if formset.is_bound else [],
            "exists": easy_read is not None,
            "pictures": [
                svg(picture_named(form["picture"].value() or "", form["text"].value() or "", keywords))
                for form in formset
            ],
            "hints": hints_context(check_text(text), field_id="easy-read", text=text),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def easy_read_activity_edit(request, pk: int):
    """Write or change an activity's Easy Read version, starting from a draft of its summary."""
    activity = get_object_or_404(Activity.objects, pk=pk)
    if not request.user.has_perm("register.change_activity", activity):
        raise PermissionDenied
    title = "Easy Read version"
    return _edit_ideas(
        request,
        subject=activity,
        draft=lambda: draft_for_activity(activity),
        saved_url=lambda: reverse("plain:easy_read_activity", args=[pk]),
        redrafted="This is a new draft from the summary. Save it to replace the Easy Read version.",
        template="plain/easy_read_form.html",
        context={
            "activity": activity,
            "title": title,
            "crumbs": [
                ("Home", "/"),
                ("Register", "/register/"),
                (activity.title, reverse("register:detail", args=[pk])),
                (title, None),
            ],
        },
    )


def _where_residents_read(response: Response) -> str:
    """Where to see a response's Easy Read version: on the first activity's Easy Read page, if it is public."""
    if Response.objects.public().filter(pk=response.pk).exists():
        first = public_findings().filter(responses=response).order_by("heard_on", "pk").first()
        if first is not None:
            return reverse("yswd:easy_read", args=[first.activity_id]) + f"#response-{response.pk}"
    return response.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def easy_read_response_edit(request, pk: int):
    """Write or change a response's Easy Read version, starting from a draft of what was decided or done."""
    response = response_for_editing(request.user, pk)
    title = "Easy Read version"
    return _edit_ideas(
        request,
        subject=response,
        draft=lambda: draft_for_response(response, glossary=live_glossary()),
        saved_url=lambda: _where_residents_read(response),
        redrafted="This is a new draft from the response. Save it to replace the Easy Read version.",
        template="plain/easy_read_response_form.html",
        context={
            "response": response,
            "title": title,
            "crumbs": [
                ("Home", "/"),
                ("Feedback loop", reverse("loop:index")),
                (str(response), response.get_absolute_url()),
                (title, None),
            ],
        },
    )
