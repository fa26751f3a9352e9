"""Evaluation in a real browser: a resident gives feedback, an officer evaluates, and every page passes axe."""

import re
import time
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.register.models import Activity, ParticipantCount, Status
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.browser.test_journeys import choose, open_section
from tests.evaluation.conftest import evaluate, finished_activity, rate
from tests.factories import MethodFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]


@dataclass
class Evaluated:
    fed_back: Activity  # finished, not yet evaluated, with an open feedback link
    evaluated: Activity  # evaluated, with feedback and equality answers
    link: FeedbackLink


@pytest.fixture
def evaluated(world) -> Evaluated:
    cache.clear()  # the feedback rate limit lives in the cache
    survey = MethodFactory(name="Online survey")
    fed_back = finished_activity(
        world, title="Carers' evening drop-ins", methods=[world.method], participants_target=40, participants_actual=30
    )
    ParticipantCount.objects.create(activity=fed_back, group=world.carers, count=18)
    done = finished_activity(
        world,
        title="Young people's wellbeing survey",
        status=Status.EVALUATED,
        methods=[world.method, survey],
        groups=[world.young_people],
        participants_target=60,
        participants_actual=48,
    )
    evaluate(
        done, what_worked="Asking in youth clubs.", participants_involved=True, how_participants_involved="A review."
    )
    rate(done, (5, 4, 3), (4, 4, 2), (3, 5, 4), (4, 3, 3), (5, 5, 5), (2, 4, 1), comment="Friendly and quick.")
    EqualityMonitoring.objects.bulk_create(
        [EqualityMonitoring(activity=done, age_band="16_24", ethnicity="white") for _ in range(7)]
        + [EqualityMonitoring(activity=done, age_band="25_34", ethnicity="asian") for _ in range(2)]
    )
    return Evaluated(fed_back=fed_back, evaluated=done, link=FeedbackLink.objects.create(activity=fed_back))


