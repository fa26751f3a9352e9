"""A questionnaire's results for officers: per question a chart and a table, free text to search, exports, findings."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from engaging.accounts.access import internal_only
from engaging.core.kept import kept_view
from engaging.core.spreadsheet_files import csv_lines, xlsx_bytes
from engaging.core.viewing import record_view
from engaging.questionnaires import services
from engaging.questionnaires.building import crumbs_for, questionnaire_for_reading
from engaging.questionnaires.charts import answers_chart
from engaging.questionnaires.forms import FindingForm
from engaging.questionnaires.models import Answer, Question, Questionnaire, QuestionnaireResponse
from engaging.questionnaires.results import results_for, text_answers

TEXT_SHOWN = 100
MOST_CHOSEN = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _readable(request, pk: int):
    questionnaire = questionnaire_for_reading(pk)
    if not request.user.has_perm("questionnaires.view_results"):
        raise PermissionDenied
    return questionnaire


def _number(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _records_about_you(view):
    """Record each view of results that show "about you" (equality) answers, whether worked out or kept: above
    kept_view, which serves a kept page without running the view."""

    @wraps(view)
    def wrapper(request, pk: int):
        response = view(request, pk)
        if response.status_code == 200:
            asks = Questionnaire.objects.filter(pk=pk).values_list("asks_about_you", flat=True).first()
            if asks:
                record_view(request, "questionnaires.results", pk)
        return response

    return wrapper


@internal_only
@require_GET
@_records_about_you
@kept_view(params=("split", "q", "question"), words=("q",))
def results(request, pk: int):
    """Counts and percentages per question (split by one "about you" answer where that is safe), and the free text."""
    questionnaire = _readable(request, pk)
    found, splits = results_for(questionnaire, request.GET.get("split", ""))
    for index, result in enumerate(found.questions, start=1):
        if result.options:
            result.chart = answers_chart(f"chart-{index}", result.question.text, result.options)
    words = request.GET.get("q", "").strip()[:200]
    text_question = _number(request.GET.get("question", ""))
    answers = text_answers(questionnaire, words=words, question=text_question)
    text_questions = [r.question for r in found.questions if r.question.kind == Question.Kind.TEXT]
    return render(
        request,
        "questionnaires/results.html",
        {
            "questionnaire": questionnaire,
            "results": found,
            "splits": splits,
            "split_asked": bool(request.GET.get("split")),
            "answers": list(answers[:TEXT_SHOWN]),
            "answer_count": answers.count(),
            "shown_most": TEXT_SHOWN,
            "words": words,
            "text_question": text_question,
            "text_questions": text_questions,
            "can_make_findings": request.user.has_perm("insight.add_finding", questionnaire.activity),
            "crumbs": crumbs_for(questionnaire, "Results"),
        },
    )


def export_rows(questionnaire):
    """A header, then a row per response: its number, date, how it was given, and each question's answer.

    "About you" answers are never exported: they are reported only as totals.
    """
    questions = list(questionnaire.questions.order_by("position", "pk"))
    yield ["Response", "Date", "How it was given", *[q.text for q in questions]]
    channels = dict(QuestionnaireResponse.Channel.choices)
    responses = QuestionnaireResponse.objects.filter(questionnaire=questionnaire).order_by("pk")
    answers = Answer.objects.filter(response__questionnaire=questionnaire).order_by("response_id", "pk")
    rows = answers.values_list("response_id", "question_id", "choice", "rating", "text").iterator(chunk_size=2000)
    pending = next(rows, None)
    for response_id, submitted_on, channel in responses.values_list("pk", "submitted_on", "channel").iterator(
        chunk_size=2000
    ):
        given: dict[int, list[str]] = {}
        while pending is not None and pending[0] <= response_id:
            if pending[0] == response_id:
                _, question_id, choice, rating, text = pending
                given.setdefault(question_id, []).append(choice or (str(rating) if rating else text))
            pending = next(rows, None)
        yield [
            response_id,
            submitted_on,
            channels.get(channel, channel),
            *["; ".join(given.get(q.pk, [])) for q in questions],
        ]


def _attachment(response, questionnaire, extension: str):
    stem = f"questionnaire-{questionnaire.pk}-answers-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@internal_only
@require_GET
def export_csv(request, pk: int):
    """Every response's answers as CSV (no cell a spreadsheet could run as a formula), streamed."""
    questionnaire = _readable(request, pk)
    lines = csv_lines(export_rows(questionnaire))
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_TYPE), questionnaire, "csv")


@internal_only
@require_GET
def export_xlsx(request, pk: int):
    """Every response's answers as an Excel workbook; text stays text, never a formula."""
    questionnaire = _readable(request, pk)
    content = xlsx_bytes([("Answers", export_rows(questionnaire))])
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), questionnaire, "xlsx")


@internal_only
@require_POST
def make_finding(request, pk: int):
    """Turn the chosen answers into a finding in the insight library, linked to each of them.

    Sent first from the results page with the answers ticked (the statement form is shown, starting
    from their words); then with the statement, which saves the finding.
    """
    questionnaire = _readable(request, pk)
    if not request.user.has_perm("insight.add_finding", questionnaire.activity):
        raise PermissionDenied
    ids = [n for n in (_number(raw) for raw in request.POST.getlist("answers")[:MOST_CHOSEN]) if n]
    chosen = list(
        Answer.objects.filter(pk__in=ids, response__questionnaire=questionnaire)
        .select_related("question", "response__questionnaire__activity")
        .order_by("pk")
    )
    if not chosen:
        messages.error(request, "Choose at least one answer to make a finding from")
        return redirect("questionnaires:results", pk=questionnaire.pk)
    writing = request.POST.get("step") == "save"
    start = "\n".join(f"“{answer.text}”" for answer in chosen[:5] if answer.text)
    form = FindingForm(request.POST if writing else None, initial={"statement": start})
    if writing and form.is_valid():
        try:
            finding = services.finding_from_answers(
                answers=chosen, statement=form.cleaned_data["statement"], user=request.user
            )
        except ValidationError as error:
            form.add_error("statement", error.messages)
        else:
            messages.success(
                request,
                f"The finding has been added to the insight library, linked to {len(chosen)} answers. "
                "It is not public until you make it so.",
            )
            return redirect(finding)
    return render(
        request,
        "questionnaires/finding_form.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "chosen": chosen,
            "crumbs": crumbs_for(questionnaire, "Make a finding"),
        },
    )
