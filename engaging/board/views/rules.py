"""The screening rules, kept as data: coordinators read, add, change, archive and restore them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import internal_only, permission_required
from engaging.board.forms import RuleForm
from engaging.board.models import ScreeningRule
from engaging.board.screening import DEFAULT_LEVEL, DEFAULT_REASON, DEFAULT_TYPE, QUESTIONS, questions
from engaging.board.views.access import BOARD, rule_for_changing
from engaging.core.kept import kept_view
from engaging.register.models import EngagementLevel, EngagementType

RULES = ("Screening rules", "/board/rules/")


def rules_by_question(rules) -> list[tuple]:
    """The rules under each question, in the order the form asks the questions."""
    asked = questions()
    grouped = {question.key: [] for question in QUESTIONS}
    for rule in rules:
        question = asked.get(rule.question)
        rule.answer_label = question.answer_label(rule.answer) if question else rule.answer
        grouped.setdefault(rule.question, []).append(rule)
    return [(asked[key].label if key in asked else key, key, rows) for key, rows in grouped.items() if rows]


@internal_only
@kept_view()
def rule_list(request):
    live = ScreeningRule.objects.order_by("question", "-weight", "pk")
    archived = ScreeningRule.everything.archived().order_by("question", "-weight", "pk")
    return render(
        request,
        "board/rules.html",
        {
            "groups": rules_by_question(live),
            "archived": rules_by_question(archived),
            "default_type": EngagementType(DEFAULT_TYPE).label,
            "default_level": EngagementLevel(DEFAULT_LEVEL).label,
            "default_reason": DEFAULT_REASON,
            "can_manage": request.user.has_perm("board.manage_rules"),
            "crumbs": [("Home", "/"), BOARD, ("Screening rules", None)],
        },
    )


def _form_page(request, form, rule=None):
    title = "Change a screening rule" if rule else "Add a screening rule"
    return render(
        request,
        "board/rule_form.html",
        {"form": form, "rule": rule, "title": title, "crumbs": [("Home", "/"), BOARD, RULES, (title, None)]},
    )


@permission_required("board.manage_rules")
@require_http_methods(["GET", "POST"])
def rule_create(request):
    form = RuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The rule has been added. It applies to screenings from now on.")
        return redirect("board:rules")
    return _form_page(request, form)


@internal_only
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int):
    rule = rule_for_changing(request.user, pk)
    form = RuleForm(request.POST if request.method == "POST" else None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The rule has been changed. It applies to screenings from now on.")
        return redirect("board:rules")
    return _form_page(request, form, rule)


@internal_only
@require_http_methods(["GET", "POST"])
def rule_archive(request, pk: int):
    rule = rule_for_changing(request.user, pk)
    if request.method == "POST":
        rule.archive()
        messages.success(request, "The rule has been archived. Screenings from now on will not use it.")
        return redirect("board:rules")
    rule.answer_label = (
        questions().get(rule.question).answer_label(rule.answer) if rule.question in questions() else rule.answer
    )
    return render(
        request,
        "board/rule_archive.html",
        {"rule": rule, "crumbs": [("Home", "/"), BOARD, RULES, ("Archive a rule", None)]},
    )


@internal_only
@require_POST
def rule_restore(request, pk: int):
    rule = rule_for_changing(request.user, pk, archived=True)
    rule.restore()
    messages.success(request, "The rule has been restored.")
    return redirect("board:rules")
