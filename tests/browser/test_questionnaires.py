"""Questionnaires in a real browser: a resident answers on a phone without JavaScript, an officer reads the
results and makes a finding, and every questionnaire page passes axe."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from engaging.insight.models import Finding
from engaging.questionnaires import services
from engaging.questionnaires.models import AboutYou, Questionnaire, QuestionnaireResponse
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.questionnaires.conftest import questionnaire, questions  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, skip_without_chromium]
PHONE = {"width": 375, "height": 740}


def patient(page):
    """The page, given longer to load: the first request to the live server imports the whole hub, which on a
    busy machine takes longer than the usual ten seconds."""
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(30_000)
    return page


@pytest.fixture
def answered(questionnaire, questions):  # noqa: F811
    """Five people aged 16 to 24 and five aged 65 to 74, each group answering alike: results split safely by age."""
    cache.clear()  # the rate limit lives in the cache
    one, many, rating, text = questions
    for age, single, said in (("16_24", "Weekly", "Clubs after school"), ("65_74", "Never", "A bus to the centre")):
        for _ in range(5):
            services.submit_response(
                questionnaire=questionnaire,
                answers={one.pk: single, many.pk: ["Clubs"], rating.pk: 4, text.pk: said},
                about_you={"age_band": age},
            )
    return questionnaire


def test_a_resident_answers_on_a_phone_without_javascript(new_context, questionnaire, questions):  # noqa: F811
    cache.clear()
    page = patient(new_context(viewport=PHONE, java_script_enabled=False).new_page())
    page.goto(f"/get-involved/{questionnaire.activity.pk}/")
    page.get_by_role("link", name="Answer the questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(questionnaire.title)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("How often do you get a break?")
    page.get_by_label("Monthly").check()
    page.get_by_label("Sleepovers").check()
    page.get_by_label("4 – Good").check()
    page.get_by_label("4. What else should we know? (optional)").fill("Breaks that do not cost anything")
    page.get_by_role("group", name="What is your age?").get_by_label("16 to 24").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Sleepovers")
    screenshot(page, "questionnaire-check-phone")
    page.get_by_role("button", name="Change your answer to How good is the support you get now?").click()
    expect(page.get_by_label("4 – Good")).to_be_checked()  # the answers come back as given
    page.get_by_label("5 – Very good").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("5 – Very good")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Answers sent")
    expect(page.locator("main")).to_contain_text("decides in March")
    screenshot(page, "questionnaire-thanks-phone")
    saved = QuestionnaireResponse.objects.get()
    assert sorted(saved.answers.values_list("rating", flat=True).exclude(rating=None)) == [5]
    assert AboutYou.objects.get().age_band == "16_24"


def test_an_officer_reads_the_results_splits_them_and_makes_a_finding(new_page, world, answered):
    page = patient(new_page(user=world.officer_council))
    page.goto(f"/register/{answered.activity.pk}/")
    page.get_by_role("link", name=f"Results of {answered.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    first = page.locator("section").filter(has=page.get_by_role("heading", name="1. How often do you get a break?"))
    expect(first.locator("tbody tr").first).to_contain_text("50.0%")
    page.get_by_label("Show the answers of").select_option(label="Age: 16 to 24")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-body-l")).to_contain_text("5 people who answered “Age: 16 to 24”")
    expect(first.locator("tbody tr").first).to_contain_text("100.0%")
    screenshot(page, "questionnaire-results-split")
    page.get_by_label("Search the written answers").fill("bus")
    page.get_by_role("button", name="Search", exact=True).click()
    boxes = page.get_by_label("A bus to the centre")
    expect(boxes).to_have_count(5)
    for index in range(2):
        boxes.nth(index).check()
    page.get_by_role("button", name="Make a finding from the chosen answers").click()
    page.get_by_label("What did people say?").fill("Older people want a bus to the centre")
    page.get_by_role("button", name="Add the finding").click()
    finding = Finding.objects.get(statement="Older people want a bus to the centre")
    assert page.url.endswith(finding.get_absolute_url())
    assert finding.questionnaire_answers.count() == 2 and finding.people_count == 2


def test_every_questionnaire_page_passes_axe(new_page, world, answered, questions):  # noqa: F811
    audit = Audit(patient(new_page(viewport=PHONE)))
    pk = answered.pk
    audit.visit("public activity with its questionnaire", f"/get-involved/{answered.activity.pk}/")
    audit.visit("questionnaire", f"/questionnaires/{pk}/")
    audit.submit("questionnaire, errors", "Continue", errors=True)
    audit.page.get_by_label("Weekly").check()
    audit.submit("check your answers", "Continue", shows=".govuk-summary-list")
    audit.submit("answers sent", "Send my answers", shows=".govuk-panel")
    Questionnaire.objects.filter(pk=pk).update(easy_read_introduction="We want to help young carers.\nTell us.")
    audit.visit("questionnaire, Easy Read", f"/questionnaires/{pk}/easy-read/")
    with override_settings(QUESTIONNAIRE_RATE_LIMIT=0):
        audit.visit("questionnaire, before the limit", f"/questionnaires/{pk}/")
        audit.page.get_by_label("Weekly").check()
        audit.submit("check, before the limit", "Continue", shows=".govuk-summary-list")
        with audit.page.expect_navigation() as navigation:
            audit.page.get_by_role("button", name="Send my answers").click()
        audit.check("too many answers (429)", navigation.value, status=429)
    closed = services.create_questionnaire(
        activity=answered.activity,
        user=None,
        title="Last year",
        introduction="Done.",
        closes_on=answered.closes_on.replace(year=2020),
        questions=[{"kind": "rating", "text": "How was it?"}],
    )
    audit.visit("questionnaire, closed (410)", f"/questionnaires/{closed.pk}/", status=410)

    audit.page = patient(new_page(user=world.officer_council))
    audit.visit("activity page with its questionnaires", f"/register/{answered.activity.pk}/")
    audit.visit("new questionnaire", f"/questionnaires/activities/{answered.activity.pk}/new/")
    audit.submit("new questionnaire, errors", "Save", errors=True)
    audit.visit("questionnaire, as officers build it", f"/questionnaires/{closed.pk}/manage/")
    audit.visit("questionnaire, answered", f"/questionnaires/{pk}/manage/")
    audit.visit("change the questionnaire", f"/questionnaires/{pk}/manage/edit/")
    audit.visit("add a question", f"/questionnaires/{closed.pk}/manage/questions/add/")
    audit.submit("add a question, errors", "Save the question", errors=True)
    audit.submit("add a question, library checked", "Check the library first", fill={"Question": "Do breaks help?"})
    audit.visit("copy a question", f"/questionnaires/{closed.pk}/manage/questions/copy/")
    audit.visit("paper answers", f"/questionnaires/{pk}/manage/paper/")
    audit.submit("paper answers, errors", "Save these answers", errors=True)
    audit.visit("results", f"/questionnaires/{pk}/results/")
    audit.visit("results, split by age", f"/questionnaires/{pk}/results/?split=age_band:16_24")
    audit.page.get_by_label("A bus to the centre").first.check()
    audit.submit("make a finding", "Make a finding from the chosen answers", shows="textarea")
    audit.submit("make a finding, errors", "Add the finding", fill={"What did people say?": ""}, errors=True)
    audit.assert_clean()
