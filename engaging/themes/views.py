"""Officers' pages: theme summaries, coding comments least-certain first, retraining, and draft findings."""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.core.kept import kept_view
from engaging.insight.models import Finding
from engaging.insight.services import save_finding
from engaging.register.models import Activity
from engaging.themes import frameworks, rules
from engaging.themes.forms import CodeForm, DraftFindingForm
from engaging.themes.models import Comment, CommentTheme, Framework, Theme, TrainingRun
from engaging.themes.quotes import example_quotes
from engaging.themes.tasks import classify_new, request_retraining

HOME = ("Home", "/")
THEMES = ("Themes in comments", "/themes/")


def _framework(request=None):
    """The framework asked for by `?framework=KEY` (or a posted `framework`); the NHS one when none is named."""
    key = ""
    if request is not None:
        key = (request.POST.get("framework") or request.GET.get("framework") or "").strip()
    try:
        return frameworks.get_framework(key or "nhs-patient-experience")
    except frameworks.UnknownFramework:
        raise Http404("No such framework") from None


def _themes_crumb(framework) -> tuple[str, str]:
    return ("Themes in comments", _with_framework(reverse("themes:index"), framework))


def _with_framework(url: str, framework) -> str:
    """A page's address that keeps to the framework chosen (the NHS one needs no mention)."""
    return url if framework.built_in else f"{url}?framework={quote(framework.key)}"


def _require_coder(user) -> None:
    if not rules.can_code_comments(user):
        raise PermissionDenied


@internal_only
@require_GET
@kept_view(params=("framework",))
def index(request):
    """How many comments each theme has, by sentiment, with the latest training and what is left to code."""
    framework = _framework(request)
    themes = (
        Theme.objects.filter(framework=framework)
        .annotate(
            total=Count("comment_themes"),
            negative=Count("comment_themes", filter=Q(comment_themes__comment__sentiment="negative")),
            positive=Count("comment_themes", filter=Q(comment_themes__comment__sentiment="positive")),
        )
        .order_by("position", "pk")
    )
    comments = Comment.objects.filter(framework=framework)
    # Each counted on its own from the index the coding queue reads (framework, confirmed, certainty), rather
    # than all three in one pass over every comment. Classifying gives every comment a certainty (services.py),
    # so those without one are those not classified yet.
    counts = {
        "total": comments.count(),
        "confirmed": comments.filter(confirmed=True).count(),
        "unclassified": comments.filter(certainty=None).count(),
    }
    return render(
        request,
        "themes/index.html",
        {
            "framework": framework,
            "themes": themes,
            "counts": counts,
            "run": TrainingRun.objects.filter(framework=framework).first(),
            "can_code": rules.can_code_comments(request.user),
            "others": Framework.objects.exclude(pk=framework.pk).order_by("-built_in", "name"),
            "crumbs": [HOME, ("Themes in comments", None)],
        },
    )


@internal_only
@require_POST
def gather(request):
    """Queue gathering new comments from every source and suggesting their themes."""
    _require_coder(request.user)
    framework = _framework(request)
    classify_new.enqueue(framework.pk)
    messages.success(request, "New comments are being gathered and given suggested themes. Refresh in a minute.")
    return redirect(_with_framework(reverse("themes:index"), framework))


@internal_only
@require_POST
def retrain(request):
    """Queue a training from the comments officers have confirmed."""
    _require_coder(request.user)
    framework = _framework(request)
    request_retraining(framework=framework, user=request.user)
    messages.success(request, "Training from your confirmed comments has started. Its progress is shown below.")
    return redirect(_with_framework(reverse("themes:index"), framework))


