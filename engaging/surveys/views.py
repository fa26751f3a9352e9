"""Pages for surveys and indicators: the list, one indicator over time, defining one, and importing results."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only, require
from engaging.core import cache
from engaging.core.forms import add_errors
from engaging.core.kept import kept_view
from engaging.lists.models import Area
from engaging.questionnaires.models import Questionnaire
from engaging.surveys import chart, hub, statistics, words
from engaging.surveys.forms import AreaForm, ChooseQuestionForm, IndicatorForm
from engaging.surveys.models import Indicator, Survey
from engaging.surveys.services import save_indicator

HOME = ("Home", "/")
INDEX = ("Surveys and indicators", "/surveys/")
UNITS = {"year": "year", "financial_year": "financial year", "quarter": "quarter"}


def _indicators():
    return (
        Indicator.objects.select_related("survey", "question")
        .prefetch_related("positive_answers", "excluded_answers")
        .order_by("name", "pk")
    )


def latest(indicator: Indicator, request=None):
    """The partnership's latest period with its value, the one before, and the recent trend."""
    series = statistics.values_for(indicator, request=request)
    if not series:
        return None
    last = series[-1]
    return {
        "value": last,
        "previous": series[-2] if len(series) > 1 else None,
        "change": words.change(last, series[-2] if len(series) > 1 else None),
        "trend": words.trend(statistics.recent_trend(series), indicator.higher_is_better, UNITS[indicator.period]),
    }


@internal_only
@require_GET
@kept_view()
def index(request):
    """Every indicator with its latest value, and the surveys behind them."""
    indicators = list(_indicators())
    statistics.tally_all(indicators, request)  # every indicator's sums in one query
    rows = [{"indicator": i, "latest": latest(i, request)} for i in indicators]
    surveys = Survey.objects.select_related("organisation").order_by("name")
    return render(
        request,
        "surveys/index.html",
        {
            "rows": rows,
            "surveys": surveys,
            "may_import": request.user.has_perm("surveys.import_survey"),
            "may_define": request.user.has_perm("surveys.add_indicator"),
            "to_follow": hub.to_follow(request.user),
            "minimum": settings.SURVEY_MIN_RESPONDENTS,
            "crumbs": [HOME, (INDEX[0], None)],
        },
    )


@internal_only
@require_POST
def follow(request, pk: int):
    """Follow a questionnaire answered in the hub as a survey, then choose one of its questions for an indicator."""
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("activity"), pk=pk)
    require(request.user, "surveys.follow_questionnaire", questionnaire)
    try:
        survey = hub.follow(questionnaire, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("surveys:index")
    messages.success(
        request,
        f"“{questionnaire.title}” is followed as the survey “{survey.name}”, with {survey.respondent_count:,} "
        f"respondent{'s' if survey.respondent_count != 1 else ''}. Choose one of its questions for an indicator.",
    )
    return redirect("surveys:indicator_new")


def _by_area(indicator: Indicator, benchmark: list[statistics.Value]) -> list[dict]:
    """Each area's value for the latest period, compared with the partnership's."""
    rows = []
    last = benchmark[-1]
    areas = list(Area.objects.exclude(kind=Area.Kind.WARD).order_by("path"))
    inside = statistics.areas_inside(areas)
    for area in areas:
        series = statistics.values_for(indicator, area, inside=inside[area.pk])
        if not series:
            continue
        value = series[-1]
        rows.append({"area": area, "value": value, "words": words.comparison(value, last)})
    return rows


@internal_only
@require_GET
@kept_view(params=("area",))
def indicator_detail(request, pk: int):
    """One indicator over time, for the partnership or an area, with each flag explained."""
    indicator = get_object_or_404(_indicators(), pk=pk)
    areas = Area.objects.order_by("path")
    form = AreaForm(request.GET or None, areas=areas)
    area = form.cleaned_data["area"] if form.is_valid() else None
    if form.is_bound and not form.is_valid():
        cache.skip()  # an area that is not one: shown for the whole partnership, and not kept
    partnership = statistics.values_for(indicator, request=request)
    series = statistics.values_for(indicator, area) if area else partnership
    rows = []
    for index, value in enumerate(series):
        previous = series[index - 1] if index else None
        rows.append(
            {
                "value": value,
                "comparison": words.comparison(value, partnership[index] if area else None),
                "change": words.change(value, previous),
            }
        )
    trend = statistics.recent_trend(series)
    return render(
        request,
        "surveys/indicator.html",
        {
            "indicator": indicator,
            "form": form,
            "area": area,
            "rows": rows,
            "chart": chart.draw(series, partnership if area else None),
            "trend": words.trend(trend, indicator.higher_is_better, UNITS[indicator.period]),
            "unit": UNITS[indicator.period],
            "by_area": _by_area(indicator, partnership) if partnership else [],
            "latest_period": partnership[-1].period if partnership else "",
            "positive": [a.text for a in indicator.positive_answers.all()],
            "excluded": [a.text for a in indicator.excluded_answers.all()],
            "minimum": settings.SURVEY_MIN_RESPONDENTS,
            "may_change": request.user.has_perm("surveys.change_indicator", indicator),
            "crumbs": [HOME, INDEX, (indicator.name, None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def indicator_form(request, pk: int | None = None):
    """Define an indicator (or change one): first its question, then which answers count and how."""
    indicator = get_object_or_404(_indicators(), pk=pk) if pk else None
    if indicator is not None:
        require(request.user, "surveys.change_indicator", indicator)
    else:
        require(request.user, "surveys.add_indicator")
    question = indicator.question if indicator else None
    chooser = None
    if question is None:
        chooser = ChooseQuestionForm(request.GET if "question" in request.GET else None, user=request.user)
        if chooser.is_bound and chooser.is_valid():
            question = chooser.cleaned_data["question"]
    title = f"Change “{indicator.name}”" if indicator else "Define an indicator"
    crumbs = [HOME, INDEX, (title, None)]
    if question is None:
        return render(request, "surveys/choose_question.html", {"form": chooser, "title": title, "crumbs": crumbs})
    require(request.user, "surveys.define_indicator", question.survey)
    may_choose = request.user.has_perm("surveys.choose_for_board")
    initial = None
    if indicator:
        initial = {
            "name": indicator.name,
            "positive_answers": [str(a.pk) for a in indicator.positive_answers.all()],
            "excluded_answers": [str(a.pk) for a in indicator.excluded_answers.all()],
            "higher_is_better": "yes" if indicator.higher_is_better else "no",
            "period": indicator.period,
            "on_dashboard": indicator.on_dashboard,
        }
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        question=question,
        may_choose_for_board=may_choose,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = {str(a.pk): a for a in question.answers.all()}
        try:
            saved = save_indicator(
                indicator=indicator,
                name=data["name"],
                survey=question.survey,
                question=question,
                positive_answers=[answers[k] for k in data["positive_answers"]],
                excluded_answers=[answers[k] for k in data["excluded_answers"]],
                higher_is_better=data["higher_is_better"],
                period=data["period"],
                on_dashboard=data.get("on_dashboard", indicator.on_dashboard if indicator else False),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The indicator “{saved.name}” has been saved.")
            return redirect("surveys:indicator", pk=saved.pk)
    return render(
        request,
        "surveys/indicator_form.html",
        {"form": form, "question": question, "indicator": indicator, "title": title, "crumbs": crumbs},
    )
