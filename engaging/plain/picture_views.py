"""The coordinators' pages for Easy Read pictures: every picture with the keywords that choose it, and changing them."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from engaging.accounts.access import permission_required
from engaging.plain.models import EasyReadPicture
from engaging.plain.pictures import NAMES, PICTURES, clean_keywords, default_keywords, picture_for, svg
from engaging.plain.picturing import live_keywords

PICTURES_CRUMB = ("Easy Read pictures", "/words-we-use/pictures/")
KEYWORD_MAX = 50
LINE_MAX = 300
HISTORY_SHOWN = 20

coordinator_only = permission_required("plain.manage_pictures")


class KeywordsForm(forms.Form):
    keywords = forms.CharField(
        label="Keywords",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "Use 2,000 characters or fewer for the keywords"},
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.fields["keywords"].help_text = (
            "Words or short phrases, separated by commas. A line with one of them in it may get this picture; "
            "plurals are found too (“carer” finds “carers”). Leave it empty and the picture is used only "
            "when an author chooses it."
        )

    def clean_keywords(self) -> str:
        words = clean_keywords(self.cleaned_data["keywords"])
        for word in words:
            if len(word) > KEYWORD_MAX:
                raise forms.ValidationError(f"“{word[:20]}…” is too long: keep each keyword to {KEYWORD_MAX} letters")
            if not any(char.isalnum() or char == "£" for char in word):
                raise forms.ValidationError(f"“{word}” has no letters or numbers: remove it")
        taken = {
            word.lower(): other for other, others in live_keywords().items() if other != self.name for word in others
        }
        for word in words:
            if word.lower() in taken:
                other = PICTURES[taken[word.lower()]].alt
                raise forms.ValidationError(
                    f"“{word}” already chooses another picture ({other}): remove it from there first"
                )
        return ", ".join(words)


def _picture_or_404(name: str):
    if name not in PICTURES:
        raise Http404("No such picture")
    return PICTURES[name]


@coordinator_only
@require_safe
def pictures(request):
    """Every picture, its alt text and its keywords; `line` tries a line to see which picture it would get."""
    keywords = live_keywords()
    line = " ".join(request.GET.get("line", "").split())[:LINE_MAX]
    tried = None
    if line:
        chosen = picture_for(line, keywords)
        tried = {"line": line, "name": chosen, "svg": svg(chosen), "alt": PICTURES[chosen].alt if chosen else ""}
    rows = [
        {"name": name, "alt": PICTURES[name].alt, "svg": svg(name), "keywords": ", ".join(keywords[name])}
        for name in NAMES
    ]
    return render(
        request,
        "plain/pictures.html",
        {"rows": rows, "tried": tried, "line": line, "crumbs": [("Home", "/"), (PICTURES_CRUMB[0], None)]},
    )


def _changes(name: str) -> list[dict]:
    """The picture's keywords over time, newest first: who changed them, when, and what was added or taken out."""
    records = list(
        EasyReadPicture.history.filter(name=name)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: HISTORY_SHOWN + 1]
    )
    changes = []
    for record, before in zip(records, [*records[1:], None], strict=False):
        now = {word.lower(): word for word in clean_keywords(record.keywords)}
        then = {word.lower(): word for word in clean_keywords(before.keywords)} if before else {}
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user.get_full_name() or record.history_user.username
                if record.history_user
                else "The hub",
                "added": [word for key, word in now.items() if key not in then] if before else [],
                "removed": [word for key, word in then.items() if key not in now],
                "first": before is None,
                "note": record.history_change_reason or "",
            }
        )
    return changes[:HISTORY_SHOWN]


@coordinator_only
@require_http_methods(["GET", "POST"])
def picture_edit(request, name: str):
    """Change the keywords that choose one picture; every change is kept in its history."""
    picture = _picture_or_404(name)
    record = EasyReadPicture.objects.filter(name=name).first()
    current = record.keywords if record else ", ".join(default_keywords()[name])
    form = KeywordsForm(request.POST if request.method == "POST" else None, initial={"keywords": current}, name=name)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = EasyReadPicture.objects.select_for_update().filter(name=name).first() or EasyReadPicture(name=name)
            record.keywords = form.cleaned_data["keywords"]
            record.save()
        messages.success(request, f"The keywords for “{picture.alt}” have been saved.")
        return redirect("plain:pictures")
    title = f"Keywords for “{picture.alt}”"
    return render(
        request,
        "plain/picture_form.html",
        {
            "form": form,
            "picture": picture,
            "drawing": svg(name),
            "title": title,
            "changes": _changes(name),
            "crumbs": [("Home", "/"), PICTURES_CRUMB, (title, None)],
            "back": reverse("plain:pictures"),
        },
    )
