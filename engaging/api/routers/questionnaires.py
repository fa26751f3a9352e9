"""Questionnaires in the API: build one, read it, answer it, read its results.

Who may do what, as on the site:
- creating one (POST /questionnaires) is for officers of the activity's lead organisation and
  coordinators: 401 without a token, 403 for board members and officers of other organisations;
- reading one (GET /questionnaires/{id}) needs no token while its activity is public (live, not
  cancelled); partners with a role read any; otherwise 404;
- answering (POST /questionnaires/{id}/responses) needs no token: anonymous answers are rate-limited
  per client and questionnaire (429; the same limit as the page, at least 20 an hour, so a household
  or a library can answer) and refused after the closing date (400). With the token of an officer of
  the lead organisation, or a coordinator, the answers are entered as given on paper (or `"channel":
  "phone"`), are not rate-limited, and may be entered after the closing date (dated on it). Each bad
  answer is named (400): `answers[2].value`, or `answers` for a required question left out;
- results (GET /questionnaires/{id}/results) need a role in the partnership.
"""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Response
from pydantic import ConfigDict, Field

from engaging.api import auth
from engaging.api.errors import NOT_SIGNED_IN, ApiError, Invalid
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Email, Id, IsoDate, StrictBool, text
from engaging.evaluation.models import EqualityMonitoring
from engaging.questionnaires import services, throttle
from engaging.questionnaires.models import MAX_QUESTIONS, AboutYou, Question, Questionnaire, QuestionnaireResponse
from engaging.questionnaires.results import results_for
from engaging.register.models import Activity

router = Router(tags=["Questionnaires"])

NOT_YOURS = "Only an officer of the activity's lead organisation, or a coordinator, can do this."
NOT_HERE = "There is no questionnaire with that id."
MAX_ANSWERS = 500


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class QuestionIn(_Strict):
    """One question. `options`: for a choice, the options (2 to 20); for a rating, none or the 5 labels of 1 to 5."""

    kind: Literal["single_choice", "multiple_choice", "rating", "text"]
    text: text(500, min_length=1)
    options: list[text(200)] = Field(default_factory=list, max_length=20)
    required: StrictBool = False
    hint: text(500) = ""
    easy_read_text: text(500) = ""
    max_length: int | None = Field(None, description="For free text: the most characters an answer may have (1–4000).")


class QuestionnaireIn(_Strict):
    activity: BodyId
    title: text(200, min_length=1)
    introduction: text(4000, min_length=1)
    closes_on: IsoDate
    questions: list[QuestionIn] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    easy_read_introduction: text(2000) = ""
    what_happens_next: text(2000) = ""
    results_by: IsoDate | None = None
    asks_about_you: StrictBool = True


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    hint: str
    easy_read_text: str
    options: list[str]
    rating_labels: list[str] | None
    max_length: int | None
    required: bool
    copied_from: int | None


class QuestionnaireOut(Schema):
    id: int
    activity: int
    title: str
    introduction: str
    easy_read_introduction: str
    closes_on: date
    is_closed: bool
    what_happens_next: str
    results_by: date | None
    asks_about_you: bool
    about_you: dict[str, list[str]] = Field(description="The optional questions about you, and each one's answers.")
    questions: list[QuestionOut]


class AnswerIn(_Strict):
    question: BodyId
    value: Any = Field(
        description="single_choice: an option; multiple_choice: a list of options; rating: 1 to 5; text: a string."
    )


def _about_answers(name: str):
    return Literal[tuple(EqualityMonitoring.ANSWERS[name].values)] | None


class AboutYouIn(_Strict):
    """Optional, kept apart from the answers and only ever counted in aggregate."""

    age_band: _about_answers("age_band") = None
    sex: _about_answers("sex") = None
    gender_same_as_birth: _about_answers("gender_same_as_birth") = None
    ethnicity: _about_answers("ethnicity") = None
    disability: _about_answers("disability") = None
    religion: _about_answers("religion") = None
    sexual_orientation: _about_answers("sexual_orientation") = None
    carer: _about_answers("carer") = None


class ContactIn(_Strict):
    """Only for a resident who asks to hear what happened: kept apart from the answers, deleted later."""

    name: text(120) = ""
    email: Email | None = None
    phone: text(40) = ""


class QuestionnaireResponseIn(_Strict):
    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)
    about_you: AboutYouIn | None = None
    contact: ContactIn | None = None
    channel: Literal["online", "paper", "phone"] | None = Field(
        None,
        description="paper or phone: officers of the lead organisation and coordinators only (the default for them).",
    )


