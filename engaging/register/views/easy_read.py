"""An activity's Easy Read version: the page residents read, and the form its authors change it with."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from engaging.accounts.access import roles_for
from engaging.core.kept import kept_view
from engaging.plain.easy_read_views import edit_ideas, shown_ideas
from engaging.plain.models import EasyRead
from engaging.plain.picturing import live_keywords
from engaging.register.easy_read import draft_for_activity
from engaging.register.models import Activity


@kept_view()
def read(request, pk: int):
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
        "register/easy_read.html",
        {
            "activity": activity,
            "ideas": shown_ideas(easy_read.ideas, live_keywords()),
            "is_public": is_public,
            "can_edit": request.user.has_perm("register.change_activity", activity),
            "standard_url": standard,
            "crumbs": [("Home", "/"), (activity.title, standard), ("Easy Read", None)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Write or change an activity's Easy Read version, starting from a draft of its summary."""
    activity = get_object_or_404(Activity.objects, pk=pk)
    if not request.user.has_perm("register.change_activity", activity):
        raise PermissionDenied
    title = "Easy Read version"
    return edit_ideas(
        request,
        subject=activity,
        draft=lambda: draft_for_activity(activity),
        saved_url=lambda: reverse("plain:easy_read_activity", args=[pk]),
        redrafted="This is a new draft from the summary. Save it to replace the Easy Read version.",
        template="register/easy_read_form.html",
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
