"""Easy Read pages' shared parts: ideas as a page shows them, and the form authors edit one idea at a time.

The pages themselves belong to the apps whose records they are about (an activity's in the register, a response's
in the feedback loop, "You said, we did" on the public site): each calls `edit_ideas` with its own record.
"""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from engaging.plain.checking import check_text
from engaging.plain.forms import IdeaFormSet
from engaging.plain.hints import hints_context
from engaging.plain.models import EasyRead
from engaging.plain.pictures import svg
from engaging.plain.picturing import live_keywords, picture_named, shown
from engaging.plain.services import save_easy_read

BLANK_IDEAS = 3  # empty rows at the end of the form, to add ideas without JavaScript


def shown_ideas(ideas: list[dict], keywords: dict) -> list[dict]:
    return [shown(idea["text"], keywords, idea.get("picture") or "") for idea in ideas]


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


def edit_ideas(
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
