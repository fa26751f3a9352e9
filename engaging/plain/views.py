"""Plain language: the public “Words we use” page, the glossary and public texts for coordinators, live hints."""

import re
import string
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_html, kept_view, page_of, render_page
from engaging.plain.checking import check_text, max_check_length, target_reading_age
from engaging.plain.forms import GlossaryTermForm
from engaging.plain.hints import hints_context
from engaging.plain.models import GlossaryTerm, PublicTextScore
from engaging.plain.registry import field_choices, find_field
from engaging.plain.reviewing import rows_for, worst_first

WORDS = ("Words we use", "/words-we-use/")
MANAGE = ("Manage the glossary", "/words-we-use/manage/")
PUBLIC_TEXTS_PAGE_SIZE = 50
FIELD_ID = re.compile(r"^[A-Za-z][\w-]{0,99}$")


def words_we_use(request):
    """The glossary for everyone, A to Z, with what each term means in plain words."""
    body = kept_html(request, "words-we-use", "plain/_words_body.html", lambda: _glossary(request), params=())
    return render_page(
        request, "plain/words.html", {"body": body, "crumbs": [("Home", "/"), (WORDS[0], None)]}, params=()
    )


def _glossary(request) -> dict:
    terms = list(GlossaryTerm.objects.all())
    sections = [(letter, list(group)) for letter, group in groupby(terms, key=lambda term: term.letter)]
    sections.sort(key=lambda section: (section[0] == "0–9", section[0]))
    present = {letter for letter, _ in sections}
    letters = [(letter, letter in present) for letter in string.ascii_uppercase]
    if "0–9" in present:
        letters.append(("0–9", True))
    return {
        "sections": sections,
        "letters": letters,
        "count": len(terms),
        "can_manage": request.user.has_perm("plain.manage_glossary"),
    }


coordinator_only = permission_required("plain.manage_glossary")


@coordinator_only
@kept_view(params=("archived", "q"), words=("q",))
def manage(request):
    """Every term, to add, change, archive or restore; `q` finds terms by any of their words."""
    show_archived = request.GET.get("archived") == "1"
    terms = GlossaryTerm.everything.archived() if show_archived else GlossaryTerm.objects.all()
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        terms = terms.filter(
            Q(term__icontains=query) | Q(plain_alternative__icontains=query) | Q(stands_for__icontains=query)
        )
    title = "Archived glossary terms" if show_archived else MANAGE[0]
    return render(
        request,
        "plain/manage.html",
        {
            "terms": terms,
            "query": query,
            "show_archived": show_archived,
            "title": title,
            "crumbs": [("Home", "/"), WORDS, (title, None)],
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    term = get_object_or_404(GlossaryTerm.objects, pk=pk) if pk else None
    form = GlossaryTermForm(request.POST if request.method == "POST" else None, instance=term)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"“{saved}” has been saved.")
        return redirect("plain:manage")
    title = f"Edit “{term}”" if term else "Add a term"
    return render(
        request,
        "plain/term_form.html",
        {"form": form, "term": term, "title": title, "crumbs": [("Home", "/"), WORDS, MANAGE, (title, None)]},
    )


@coordinator_only
@require_POST
def archive(request, pk: int):
    term = get_object_or_404(GlossaryTerm.objects, pk=pk)
    term.archive()
    messages.success(request, f"“{term}” has been archived. The checker no longer looks for it.")
    return redirect("plain:manage")


@coordinator_only
@require_POST
def restore(request, pk: int):
    term = get_object_or_404(GlossaryTerm.everything.archived(), pk=pk)
    term.restore()
    messages.success(request, f"“{term}” has been restored.")
    return redirect("plain:manage")


@login_required
@require_POST
def check(request):
    """Hints for one text field as its author writes (HTMX): the reading age, the issues, the text marked up.

    The request names the field (`plain_field`) and the id of its hints (`plain_id`); the text is
    that field's value, or `text`.
    """
    if not request.user.has_perm("plain.check_text"):
        raise PermissionDenied
    field_id = request.POST.get("plain_id", "")
    field_name = request.POST.get("plain_field", "")
    if not FIELD_ID.match(field_id) or (field_name and not FIELD_ID.match(field_name)):
        return HttpResponseBadRequest("Say which field to check, with plain_id and plain_field.")
    text = request.POST.get(field_name, "") if field_name else request.POST.get("text", "")
    if len(text) > max_check_length():
        context = hints_context(None, field_id=field_id, too_long=True)
    else:
        context = hints_context(check_text(text), field_id=field_id, text=text)
    return render(request, "plain/_check.html", context)


class PublicTextFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False,
        label="Kind of text",
        error_messages={"invalid_choice": "Choose a kind of text from the list"},
    )
    above_target = forms.BooleanField(required=False, label="Only texts that miss the target")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *field_choices()]


@permission_required("plain.review_public_texts")
@require_safe
@kept_view(params=("kind", "above_target", "page"))
def public_texts(request):
    """Every public text the checker has scored, hardest to read first, 50 to a page, with its issues in words."""
    form = PublicTextFilterForm(request.GET or None)
    scores = worst_first()
    if form.is_valid():
        found = find_field(form.cleaned_data["kind"])
        if found is not None:
            kind, text_field = found
            scores = scores.filter(content_type=kind.content_type, field=text_field.name)
        if form.cleaned_data["above_target"]:
            scores = scores.filter(meets_target=False)
    elif form.is_bound:
        scores = scores.none()
    page = page_of(Paginator(scores, PUBLIC_TEXTS_PAGE_SIZE), request)
    totals = PublicTextScore.objects.aggregate(all=Count("pk"), above=Count("pk", filter=Q(meets_target=False)))
    title = "Public texts"
    return render(
        request,
        "plain/public_texts.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows_for(list(page.object_list)),
            "total": totals["all"],
            "above": totals["above"],
            "target": target_reading_age(),
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
            "title": title,
            "crumbs": [("Home", "/"), WORDS, (title, None)],
        },
    )
