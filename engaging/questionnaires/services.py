"""Writes for questionnaires, each in one transaction, and the rules they keep.

Answers are checked by `answer_problems`, the one rule used by the resident's form, the officer's
paper form and the API, so a bad answer is refused the same way everywhere, naming its question.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from engaging.insight.models import Finding
from engaging.insight.services import save_finding
from engaging.questionnaires.models import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_TEXT_LIMIT,
    RATINGS,
    AboutYou,
    Answer,
    HearBackContact,
    Question,
    Questionnaire,
    QuestionnaireResponse,
)
from engaging.register.models import Activity

QUESTIONNAIRE_FIELDS = (
    "title",
    "introduction",
    "easy_read_introduction",
    "closes_on",
    "what_happens_next",
    "results_by",
    "asks_about_you",
)
QUESTION_FIELDS = ("kind", "text", "hint", "easy_read_text", "options", "max_length", "required")
LOCKED = "People have already answered this questionnaire, so its questions can no longer be changed."
CLOSED = "This questionnaire closed on {day}, so it is no longer taking answers."


def question_field(question: Question | int) -> str:
    """The name each answer goes by in forms and in the API's errors."""
    return f"question_{getattr(question, 'pk', question)}"


def has_answers(questionnaire: Questionnaire) -> bool:
    """Whether anyone has answered: from then on its questions stay as they were asked."""
    return QuestionnaireResponse.objects.filter(questionnaire=questionnaire).exists()


def question_problems(fields: dict) -> dict[str, str]:
    """What is wrong with a question: a choice needs 2 or more different options, a rating none or 5 labels."""
    problems: dict[str, str] = {}
    kind = fields.get("kind")
    if kind not in Question.Kind.values:
        problems["kind"] = "Choose the type of question"
    if not str(fields.get("text") or "").strip():
        problems["text"] = "Enter the question"
    options = [str(option).strip() for option in fields.get("options") or []]
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        options = [option for option in options if option]
        if len(options) < 2:
            problems["options"] = "Give at least 2 options to choose from"
        elif len(options) > MAX_OPTIONS:
            problems["options"] = f"Give no more than {MAX_OPTIONS} options"
        elif len({option.casefold() for option in options}) != len(options):
            problems["options"] = "Give each option only once"
        elif any(len(option) > 200 for option in options):
            problems["options"] = "Keep each option to 200 characters or fewer"
    elif kind == Question.Kind.RATING and options and (len(options) != len(RATINGS) or not all(options)):
        problems["options"] = "Give a label for each of the 5 ratings, from 1 to 5, or none to use the usual ones"
    if kind == Question.Kind.TEXT:
        limit = fields.get("max_length")
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_TEXT_LIMIT
        ):
            problems["max_length"] = f"Give a length limit from 1 to {MAX_TEXT_LIMIT:,} characters"
    return problems


def _clean_question_fields(fields: dict) -> dict:
    cleaned = {name: fields[name] for name in QUESTION_FIELDS if name in fields and fields[name] is not None}
    kind = cleaned.get("kind")
    options = [str(option).strip() for option in cleaned.get("options") or []]
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE, Question.Kind.RATING):
        cleaned["options"] = [option for option in options if option]
    else:
        cleaned["options"] = []
    for name in ("text", "hint", "easy_read_text"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name]).strip()
    return cleaned


def _questionnaire_problems(questionnaire: Questionnaire) -> dict[str, str]:
    problems = {}
    if questionnaire.results_by and questionnaire.results_by < questionnaire.closes_on:
        problems["results_by"] = "The date people will hear what happened must be on or after the closing date"
    return problems


