"""Officers building a questionnaire for an activity, and typing in answers given on paper or by phone.

Only the officers of the activity's lead organisation and coordinators build an activity's
questionnaires (rules.py); others with a role may read them. Every page works without JavaScript:
questions move with up and down buttons. Before a question is asked, the library's findings that
may already answer it are shown, so nobody is asked what the partnership already knows.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.insight.models import Finding
from engaging.insight.search import ranked_ids
from engaging.questionnaires import services
from engaging.questionnaires.forms import AboutYouForm, AnswerForm, ChannelForm, QuestionForm, QuestionnaireForm
from engaging.questionnaires.models import Question, Questionnaire, QuestionnaireResponse
from engaging.register.views.access import activity_for_reading

FINDINGS_SHOWN = 3
EARLIER_SHOWN = 50


def questionnaire_for_reading(pk: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.filter(activity__archived_at__isnull=True).select_related("activity__lead_organisation"),
        pk=pk,
    )


def questionnaire_for_managing(user, pk: int) -> Questionnaire:
    """The questionnaire, if this person may build it: 404 if there is none, 403 if they may only read it."""
    questionnaire = questionnaire_for_reading(pk)
    if not user.has_perm("questionnaires.manage_questionnaires", questionnaire.activity):
        raise PermissionDenied
    return questionnaire


def crumbs_for(questionnaire: Questionnaire, last: str | None = None) -> list:
    activity = questionnaire.activity
    crumbs = [("Home", "/"), ("Register", "/register/"), (activity.title, activity.get_absolute_url())]
    crumbs.append((questionnaire.title, None if last is None else questionnaire.get_absolute_url()))
    if last:
        crumbs.append((last, None))
    return crumbs


def findings_answering(text: str, limit: int = FINDINGS_SHOWN) -> list[Finding]:
    """The library's current findings that best match a question's words: what may already answer it."""
    ids = ranked_ids(Finding.objects.in_library(), text, limit=limit)
    found = {f.pk: f for f in Finding.objects.filter(pk__in=ids).select_related("activity")}
    return [found[pk] for pk in ids if pk in found]


@internal_only
@require_http_methods(["GET", "POST"])
def create(request, activity_pk: int):
    """A new questionnaire for an activity this person may change; questions are added next."""
    activity = activity_for_reading(activity_pk)
    if not request.user.has_perm("questionnaires.manage_questionnaires", activity):
        raise PermissionDenied
    form = QuestionnaireForm(request.POST or None, initial={"asks_about_you": True})
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.create_questionnaire(
                activity=activity, user=request.user, **form.questionnaire_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The questionnaire has been created. Now add its questions.")
            return redirect(questionnaire)
    crumbs = [("Home", "/"), ("Register", "/register/"), (activity.title, activity.get_absolute_url())]
    return render(
        request,
        "questionnaires/questionnaire_form.html",
        {
            "form": form,
            "activity": activity,
            "title": "Create a questionnaire",
            "crumbs": [*crumbs, ("New questionnaire", None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    questionnaire = questionnaire_for_managing(request.user, pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_questionnaire(questionnaire=questionnaire, **form.questionnaire_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The questionnaire has been saved.")
            return redirect(questionnaire)
    return render(
        request,
        "questionnaires/questionnaire_form.html",
        {
            "form": form,
            "activity": questionnaire.activity,
            "questionnaire": questionnaire,
            "title": "Change the questionnaire",
            "crumbs": crumbs_for(questionnaire, "Change"),
        },
    )


@internal_only
@require_GET
def detail(request, pk: int):
    """The questionnaire as officers build it: details, questions in order, and what may already answer each."""
    questionnaire = questionnaire_for_reading(pk)
    questions = list(questionnaire.questions.select_related("copied_from__questionnaire"))
    can_manage = request.user.has_perm("questionnaires.manage_questionnaires", questionnaire.activity)
    locked = services.has_answers(questionnaire)
    if can_manage and not locked:
        for question in questions:
            question.already_heard = findings_answering(question.text)
    counts = {
        channel: questionnaire.responses.filter(channel=channel).count()
        for channel in QuestionnaireResponse.Channel.values
    }
    return render(
        request,
        "questionnaires/detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questions,
            "can_manage": can_manage,
            "locked": locked,
            "counts": counts,
            "total": sum(counts.values()),
            "crumbs": crumbs_for(questionnaire),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def question_form(request, pk: int, question_pk: int | None = None):
    """Add a question, or change one. "Check the library" shows findings that may already answer it first."""
    questionnaire = questionnaire_for_managing(request.user, pk)
    question = get_object_or_404(Question, pk=question_pk, questionnaire=questionnaire) if question_pk else None
    if services.has_answers(questionnaire):
        messages.error(request, services.LOCKED)
        return redirect(questionnaire)
    initial = QuestionForm.initial_for(question) if question else {"max_length": 1000}
    form = QuestionForm(request.POST or None, initial=initial)
    found = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "check":
            found = findings_answering(form.cleaned_data["text"], limit=5)
        else:
            try:
                services.save_question(questionnaire=questionnaire, question=question, **form.question_fields())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The question has been saved.")
                return redirect(questionnaire)
    title = "Change a question" if question else "Add a question"
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "question": question,
            "found": found,
            "title": title,
            "crumbs": crumbs_for(questionnaire, title),
        },
    )


@internal_only
@require_POST
def move(request, pk: int, question_pk: int):
    questionnaire = questionnaire_for_managing(request.user, pk)
    question = get_object_or_404(Question, pk=question_pk, questionnaire=questionnaire)
    try:
        services.move_question(question=question, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{questionnaire.get_absolute_url()}#question-{question.pk}")


@internal_only
@require_POST
def remove(request, pk: int, question_pk: int):
    questionnaire = questionnaire_for_managing(request.user, pk)
    question = get_object_or_404(Question, pk=question_pk, questionnaire=questionnaire)
    try:
        services.remove_question(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{question.text}” has been removed.")
    return redirect(questionnaire)


@internal_only
@require_http_methods(["GET", "POST"])
def copy(request, pk: int):
    """Ask a question of an earlier questionnaire again, word for word, so answers compare over time."""
    questionnaire = questionnaire_for_managing(request.user, pk)
    if request.method == "POST":
        raw = request.POST.get("question", "")
        source = (
            Question.objects.filter(pk=int(raw)).exclude(questionnaire=questionnaire).first()
            if raw.isdigit() and len(raw) < 19
            else None
        )
        if source is None:
            messages.error(request, "Choose a question to copy")
        else:
            try:
                services.copy_question(question=source, into=questionnaire)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"“{source.text}” has been added, asked the same way as before.")
                return redirect(questionnaire)
    words = request.GET.get("q", "").strip()[:200]
    earlier = Question.objects.exclude(questionnaire=questionnaire).filter(
        questionnaire__activity__archived_at__isnull=True
    )
    if words:
        earlier = earlier.filter(text__icontains=words)
    earlier = earlier.select_related("questionnaire__activity").order_by("-questionnaire__closes_on", "position")[
        :EARLIER_SHOWN
    ]
    return render(
        request,
        "questionnaires/copy.html",
        {
            "questionnaire": questionnaire,
            "earlier": earlier,
            "words": words,
            "crumbs": crumbs_for(questionnaire, "Copy a question"),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def paper(request, pk: int):
    """Answers given on paper or by phone, typed in by an officer on the residents' own form, marked as such.

    They may be typed in after the closing date, and are dated no later than it.
    """
    questionnaire = questionnaire_for_managing(request.user, pk)
    questions = list(questionnaire.questions.order_by("position", "pk"))
    data = request.POST if request.method == "POST" else None
    channel_form = ChannelForm(data)
    answer_form = AnswerForm(data, questions=questions)
    about_form = AboutYouForm(data, prefix="about") if questionnaire.asks_about_you else None
    if data is not None:
        forms_ = [f for f in (channel_form, answer_form, about_form) if f is not None]
        if all([f.is_valid() for f in forms_]):
            try:
                services.submit_response(
                    questionnaire=questionnaire,
                    answers=answer_form.values(),
                    channel=channel_form.cleaned_data["channel"],
                    entered_by=request.user,
                    about_you=about_form.answers() if about_form else None,
                )
            except ValidationError as error:
                add_errors(answer_form, error)
            else:
                messages.success(request, "The answers have been saved. You can type in the next set.")
                return redirect("questionnaires:paper", pk=questionnaire.pk)
    return render(
        request,
        "questionnaires/paper.html",
        {
            "questionnaire": questionnaire,
            "channel_form": channel_form,
            "answer_form": answer_form,
            "about_form": about_form,
            "entered": questionnaire.responses.exclude(channel=QuestionnaireResponse.Channel.ONLINE).count(),
            "crumbs": crumbs_for(questionnaire, "Type in paper or phone answers"),
        },
    )