class QuestionnaireResponseOut(Schema):
    id: int
    questionnaire: int
    channel: str
    submitted_on: date
    answers: int


class OptionOut(Schema):
    value: str = Field(description="The option's text, or the rating from 1 to 5.")
    label: str
    count: int
    percent: float


class QuestionResultOut(Schema):
    question: int
    text: str
    kind: str
    answered: int
    options: list[OptionOut] = Field(description="Counts per option (per rating, 1 to 5); empty for free text.")
    mean: float | None = Field(description="Ratings only: the mean from 1 to 5.")
    text_answers: int


class ResultsOut(Schema):
    questionnaire: int
    responses: int
    by_channel: dict[str, int]
    questions: list[QuestionResultOut]


class AnyoneMayPost(auth.ApiAuth):
    """No token needed, even to write; a token or session that is sent must still be valid."""

    def __call__(self, request: HttpRequest):
        return self.identify(request)

    def anonymous_allowed(self, method: str) -> bool:
        return True


def _out(questionnaire: Questionnaire) -> dict:
    questions = list(questionnaire.questions.order_by("position", "pk"))
    return {
        "id": questionnaire.pk,
        "activity": questionnaire.activity_id,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "easy_read_introduction": questionnaire.easy_read_introduction,
        "closes_on": questionnaire.closes_on,
        "is_closed": questionnaire.closed,
        "what_happens_next": questionnaire.what_happens_next,
        "results_by": questionnaire.results_by,
        "asks_about_you": questionnaire.asks_about_you,
        "about_you": {name: list(a.values) for name, a in AboutYou.ANSWERS.items()}
        if questionnaire.asks_about_you
        else {},
        "questions": [
            {
                "id": q.pk,
                "position": number,
                "kind": q.kind,
                "text": q.text,
                "hint": q.hint,
                "easy_read_text": q.easy_read_text,
                "options": q.options if q.is_choice else [],
                "rating_labels": q.rating_labels if q.kind == Question.Kind.RATING else None,
                "max_length": q.max_length if q.kind == Question.Kind.TEXT else None,
                "required": q.required,
                "copied_from": q.copied_from_id,
            }
            for number, q in enumerate(questions, start=1)
        ],
    }


def _may_see(request, questionnaire: Questionnaire | None) -> bool:
    if questionnaire is None or questionnaire.activity.archived_at is not None:
        return False
    user = auth.user_of(request)
    if user is not None and user.has_perm("questionnaires.view_results"):
        return True
    return Questionnaire.objects.public().filter(pk=questionnaire.pk).exists()


def _get(request, pk: int) -> Questionnaire:
    questionnaire = Questionnaire.objects.select_related("activity").filter(pk=pk).first()
    if not _may_see(request, questionnaire):
        raise ApiError(404, NOT_HERE)
    return questionnaire


@router.post(
    "/questionnaires",
    response={201: QuestionnaireOut, 400: Error, 401: Error, 403: Error},
    auth=auth.ApiAuth(permission="questionnaires.add_questionnaire"),
)
def create_questionnaire(request, payload: QuestionnaireIn):
    """A questionnaire for an activity, with its questions in order. Problems are named, like `questions[1].options`."""
    data = payload.model_dump()
    activity = Activity.objects.filter(pk=data.pop("activity")).first()
    if activity is None:
        raise Invalid([("activity", "There is no activity with that id")])
    if not request.user.has_perm("questionnaires.manage_questionnaires", activity):
        raise ApiError(403, NOT_YOURS)
    questions = [
        {**q, "max_length": q["max_length"] if q["max_length"] is not None else 1000} for q in data.pop("questions")
    ]
    try:
        questionnaire = services.create_questionnaire(activity=activity, user=request.user, questions=questions, **data)
    except DjangoValidationError as error:
        raise Invalid([(field, " ".join(messages)) for field, messages in error.message_dict.items()]) from None
    return Response(_out(questionnaire), status=201)


@router.get("/questionnaires/{id}", response={200: QuestionnaireOut, 401: Error, 404: Error}, auth=auth.read)
def retrieve_questionnaire(request, id: Id):
    """A questionnaire and its questions: public while its activity is public."""
    return Response(_out(_get(request, id)))


def _problems_by_field(error: DjangoValidationError, sent: list[dict]) -> list[tuple[str, str]]:
    index_of = {}
    for index, answer in enumerate(sent):
        index_of.setdefault(answer["question"], index)
    problems = []
    for field, messages in getattr(error, "message_dict", {"": error.messages}).items():
        message = " ".join(messages)
        pk = field.removeprefix("question_")
        if field.startswith("question_") and pk.isdigit() and int(pk) in index_of:
            problem_field = f"answers[{index_of[int(pk)]}]"
            problem_field += ".question" if message.startswith("There is no question") else ".value"
            problems.append((problem_field, message))
        elif field.startswith("question_"):
            problems.append(("answers", f"Question {pk}: {message}"))
        else:
            problems.append((field if field != "__all__" else "answers", message))
    return problems


