"""Frameworks of themes: the built-in one to read, and partners' own to define, fill with themes and reorder."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only, require, roles_for
from engaging.core.kept import kept_view
from engaging.themes import frameworks, training
from engaging.themes.forms import FrameworkForm, ThemeForm
from engaging.themes.models import Comment, CommentTheme, Framework, Theme, TrainingRun
from engaging.themes.views import HOME, THEMES

FRAMEWORKS = ("Frameworks", "/themes/frameworks/")


def _framework(key: str) -> Framework:
    framework = Framework.objects.select_related("organisation").filter(key=key).first()
    if framework is None:
        raise Http404("No such framework")
    return framework


def _editable(request, key: str) -> Framework:
    framework = _framework(key)
    require(request.user, "themes.change_framework", framework)
    return framework


def _theme(framework: Framework, pk: int) -> Theme:
    theme = Theme.objects.filter(framework=framework, pk=pk).first()
    if theme is None:
        raise Http404("No such theme")
    return theme


def _crumbs(framework: Framework, *more) -> list:
    return [HOME, THEMES, FRAMEWORKS, (framework.name, reverse("themes:framework", args=[framework.key])), *more]


@internal_only
@require_GET
@kept_view()
def framework_list(request):
    """Every framework, the built-in one first, with its themes, comments and whether a model is trained."""
    frameworks.install_builtin()
    listed = list(Framework.objects.select_related("organisation").order_by("-built_in", "name"))
    # Counted a table at a time: joining themes and comments in one query would pair every theme with every
    # comment (32 themes × 100,000 comments) before counting.
    themes = dict(Theme.objects.order_by().values("framework").annotate(n=Count("pk")).values_list("framework", "n"))
    comments = dict(
        Comment.objects.order_by().values("framework").annotate(n=Count("pk")).values_list("framework", "n")
    )
    for framework in listed:
        framework.theme_count = themes.get(framework.pk, 0)
        framework.comment_count = comments.get(framework.pk, 0)
    trained = set(
        TrainingRun.objects.filter(state=TrainingRun.State.DONE).values_list("framework_id", flat=True).distinct()
    )
    return render(
        request,
        "themes/frameworks.html",
        {
            "frameworks": [(f, f.pk in trained, request.user.has_perm("themes.change_framework", f)) for f in listed],
            "can_define": request.user.has_perm("themes.add_framework"),
            "crumbs": [HOME, THEMES, ("Frameworks", None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def framework_new(request):
    """Start a framework of one's own: its short name, name and purpose; themes are added next."""
    require(request.user, "themes.add_framework")
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework = form.save(commit=False)
        roles = roles_for(request.user)
        # An officer's framework belongs to their organisation; a coordinator's to the whole partnership.
        framework.organisation_id = None if roles.coordinator else min(roles.officer_of)
        framework.save()
        messages.success(request, f"{framework.name} created. Now add its themes.")
        return redirect("themes:theme_add", key=framework.key)
    return render(
        request,
        "themes/framework_form.html",
        {"form": form, "crumbs": [HOME, THEMES, FRAMEWORKS, ("Create a framework", None)]},
    )


@internal_only
@require_http_methods(["GET", "POST"])
def framework_edit(request, key: str):
    """Change a partner framework's name and purpose (its short name stays, as commands use it)."""
    framework = _editable(request, key)
    form = FrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Framework details saved.")
        return redirect("themes:framework", key=framework.key)
    return render(
        request,
        "themes/framework_form.html",
        {"form": form, "framework": framework, "crumbs": _crumbs(framework, ("Change details", None))},
    )


@internal_only
@require_GET
def framework_detail(request, key: str):
    """A framework's themes in order, with how many comments each has, and how its suggestions are made."""
    framework = _framework(key)
    themes = list(
        Theme.objects.filter(framework=framework)
        .annotate(
            coded=Count("comment_themes"),
            confirmed=Count("comment_themes", filter=Q(comment_themes__comment__confirmed=True)),
        )
        .order_by("position", "pk")
    )
    run = (
        TrainingRun.objects.filter(framework=framework, state=TrainingRun.State.DONE)
        .order_by("-finished_at", "-pk")
        .defer("data")
        .first()
    )
    return render(
        request,
        "themes/framework.html",
        {
            "framework": framework,
            "themes": themes,
            "run": run,
            "model_current": training.current_model(framework) is not None,
            "can_edit": request.user.has_perm("themes.change_framework", framework),
            "crumbs": [HOME, THEMES, FRAMEWORKS, (framework.name, None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def theme_add(request, key: str):
    """Add a theme at the end of a partner's framework."""
    framework = _editable(request, key)
    form = ThemeForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        theme = form.save()
        messages.success(request, f"Theme “{theme.name}” added.")
        if "another" in request.POST:
            return redirect("themes:theme_add", key=framework.key)
        return redirect("themes:framework", key=framework.key)
    return render(
        request,
        "themes/theme_form.html",
        {"form": form, "framework": framework, "crumbs": _crumbs(framework, ("Add a theme", None))},
    )


@internal_only
@require_http_methods(["GET", "POST"])
def theme_edit(request, key: str, pk: int):
    """Change a theme's category, name, definition or keywords."""
    framework = _editable(request, key)
    theme = _theme(framework, pk)
    form = ThemeForm(request.POST or None, instance=theme, framework=framework)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Theme “{theme.name}” saved.")
        return redirect("themes:framework", key=framework.key)
    return render(
        request,
        "themes/theme_form.html",
        {
            "form": form,
            "framework": framework,
            "theme": theme,
            "crumbs": _crumbs(framework, (f"Change {theme.name}", None)),
        },
    )


@internal_only
@require_POST
def theme_move(request, key: str, pk: int):
    """Move a theme one place up or down the framework's list."""
    framework = _editable(request, key)
    theme = _theme(framework, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, "Choose whether to move the theme up or down.")
        return redirect("themes:framework", key=framework.key)
    with transaction.atomic():
        ordered = list(Theme.objects.select_for_update().filter(framework=framework).order_by("position", "pk"))
        at = next(i for i, t in enumerate(ordered) if t.pk == theme.pk)
        to = at + step
        if 0 <= to < len(ordered):
            ordered[at], ordered[to] = ordered[to], ordered[at]
            for position, item in enumerate(ordered):
                item.position = position
            Theme.objects.bulk_update(ordered, ["position"])
            messages.success(request, f"“{theme.name}” moved {'up' if step < 0 else 'down'}.")
    return redirect(f"{reverse('themes:framework', args=[framework.key])}#theme-{theme.pk}")


@internal_only
@require_http_methods(["GET", "POST"])
def theme_remove(request, key: str, pk: int):
    """Check, then remove a theme; the comments coded with it lose it, and the model must be trained again."""
    framework = _editable(request, key)
    theme = _theme(framework, pk)
    links = CommentTheme.objects.filter(theme=theme)
    coded = links.count()
    confirmed = links.filter(comment__confirmed=True).count()
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "The theme was not removed.")
            return redirect("themes:framework", key=framework.key)
        name = theme.name
        theme.delete()
        messages.success(request, f"Theme “{name}” removed.")
        return redirect("themes:framework", key=framework.key)
    return render(
        request,
        "themes/theme_remove.html",
        {
            "framework": framework,
            "theme": theme,
            "coded": coded,
            "confirmed": confirmed,
            "crumbs": _crumbs(framework, (f"Remove {theme.name}", None)),
        },
    )