@internal_only
@require_http_methods(["GET", "POST"])
def code(request, pk: int | None = None):
    """One comment at a time, least certain first: tick the themes that apply, choose a sentiment, confirm."""
    _require_coder(request.user)
    framework = _framework(request)
    queue = Comment.objects.filter(framework=framework).least_certain_first()
    if pk is None:
        skipped = _skipped(request)
        comment = queue.exclude(pk__in=skipped).first()
        if comment is None:
            return render(
                request,
                "themes/code_done.html",
                {
                    "crumbs": [HOME, _themes_crumb(framework), ("Code comments", None)],
                    "skipped": bool(skipped),
                    "framework": framework,
                },
            )
        return redirect(_with_framework(reverse("themes:code_comment", args=[comment.pk]), framework))
    comment = Comment.objects.filter(framework=framework, pk=pk).first()
    if comment is None:
        raise Http404
    themes = list(Theme.objects.filter(framework=framework).order_by("position", "pk"))
    scores = dict(CommentTheme.objects.filter(comment=comment).values_list("theme_id", "score"))
    initial = {"themes": [str(pk) for pk in scores], "sentiment": comment.sentiment or None}
    form = CodeForm(request.POST if request.method == "POST" else None, initial=initial, themes=themes, scores=scores)
    if request.method == "POST":
        if "skip" in request.POST:
            request.session["themes_skipped"] = [*_skipped(request), comment.pk][-200:]
            return redirect(_with_framework(reverse("themes:code"), framework))
        if form.is_valid():
            from engaging.themes.services import confirm_themes

            confirm_themes(
                comment=comment,
                themes=form.chosen_themes(),
                sentiment=form.cleaned_data["sentiment"],
                user=request.user,
            )
            messages.success(request, "Comment confirmed. Here is the next one.")
            return redirect(_with_framework(reverse("themes:code"), framework))
    return render(
        request,
        "themes/code.html",
        {
            "comment": comment,
            "form": form,
            "suggested": bool(scores),
            "from_keywords": bool(scores) and all(score is None for score in scores.values()),
            "left": queue.count(),
            "framework": framework,
            "crumbs": [HOME, _themes_crumb(framework), ("Code comments", None)],
        },
    )


def save_draft_finding(*, activity, statement: str, heard_on: date | None, user) -> Finding:
    """A finding that is not public, heard on the latest comment's date (never before the activity started)."""
    heard = heard_on or date.today()
    if activity.start_date and heard < activity.start_date:
        heard = activity.start_date
    finding = Finding(
        activity=activity, statement=statement, kind=Finding.Kind.SUMMARY, heard_on=heard, is_public=False
    )
    return save_finding(finding=finding, relations={}, user=user)


def _skipped(request) -> list[int]:
    return [int(pk) for pk in request.session.get("themes_skipped", []) if str(pk).isdigit()]


@internal_only
@require_http_methods(["GET", "POST"])
def theme_detail(request, pk: int):
    """A theme's comments in numbers, anonymised example quotes, and a form to turn them into a draft finding."""
    theme = Theme.objects.select_related("framework").filter(pk=pk).first()
    if theme is None:
        raise Http404
    comments = Comment.objects.with_theme(theme)
    by_sentiment = dict(comments.values_list("sentiment").annotate(n=Count("pk")).values_list("sentiment", "n"))
    quotes = example_quotes(comments)
    can_code = rules.can_code_comments(request.user)
    activities = [
        a
        for a in Activity.objects.filter(pk__in=comments.exclude(activity=None).values("activity")).order_by("title")[
            :200
        ]
        if request.user.has_perm("insight.add_finding", a)
    ]
    summary = f"{theme.name}: {comments.count()} comments. " + " ".join(f"“{q}”" for q in quotes)
    form = DraftFindingForm(
        request.POST if request.method == "POST" else None, activities=activities, initial={"statement": summary[:4000]}
    )
    if request.method == "POST":
        _require_coder(request.user)
        if form.is_valid():
            activity = Activity.objects.get(pk=form.cleaned_data["activity"])
            try:
                finding = save_draft_finding(
                    activity=activity,
                    statement=form.cleaned_data["statement"],
                    heard_on=comments.filter(activity=activity).aggregate(latest=Max("written_on"))["latest"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error("activity", " ".join(error.messages))
            else:
                messages.success(
                    request, f"Draft finding {finding.pk} saved, not public. Check it and add its details."
                )
                return redirect("insight:edit", pk=finding.pk)
    return render(
        request,
        "themes/theme.html",
        {
            "theme": theme,
            "count": comments.count(),
            "by_sentiment": [(label, by_sentiment.get(value, 0)) for value, label in Comment.Sentiment.choices],
            "quotes": quotes,
            "form": form,
            "can_code": can_code,
            "crumbs": [HOME, THEMES, (theme.name, None)],
        },
    )