def test_a_resident_gives_feedback_and_is_thanked(new_page, evaluated):
    page = new_page()
    page.goto(f"/f/{evaluated.link.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us how it went")
    page.get_by_role("group", name="“I felt listened to”").get_by_label("Strongly agree").check()
    page.get_by_role("group", name="“It was easy to take part”").get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="“I know what will happen next”").get_by_label("Disagree", exact=True).check()
    page.get_by_label("Is there anything else you want to tell us?").fill("The evening time suited me.")
    page.get_by_role("group", name="What is your age?").get_by_label("35 to 44").check()
    # The trap for robots is out of sight and out of the tab order.
    expect(page.get_by_label("Leave this empty")).to_have_attribute("tabindex", "-1")
    page.get_by_role("button", name="Send feedback").click()

    expect(page).to_have_url(re.compile(rf"/f/{evaluated.link.code}/thank-you/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    screenshot(page, "feedback-thanks")
    feedback = ParticipantFeedback.objects.get(activity=evaluated.fed_back)
    assert (feedback.listened_to, feedback.easy_to_take_part, feedback.know_what_happens_next) == (5, 4, 2)
    assert feedback.comment == "The evening time suited me."
    assert EqualityMonitoring.objects.get(activity=evaluated.fed_back).age_band == "35_44"


def test_an_officer_records_an_evaluation_and_marks_the_activity_evaluated(new_page, world, evaluated):
    activity = evaluated.fed_back
    page = new_page(user=world.officer_council)
    page.goto(f"/register/{activity.pk}/")
    page.get_by_role("link", name="Evaluate this activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluate this activity")
    expect(page.locator("#measures-heading + p + dl")).to_contain_text("30 of a target of 40 (75%)")

    page.get_by_role("button", name="Save the evaluation").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you learned")
    expect(page).to_have_title(re.compile(r"^Error: "))

    page.get_by_label("What did you learn?").fill("Evening sessions suit working carers.")
    page.get_by_role("group", name="Did participants take part in evaluating the activity?").get_by_label("No").check()
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The evaluation has been saved")
    assert Evaluation.objects.get(activity=activity).lessons == "Evening sessions suit working carers."

    page.get_by_role("link", name="Back to the activity").click()
    page.get_by_role("button", name="Mark as evaluated").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The activity is now evaluated")
    activity.refresh_from_db()
    assert activity.status == Status.EVALUATED


def test_the_activity_form_suggests_methods_as_groups_are_ticked(new_page, world, evaluated, monkeypatch):
    # A slow answer, as on a busy server: the overlap check the same tick starts must not cancel it.
    from engaging.evaluation import views

    answer = views.suggestion_context
    monkeypatch.setattr(views, "suggestion_context", lambda ids: time.sleep(0.5) or answer(ids))
    page = new_page(user=world.officer_council)
    page.goto("/register/new/")
    panel = page.locator("#methods-that-worked")
    expect(panel).to_contain_text("Choose target groups")
    page.evaluate("window.sameDocument = true")
    open_section(page, "Who and where")
    choose(page, "Target groups", "Young people")
    expect(panel).to_contain_text("Online survey", timeout=15_000)  # the machine may be busy
    expect(panel).to_contain_text("Focus group")
    assert page.evaluate("window.sameDocument") is True


def test_every_evaluation_page_passes_axe(new_page, world, evaluated, settings):
    audit = Audit(new_page())
    code = evaluated.link.code
    audit.visit("feedback form", f"/f/{code}/")
    audit.submit("feedback form, errors", "Send feedback", errors=True)
    screenshot(audit.page, "a11y-feedback-errors")
    audit.visit("feedback thank-you", f"/f/{code}/thank-you/")
    audit.visit("feedback form, unknown code", "/f/nosuch2/", status=404)
    settings.FEEDBACK_RATE_LIMIT = 0
    audit.visit("feedback form, before the limit", f"/f/{code}/")
    with audit.page.expect_navigation() as navigation:
        audit.page.get_by_role("button", name="Send feedback").click()
    audit.check("feedback, too many responses (429)", navigation.value, status=429)
    FeedbackLink.objects.filter(pk=evaluated.link.pk).update(is_open=False)
    audit.visit("feedback form, closed (410)", f"/f/{code}/", status=410)
    FeedbackLink.objects.filter(pk=evaluated.link.pk).update(is_open=True)

    audit.page = new_page(user=world.officer_council)
    fed_back, done = evaluated.fed_back.pk, evaluated.evaluated.pk
    audit.visit("activity page with the evaluation section", f"/register/{done}/")
    audit.visit("feedback link and QR code", f"/evaluation/activities/{fed_back}/feedback-link/")
    screenshot(audit.page, "a11y-feedback-link")
    audit.visit("feedback link, not yet made", f"/evaluation/activities/{done}/feedback-link/")
    audit.visit("evaluation form", f"/evaluation/activities/{fed_back}/evaluate/")
    audit.submit("evaluation form, errors", "Save the evaluation", errors=True)
    audit.visit("evaluation page", f"/evaluation/activities/{done}/")
    audit.page.get_by_text("Answers to each equality question").click()
    audit.check("evaluation page, equality answers open", shows="details[open] table")
    screenshot(audit.page, "a11y-evaluation")
    audit.visit("evaluation page, not evaluated yet", f"/evaluation/activities/{fed_back}/")
    audit.visit("what works", "/evaluation/what-works/")
    audit.submit("what works, nothing chosen", "Show what works", errors=True)
    audit.visit(
        "what works, results", f"/evaluation/what-works/?groups={world.young_people.pk}&groups={world.carers.pk}"
    )
    audit.page.get_by_text("Answers to each equality question").click()
    audit.check("what works, results with equality answers", shows="td.govuk-table__cell--numeric")
    screenshot(audit.page, "a11y-what-works")
    audit.visit("plan an activity, with suggestions", f"/register/{done}/edit/")
    audit.assert_clean()