def _too_many(limit) -> Response:
    response = Response(
        {
            "detail": f"Too many responses from this client: up to {limit.allowed} an hour per questionnaire.",
            "errors": [],
        },
        status=429,
    )
    response["Retry-After"] = str(limit.window)
    return response


@router.post(
    "/questionnaires/{id}/responses",
    response={201: QuestionnaireResponseOut, 400: Error, 401: Error, 403: Error, 404: Error, 429: Error},
    auth=AnyoneMayPost(),
)
def answer_questionnaire(request, id: Id, payload: QuestionnaireResponseIn):
    """One person's answers. Anonymous, or typed in from paper or the phone with an officer's token."""
    questionnaire = _get(request, id)
    user = auth.user_of(request)
    manager = user is not None and user.has_perm("questionnaires.manage_questionnaires", questionnaire.activity)
    channel = payload.channel or (QuestionnaireResponse.Channel.PAPER if manager else "online")
    if channel != "online" and not manager:
        raise ApiError(401 if user is None else 403, NOT_SIGNED_IN if user is None else NOT_YOURS)
    if not Questionnaire.objects.public().filter(pk=questionnaire.pk).exists() and not manager:
        raise ApiError(404, NOT_HERE)  # partners read a questionnaire that is not public; residents cannot answer it
    if channel == "online" and questionnaire.closed:
        raise Invalid(
            [("closes_on", services.closed_message(questionnaire))], detail=services.closed_message(questionnaire)
        )
    sent = [answer.model_dump() for answer in payload.answers]
    problems = [
        (f"answers[{index}].question", f"Question {answer['question']} is answered more than once")
        for index, answer in enumerate(sent)
        if any(other["question"] == answer["question"] for other in sent[:index])
    ]
    if problems:
        raise Invalid(problems)
    rate_limited = channel == "online"
    if rate_limited and throttle.over_limit(request, questionnaire.pk):
        return _too_many(throttle.questionnaire_limit())
    contact = payload.contact.model_dump() if payload.contact else None
    if contact and channel == "online":
        contact = {k: v or "" for k, v in contact.items()}
    try:
        response = services.submit_response(
            questionnaire=questionnaire,
            answers={answer["question"]: answer["value"] for answer in sent},
            channel=channel,
            entered_by=user if manager else None,
            about_you=payload.about_you.model_dump() if payload.about_you else None,
            hear_back=contact if channel == "online" else None,
        )
    except DjangoValidationError as error:
        raise Invalid(_problems_by_field(error, sent)) from None
    if rate_limited:
        throttle.count_response(request, questionnaire.pk)
    return Response(
        {
            "id": response.pk,
            "questionnaire": questionnaire.pk,
            "channel": response.channel,
            "submitted_on": response.submitted_on,
            "answers": response.answers.values("question").distinct().count(),
        },
        status=201,
    )


@router.get(
    "/questionnaires/{id}/results",
    response={200: ResultsOut, 401: Error, 403: Error, 404: Error},
    auth=auth.signed_in,
)
def questionnaire_results(request, id: Id):
    """Per question: people who answered, counts and percentages per option, the mean rating, text answers."""
    user = auth.user_of(request)
    if user is None:
        raise ApiError(401, NOT_SIGNED_IN)
    if not user.has_perm("questionnaires.view_results"):
        raise ApiError(403, "Only people with a role in the partnership can read results.")
    questionnaire = _get(request, id)
    found, _splits = results_for(questionnaire)
    channels = dict.fromkeys(QuestionnaireResponse.Channel.values, 0)
    for row in questionnaire.responses.order_by().values("channel").annotate(count=Count("pk")):
        channels[row["channel"]] = row["count"]
    return Response(
        {
            "questionnaire": questionnaire.pk,
            "responses": found.responses,
            "by_channel": channels,
            "questions": [
                {
                    "question": r.question.pk,
                    "text": r.question.text,
                    "kind": r.question.kind,
                    "answered": r.answered,
                    "options": [
                        {"value": o.value, "label": o.label, "count": o.count, "percent": o.percent} for o in r.options
                    ],
                    "mean": r.mean,
                    "text_answers": r.text_answers,
                }
                for r in found.questions
            ],
        }
    )