@transaction.atomic
def create_questionnaire(*, activity: Activity, user, questions: list[dict] = (), **fields) -> Questionnaire:
    """A new questionnaire for an activity, with its questions in the order given.

    Every problem, with the questionnaire or any question, is refused at once, naming each
    (`questions[2].options`), and nothing is saved.
    """
    unknown = set(fields) - set(QUESTIONNAIRE_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a questionnaire: {', '.join(sorted(unknown))}")
    questionnaire = Questionnaire(activity=activity, **fields)
    if user is not None and getattr(user, "is_authenticated", False):
        questionnaire.created_by = user
    problems: dict[str, str] = {}
    try:
        questionnaire.full_clean(exclude=["activity", "created_by"])
    except ValidationError as error:
        problems.update({field: " ".join(messages) for field, messages in error.message_dict.items()})
    problems.update(_questionnaire_problems(questionnaire))
    if len(questions) > MAX_QUESTIONS:
        problems["questions"] = f"Ask no more than {MAX_QUESTIONS} questions"
    for index, fields_ in enumerate(questions):
        for field, message in question_problems(fields_).items():
            problems[f"questions[{index}].{field}"] = message
    if problems:
        raise ValidationError(problems)
    questionnaire.save()
    for position, fields_ in enumerate(questions, start=1):
        question = Question(questionnaire=questionnaire, position=position, **_clean_question_fields(fields_))
        question.full_clean(exclude=["questionnaire", "copied_from"])
        question.save()
    return questionnaire


@transaction.atomic
def update_questionnaire(*, questionnaire: Questionnaire, **fields) -> Questionnaire:
    """Change the questionnaire's own details (its questions are changed one by one)."""
    unknown = set(fields) - set(QUESTIONNAIRE_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a questionnaire: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean(exclude=["activity", "created_by"])
    problems = _questionnaire_problems(questionnaire)
    if problems:
        raise ValidationError(problems)
    questionnaire.save()
    return questionnaire


def _refuse_if_locked(questionnaire: Questionnaire) -> None:
    if has_answers(questionnaire):
        raise ValidationError(LOCKED)


@transaction.atomic
def save_question(*, questionnaire: Questionnaire, question: Question | None = None, **fields) -> Question:
    """Add a question at the end, or change one, while nobody has answered yet."""
    _refuse_if_locked(questionnaire)
    merged = {name: getattr(question, name) for name in QUESTION_FIELDS} if question else {}
    merged.update(fields)
    problems = question_problems(merged)
    if problems:
        raise ValidationError(problems)
    if question is None:
        if questionnaire.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(f"A questionnaire can ask no more than {MAX_QUESTIONS} questions.")
        last = questionnaire.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question(questionnaire=questionnaire, position=last + 1)
    for name, value in _clean_question_fields(merged).items():
        setattr(question, name, value)
    question.full_clean(exclude=["questionnaire", "copied_from"])
    question.save()
    return question


@transaction.atomic
def copy_question(*, question: Question, into: Questionnaire) -> Question:
    """Ask an earlier questionnaire's question again, word for word, at the end, remembering where it came from."""
    copy = save_question(questionnaire=into, **{name: getattr(question, name) for name in QUESTION_FIELDS})
    copy.copied_from = question.copied_from or question
    copy.save(update_fields=["copied_from"])
    return copy


@transaction.atomic
def move_question(*, question: Question, up: bool) -> None:
    """Swap a question with the one before it (`up`) or after it; the first cannot go up nor the last down."""
    questionnaire = question.questionnaire
    _refuse_if_locked(questionnaire)
    ordered = list(questionnaire.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            Question.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def remove_question(*, question: Question) -> None:
    """Take a question out, closing the gap it leaves."""
    questionnaire = question.questionnaire
    _refuse_if_locked(questionnaire)
    position = question.position
    question.delete()
    questionnaire.questions.filter(position__gt=position).update(position=F("position") - 1)


# Answering --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanAnswer:
    question: Question
    choices: tuple[str, ...] = ()
    rating: int | None = None
    text: str = ""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def _check(question: Question, value) -> tuple[CleanAnswer | None, str | None]:
    """One answer, cleaned, or what is wrong with it (in words naming the question)."""
    name = f"“{question.text}”"
    kind = question.kind
    if kind == Question.Kind.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in question.options:
            return None, f"Choose one of the options for {name}"
        return CleanAnswer(question, choices=(value,)), None
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v in question.options for v in values):
            return None, f"Choose from the options for {name}"
        if len(set(values)) != len(values):
            return None, f"Choose each option only once for {name}"
        return CleanAnswer(question, choices=tuple(o for o in question.options if o in values)), None
    if kind == Question.Kind.RATING:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            return None, f"Choose a rating from 1 to 5 for {name}"
        return CleanAnswer(question, rating=value), None
    if not isinstance(value, str):
        return None, f"Write your answer to {name} as text"
    text = value.strip().replace("\x00", "")
    if len(text) > question.max_length:
        return None, f"Your answer to {name} must be {question.max_length:,} characters or fewer"
    return CleanAnswer(question, text=text), None


def answer_problems(questions: list[Question], values: dict[int, object]) -> tuple[list[CleanAnswer], dict[str, str]]:
    """Check each answer against its question: the answers cleaned, and what is wrong, by question.

    A required question must be answered; a choice must be one of the options; a rating a whole
    number from 1 to 5; text no longer than the question's limit. Unanswered optional questions are
    left out.
    """
    cleaned: list[CleanAnswer] = []
    problems: dict[str, str] = {}
    for question in questions:
        value = values.get(question.pk)
        if _blank(value):
            if question.required:
                problems[question_field(question)] = f"Answer “{question.text}”"
            continue
        answer, problem = _check(question, value)
        if problem:
            problems[question_field(question)] = problem
        elif answer is not None and (answer.choices or answer.rating or answer.text):
            cleaned.append(answer)
    return cleaned, problems


def closed_message(questionnaire: Questionnaire) -> str:
    return CLOSED.format(day=f"{questionnaire.closes_on:%-d %B %Y}")


ABOUT_YOU_UNKNOWN = "Not questions about you: {names}"


@transaction.atomic
def submit_response(
    *,
    questionnaire: Questionnaire,
    answers: dict[int, object],
    channel: str = QuestionnaireResponse.Channel.ONLINE,
    entered_by=None,
    about_you: dict[str, str] | None = None,
    hear_back: dict[str, str] | None = None,
    today: date | None = None,
) -> QuestionnaireResponse:
    """Save one person's answers, their optional "about you" answers and, if they asked to hear back, contacts.

    Refused (nothing saved) after the closing date, or when any answer is wrong, naming each.
    Online answers must come before the closing date; paper and phone answers entered by an officer
    may be entered after it, as long as they are dated on or before it. The contact details are
    saved with no link to the answers.
    """
    today = today or date.today()
    online = channel == QuestionnaireResponse.Channel.ONLINE
    if channel not in QuestionnaireResponse.Channel.values:
        raise ValidationError({"channel": "Choose online, paper or phone"})
    if online and questionnaire.is_closed(today):
        raise ValidationError(closed_message(questionnaire))
    questions = list(questionnaire.questions.order_by("position", "pk"))
    cleaned, problems = answer_problems(questions, answers)
    unknown = set(answers) - {q.pk for q in questions}
    for pk in sorted(unknown, key=str):
        problems[question_field(pk)] = f"There is no question {pk} in this questionnaire"
    about = {name: value for name, value in (about_you or {}).items() if value}
    if set(about) - set(AboutYou.QUESTIONS):
        raise ValidationError(
            {"about_you": ABOUT_YOU_UNKNOWN.format(names=", ".join(sorted(set(about) - set(AboutYou.QUESTIONS))))}
        )
    if problems:
        raise ValidationError(problems)
    if not cleaned and not about:
        raise ValidationError("Answer at least one question before sending.")
    response = QuestionnaireResponse.objects.create(
        questionnaire=questionnaire,
        channel=channel,
        submitted_on=min(today, questionnaire.closes_on),
        entered_by=entered_by if entered_by is not None and not online else None,
    )
    rows = []
    for answer in cleaned:
        if answer.choices:
            rows.extend(Answer(response=response, question=answer.question, choice=choice) for choice in answer.choices)
        else:
            rows.append(Answer(response=response, question=answer.question, rating=answer.rating, text=answer.text))
    Answer.objects.bulk_create(rows)
    if about and questionnaire.asks_about_you:
        record = AboutYou(questionnaire=questionnaire, response=response, **about)
        record.full_clean(exclude=["questionnaire", "response"])
        record.save()
    if hear_back and any(str(v).strip() for v in hear_back.values()):
        contact = HearBackContact(
            questionnaire=questionnaire,
            **{k: str(v).strip() for k, v in hear_back.items() if k in ("name", "email", "phone")},
        )
        contact.full_clean(exclude=["questionnaire"])
        contact.save()
    return response


@transaction.atomic
def delete_expired_contacts(*, today: date | None = None, keep_days: int | None = None, dry_run: bool = False) -> int:
    """Delete the contact details of residents who asked to hear back, once their questionnaire's time is up
    (`keep_days` after results are due: the retention schedule's, unless given). Nothing else depends on them,
    and they are kept in no history. With `dry_run`, only count them."""
    due = HearBackContact.objects.due_for_deletion(today, keep_days)
    if dry_run:
        return due.count()
    count, _ = due.delete()
    return count


# Findings ---------------------------------------------------------------------------------------------


@transaction.atomic
def finding_from_answers(*, answers: list[Answer], statement: str, user, kind: str = Finding.Kind.SUMMARY) -> Finding:
    """A finding in the insight library made from a group of answers to one questionnaire, linked to each of them.

    It is heard on the day of the latest answer, counts the people who gave them, and is not public
    until an officer makes it so (answers are residents' own words).
    """
    if not answers:
        raise ValidationError({"answers": "Choose at least one answer to make a finding from"})
    questionnaires = {answer.response.questionnaire_id for answer in answers}
    if len(questionnaires) != 1:
        raise ValidationError({"answers": "Choose answers to one questionnaire"})
    if not statement.strip():
        raise ValidationError({"statement": "Enter what people said"})
    activity = answers[0].response.questionnaire.activity
    people = len({answer.response_id for answer in answers})
    finding = Finding(
        activity=activity,
        statement=statement.strip(),
        kind=kind,
        heard_on=max(answer.response.submitted_on for answer in answers),
        people_count=people,
        representativeness=Finding.Representativeness.ONE_OR_TWO if people <= 2 else Finding.Representativeness.SOME,
        is_public=False,
    )
    finding = save_finding(finding=finding, relations={}, user=user)
    for answer in answers:
        answer.findings.add(finding)
    return finding
