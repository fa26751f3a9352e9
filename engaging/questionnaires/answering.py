"""Residents answering a questionnaire: the questions on one page, check your answers, then a confirmation.

No sign-in and no JavaScript. Nothing is kept between the steps on the server: the check page carries
the answers in the form it sends back, so a resident who leaves half way leaves nothing behind. The
answers are saved only when sent from the check page, and are anonymous: no name, no network
address and no browser details are kept with them (the rate limit knows a client only by a keyed
hash held in the cache, see engaging.core.limits). Contact details are asked for only when the
resident wants to hear back, and kept apart from the answers.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from engaging.core.kept import kept_view
from engaging.plain.easy_read_views import shown_ideas
from engaging.plain.picturing import live_keywords
from engaging.questionnaires import services, throttle
from engaging.questionnaires.forms import AboutYouForm, AnswerForm, HearBackForm
from engaging.questionnaires.models import Questionnaire

# What the check page carries back and forth, besides the answers themselves.
STEP_FIELDS = {"csrfmiddlewaretoken", "step"}


def public_questionnaire(pk: int) -> Questionnaire:
    """A questionnaire residents may see: its activity is public, live and not cancelled. Otherwise 404."""
    return get_object_or_404(Questionnaire.objects.public().select_related("activity"), pk=pk)


def _crumbs(questionnaire: Questionnaire, last: str | None = None) -> list:
    activity = questionnaire.activity
    crumbs = [("Home", "/"), ("Get involved", reverse("public:activities"))]
    crumbs.append((activity.title, reverse("public:activity", args=[activity.pk])))
    crumbs.append((questionnaire.title, None if last is None else questionnaire.public_url()))
    if last:
        crumbs.append((last, None))
    return crumbs


def _forms(questionnaire: Questionnaire, data=None, *, easy_read: bool = False):
    questions = list(questionnaire.questions.order_by("position", "pk"))
    answer_form = AnswerForm(data, questions=questions, easy_read=easy_read)
    about_form = AboutYouForm(data, prefix="about") if questionnaire.asks_about_you else None
    hear_back_form = HearBackForm(data, prefix="contact")
    return answer_form, about_form, hear_back_form


def closed(request, questionnaire: Questionnaire):
    """After the closing date: say so, and where to read what happened."""
    return render(
        request,
        "questionnaires/closed.html",
        {"questionnaire": questionnaire, "crumbs": _crumbs(questionnaire)},
        status=410,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@kept_view()  # the empty questions, the same for every resident until the questionnaire changes
def answer(request, pk: int, easy_read: bool = False):
    """The questions, then (POST step "check") the answers to check, then (step "send") saved and thanked."""
    questionnaire = public_questionnaire(pk)
    if easy_read and not questionnaire.has_easy_read:
        raise Http404("This questionnaire has no Easy Read version")
    if questionnaire.closed:
        return closed(request, questionnaire)
    step = request.POST.get("step") if request.method == "POST" else None
    answer_form, about_form, hear_back_form = _forms(questionnaire, request.POST if step else None, easy_read=easy_read)
    context = {
        "questionnaire": questionnaire,
        "answer_form": answer_form,
        "about_form": about_form,
        "hear_back_form": hear_back_form,
        "easy_read": easy_read,
        "ideas": shown_ideas(
            [{"text": line, "picture": ""} for line in questionnaire.easy_read_lines()], live_keywords()
        )
        if easy_read
        else [],
        "crumbs": _crumbs(questionnaire, "Easy Read" if easy_read else None),
    }
    if step == "change" or step not in ("check", "send"):
        if step == "change":  # back from the check page: the answers as given, without marking anything wrong
            for form in (answer_form, about_form, hear_back_form):
                if form is not None:
                    form._errors = {}  # noqa: SLF001 - shown as given, checked again when sent
        return render(request, "questionnaires/answer.html", context)
    forms_ = [f for f in (answer_form, about_form, hear_back_form) if f is not None]
    valid = all([f.is_valid() for f in forms_])
    if valid and not answer_form.answers and not (about_form and about_form.answers()):
        answer_form.add_error(None, "Answer at least one question before you continue")
        valid = False
    if not valid:
        return render(request, "questionnaires/answer.html", context)
    if step == "check":
        carried = [
            (name, value) for name, values in request.POST.lists() if name not in STEP_FIELDS for value in values
        ]
        context.update(
            {
                "carried": carried,
                "summary": answer_form.summary(),
                "crumbs": _crumbs(questionnaire, "Check your answers"),
            }
        )
        context["about_given"] = bool(about_form and about_form.answers())
        context["contact"] = hear_back_form.contact()
        return render(request, "questionnaires/check.html", context)
    return _send(request, questionnaire, answer_form, about_form, hear_back_form, context)


def _send(request, questionnaire, answer_form, about_form, hear_back_form, context):
    thanks = reverse("questionnaires:thanks", args=[questionnaire.pk])
    if throttle.over_limit(request, questionnaire.pk):
        limit = throttle.questionnaire_limit()
        response = render(request, "questionnaires/limit.html", {**context, "limit": limit}, status=429)
        response["Retry-After"] = str(limit.window)
        return response
    if answer_form.caught_a_robot():
        # Look exactly like success, so that whatever filled the trap learns nothing.
        throttle.count_response(request, questionnaire.pk)
        return redirect(thanks)
    contact = hear_back_form.contact()
    try:
        services.submit_response(
            questionnaire=questionnaire,
            answers=answer_form.values(),
            about_you=about_form.answers() if about_form else None,
            hear_back=contact,
        )
    except ValidationError as error:
        # Closed or changed between checking and sending: say what, on the questions page.
        for field, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            answer_form.add_error(field if field in answer_form.fields else None, messages)
        return render(request, "questionnaires/answer.html", context)
    throttle.count_response(request, questionnaire.pk)
    return redirect(thanks + ("?contact=yes" if contact else ""))


@require_GET
def thanks(request, pk: int):
    """The confirmation: what happens next, and when."""
    questionnaire = public_questionnaire(pk)
    return render(
        request,
        "questionnaires/thanks.html",
        {
            "questionnaire": questionnaire,
            "asked_to_hear_back": request.GET.get("contact") == "yes",
            "today": date.today(),
            "crumbs": _crumbs(questionnaire, "Thank you"),
        },
    )
