"""Coordinators keep the list of themes: add, rename, and merge one into another."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_view
from engaging.insight import services
from engaging.insight.forms import ThemeForm, ThemeMergeForm
from engaging.insight.models import Finding, Theme
from engaging.insight.views.access import HOME, LIBRARY

THEMES = ("Themes", "/insight/themes/")


theme_keepers_only = permission_required("insight.manage_themes")


def finding_counts() -> dict[int, int]:
    """How many live findings are filed under each theme, by the theme's id.

    Counted from the links alone, leaving out archived findings by their short list: joining every link
    to its finding to check it cost a lookup each, most of the page's time.
    """
    archived = Finding.everything.filter(archived_at__isnull=False).values("pk")
    links = Finding.themes.through.objects.exclude(finding_id__in=archived)
    return dict(links.order_by().values("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n"))


@theme_keepers_only
@require_GET
@kept_view()
def theme_list(request):
    show_archived = request.GET.get("archived") == "1"
    themes = list((Theme.everything.archived() if show_archived else Theme.objects.all()).order_by("name"))
    counts = finding_counts()
    for theme in themes:
        theme.finding_count = counts.get(theme.pk, 0)
    return render(
        request,
        "insight/themes.html",
        {
            "themes": themes,
            "show_archived": show_archived,
            "crumbs": [HOME, LIBRARY, ("Themes", None)],
        },
    )


@theme_keepers_only
@require_http_methods(["GET", "POST"])
def theme_edit(request, pk: int | None = None):
    theme = get_object_or_404(Theme.objects, pk=pk) if pk else None
    form = ThemeForm(request.POST if request.method == "POST" else None, instance=theme)
    if request.method == "POST" and form.is_valid():
        if theme is None:
            saved = form.save(commit=False)
            saved._history_user = request.user
            saved.save()
            messages.success(request, f"The theme “{saved}” has been added.")
        else:
            saved = services.rename_theme(
                theme=theme,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
            messages.success(request, f"The theme “{saved}” has been saved. Its findings are still filed under it.")
        return redirect("insight:themes")
    title = f"Rename “{theme}”" if theme else "Add a theme"
    return render(
        request,
        "insight/theme_form.html",
        {"form": form, "theme": theme, "title": title, "crumbs": [HOME, LIBRARY, THEMES, (title, None)]},
    )


@theme_keepers_only
@require_http_methods(["GET", "POST"])
def theme_merge(request, pk: int):
    theme = get_object_or_404(Theme.objects, pk=pk)
    form = ThemeMergeForm(request.POST if request.method == "POST" else None, theme=theme)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            moved = services.merge_themes(theme=theme, into=into, user=request.user)
        except ValidationError as error:
            form.add_error("into", error.messages)
        else:
            messages.success(
                request,
                f"“{theme}” has been merged into “{into}”: {moved} finding{'' if moved == 1 else 's'} moved.",
            )
            return redirect("insight:themes")
    count = theme.findings.count()
    return render(
        request,
        "insight/theme_merge.html",
        {
            "form": form,
            "theme": theme,
            "count": count,
            "crumbs": [HOME, LIBRARY, THEMES, (f"Merge “{theme}”", None)],
        },
    )
