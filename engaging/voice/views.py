"""Community voice pages: stories for the partnership, public stories for everyone, and withdrawing consent.

Every read of a story goes through `Story.objects.consented()` or `.public()` (via `visible_to`),
so a story whose consent was withdrawn is gone from every page at once.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from engaging.accounts.access import internal_only, permission_required
from engaging.board.models import Meeting
from engaging.core.forms import ModelChoiceField, add_errors
from engaging.core.kept import kept_html, kept_view, page_of, render_page
from engaging.core.record_versions import save_unless_stale
from engaging.core.viewing import records_views
from engaging.insight.models import Theme
from engaging.voice import services
from engaging.voice.forms import DecisionForm, StoryForm, WithdrawForm
from engaging.voice.models import Consent, Story

PAGE_SIZE = 20
HOME = ("Home", "/")
STORIES = ("Stories", "/stories/")


def story_for_reading(user, pk: int) -> Story:
    """A story this person may read: 404 if there is none, its consent was withdrawn, or it is not theirs to hear."""
    return get_object_or_404(Story.objects.visible_to(user).for_lists(), pk=pk)


def story_for_editing(user, pk: int) -> Story:
    """A story this person may change: 404 as for reading, 403 if they may only read it."""
    story = story_for_reading(user, pk)
    if not user.has_perm("voice.change_story", story):
        raise PermissionDenied
    return story


class StoryFilterForm(forms.Form):
    theme = ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    scope = forms.ChoiceField(
        label="Who may hear it",
        required=False,
        choices=[("", "Anyone allowed"), *Consent.Scope.choices],
        error_messages={"invalid_choice": "Choose who may hear it from the list"},
    )


@internal_only
@kept_view()
def index(request):
    """Every consented story, newest first; coordinators also see which stories had consent withdrawn."""
    filters = StoryFilterForm(request.GET or None)
    stories = Story.objects.consented().for_lists()
    if filters.is_valid():
        if filters.cleaned_data["theme"]:
            stories = stories.filter(themes=filters.cleaned_data["theme"])
        if filters.cleaned_data["scope"]:
            stories = stories.filter(consent__scope=filters.cleaned_data["scope"])
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    withdrawn = []
    if request.user.has_perm("voice.audit_withdrawn"):
        # Titles and dates only: a withdrawn story's words are never read again.
        withdrawn = list(
            Story.objects.withdrawn().order_by("-consent__withdrawn_at").values_list("title", "consent__withdrawn_at")
        )
    return render(
        request,
        "voice/index.html",
        {
            "filters": filters,
            "page_obj": page,
            "stories": list(page.object_list),
            "withdrawn": withdrawn,
            "waiting": Story.objects.waiting_for_approval().count()
            if request.user.has_perm("voice.approve_story")
            else None,
            "can_add": request.user.has_perm("voice.add_story"),
            "crumbs": [HOME, ("Stories", None)],
        },
    )


@internal_only
@records_views("voice.story")  # above kept_view: a story served from the cache is recorded too
@kept_view()
def story(request, pk: int):
    story = story_for_reading(request.user, pk)
    return render(
        request,
        "voice/story.html",
        {
            "story": story,
            "can_change": request.user.has_perm("voice.change_story", story),
            "can_withdraw": request.user.has_perm("voice.withdraw_consent", story),
            "can_decide": story.consent.scope == Consent.Scope.PUBLIC
            and story.approval == Story.Approval.WAITING
            and request.user.has_perm("voice.approve_story"),
            "decisions": list(story.decisions.select_related("decided_by")),
            "crumbs": [HOME, STORIES, (story.title, None)],
        },
    )


def public_stories(request):
    """Stories whose tellers agreed to the public hearing them. Anyone may read this page.

    Kept for everyone until a story, its consent or its approval changes (withdrawing consent is a change)."""

    def listed() -> dict:
        page = page_of(Paginator(Story.objects.public().for_public(), PAGE_SIZE), request)
        return {"page_obj": page, "stories": list(page.object_list)}

    body = kept_html(request, "stories", "voice/_public_body.html", listed, params=("page",), by_roles=False)
    crumbs = [HOME, ("Stories from residents", None)]
    return render_page(request, "voice/public.html", {"body": body, "crumbs": crumbs}, params=("page",))


def _form_page(request, form, story=None):
    title = f"Edit “{story.title}”" if story else "Record a story"
    crumbs = [HOME, STORIES]
    if story:
        crumbs.append((story.title, story.get_absolute_url()))
    crumbs.append(("Edit" if story else "Record a story", None))
    return render(request, "voice/form.html", {"form": form, "story": story, "title": title, "crumbs": crumbs})


@internal_only
@require_http_methods(["GET", "POST"])
def story_create(request):
    if not request.user.has_perm("voice.add_story"):
        raise PermissionDenied
    initial = {}
    meeting = request.GET.get("meeting", "")
    if meeting.isdigit() and Meeting.objects.filter(pk=meeting).exists():
        initial["meeting"] = int(meeting)
    form = StoryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                story = services.record_story(recorded_by=request.user, **form.service_arguments())
                form.record_publish_anyway(story, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            waits = " It will be on the public pages once a coordinator approves it." if form.publishes_text() else ""
            messages.success(request, f"“{story.title}” has been recorded with the teller's consent.{waits}")
            return redirect(story)
    return _form_page(request, form)


@internal_only
@require_http_methods(["GET", "POST"])
def story_edit(request, pk: int):
    story = story_for_editing(request.user, pk)
    form = StoryForm(request.POST if request.method == "POST" else None, instance=story)

    def save():
        try:
            with transaction.atomic():
                services.update_story(story=story, user=request.user, **form.service_arguments())
                form.record_publish_anyway(story, request.user)
        except ValidationError as error:
            add_errors(form, error)
            return None
        return story

    if request.method == "POST" and form.is_valid() and save_unless_stale(form, story, save):
        story.refresh_from_db(fields=["approval"])
        waits = story.consent.scope == Consent.Scope.PUBLIC and story.approval == Story.Approval.WAITING
        note = " The story waits for a coordinator to approve it before the public can read it." if waits else ""
        messages.success(request, f"Your changes have been saved.{note}")
        return redirect(story)
    return _form_page(request, form, story)


@internal_only
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """Confirm, then withdraw the teller's consent: the story disappears from every page and the API."""
    story = story_for_reading(request.user, pk)
    if not request.user.has_perm("voice.withdraw_consent", story):
        raise PermissionDenied
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(story=story, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            # Not the title: the story's words are erased now, and a message is kept in the session until shown.
            messages.success(
                request, "Consent is withdrawn. The story's words and the teller's details are erased everywhere."
            )
            return redirect("voice:index")
    return render(
        request,
        "voice/withdraw.html",
        {
            "story": story,
            "form": form,
            "crumbs": [HOME, STORIES, (story.title, story.get_absolute_url()), ("Withdraw consent", None)],
        },
    )


approvers_only = permission_required("voice.approve_story")


@approvers_only
@kept_view()
def waiting(request):
    """The public stories waiting for a coordinator, oldest first, and those sent back to their authors."""
    return render(
        request,
        "voice/waiting.html",
        {
            "stories": list(Story.objects.waiting_for_approval().for_lists().select_related("recorded_by")),
            "sent_back": list(
                Story.objects.consented()
                .filter(consent__scope=Consent.Scope.PUBLIC, approval=Story.Approval.SENT_BACK)
                .select_related("consent", "recorded_by")
                .order_by("-updated_at")
            ),
            "crumbs": [HOME, STORIES, ("Stories waiting for approval", None)],
        },
    )


@approvers_only
@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """Approve a public story, or send it back to its author with a reason; the decision is kept with the story."""
    story = get_object_or_404(Story.objects.waiting_for_approval().for_lists(), pk=pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                services.approve_story(story=story, user=request.user)
                messages.success(request, f"“{story.title}” is approved. The public can read it now.")
            else:
                services.send_back_story(story=story, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, f"“{story.title}” has been sent back to its author with your reason.")
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("voice:waiting")
    return render(
        request,
        "voice/decide.html",
        {
            "story": story,
            "form": form,
            "decisions": list(story.decisions.select_related("decided_by")),
            "crumbs": [HOME, STORIES, ("Stories waiting for approval", "/stories/waiting/"), (story.title, None)],
        },
    )
