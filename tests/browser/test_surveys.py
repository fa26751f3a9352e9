"""Surveys in a real browser: an officer imports results and defines an indicator, a board member reads it by
area on a phone, and every survey page passes axe."""

import pytest
from playwright.sync_api import expect

from engaging.surveys.models import ImportJob, Indicator, Practice, Survey
from engaging.surveys.services import save_practice
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.surveys import conftest as surveys
from tests.surveys.conftest import QUESTION, write_csv

pytestmark = [pytest.mark.browser, skip_without_chromium]
coded_world = surveys.coded_world  # the shared world, with official area codes

PHONE = {"width": 375, "height": 740}
ROWS = [
    [f"{year}-{month:02d}-{day:02d}", code, weight, answer]
    for year in (2022, 2023)
    for month in range(1, 13)
    for day in (3, 10, 17, 24)
    for code, weight, answer in (
        ("E05001234", "1.2", "Agree"),
        ("E05005678", "0.8", "Disagree" if year == 2023 else "Agree"),
        ("E05001234", "1", "Don't know"),
    )
]


def test_an_officer_imports_results_and_defines_an_indicator(new_page, coded_world, tmp_path):
    page = new_page(user=coded_world.officer_council)
    page.goto("/surveys/import/")
    page.get_by_label("Name of the new survey").fill("Residents' panel")
    page.get_by_label("Organisation running the new survey").select_option(label="Dudley Council")
    bad = write_csv(tmp_path, [*ROWS[:3], ["2023-01-01", "Central", "1", "Agree"]], name="bad.csv")
    page.get_by_label("File of results").set_input_files(bad)
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file has 1 problem")
    expect(page.locator("#problems")).to_contain_text("Several areas are called “Central”")
    screenshot(page, "survey-import-problems")
    assert not Survey.objects.exists()

    page.get_by_label("Name of the new survey").fill("Residents' panel")
    page.get_by_label("Organisation running the new survey").select_option(label="Dudley Council")
    page.get_by_label("File of results").set_input_files(write_csv(tmp_path, ROWS, name="good.csv"))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys and indicators")
    expect(page.locator("body")).to_contain_text(f"Imported {len(ROWS)} respondent(s) into “Residents' panel”")

    page.get_by_role("link", name="Define an indicator").click()
    page.get_by_label("Question").select_option(label=f"Residents' panel: {QUESTION}")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one answer that counts as positive")
    page.get_by_label("Name").fill("Police engage residents")
    page.locator("fieldset", has_text="Answers that count as positive").get_by_label("Agree", exact=True).check()
    page.locator("fieldset", has_text="Answers to leave out").get_by_label("Don't know").check()
    page.get_by_role("button", name="Save the indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Police engage residents")
    expect(page.locator("svg.et-indicator-chart")).to_be_visible()
    expect(page.locator("body")).to_contain_text("A decrease since 2022")
    screenshot(page, "survey-indicator")
    indicator = Indicator.objects.get()
    assert [a.text for a in indicator.excluded_answers.all()] == ["Don't know"]


def test_a_board_member_reads_an_indicator_by_area_on_a_phone(new_page, coded_world, tmp_path):
    from engaging.surveys.importing import import_survey
    from engaging.surveys.services import answers_of, save_indicator

    survey = import_survey(path=write_csv(tmp_path, ROWS), filename="r.csv", survey_name="Residents").survey
    question = survey.questions.get()
    indicator = save_indicator(
        name="Police engage residents",
        survey=survey,
        question=question,
        positive_answers=answers_of(question, ["Agree"], "positive_answers"),
        excluded_answers=answers_of(question, ["Don't know"], "excluded_answers"),
        higher_is_better=True,
        period="year",
    )
    page = new_page(user=coded_world.board_member, viewport=PHONE)
    page.goto(f"/surveys/indicators/{indicator.pk}/")
    page.get_by_label("Show an area").select_option(label="— Brierley Hill")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Police engage residents in Brierley Hill")
    expect(page.locator("body")).to_contain_text("Better than the partnership as a whole: the whole range")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "survey-indicator-area-phone")


def test_every_survey_page_passes_axe(new_page, coded_world, tmp_path):
    from engaging.surveys.importing import import_survey
    from engaging.surveys.services import answers_of, save_indicator

    survey = import_survey(
        path=write_csv(tmp_path, ROWS), filename="r.csv", survey_name="Residents", organisation=coded_world.council
    ).survey
    question = survey.questions.get()
    indicator = save_indicator(
        name="Police engage residents",
        survey=survey,
        question=question,
        positive_answers=answers_of(question, ["Agree"], "positive_answers"),
        excluded_answers=[],
        higher_is_better=True,
        period="quarter",
        on_dashboard=True,
    )
    save_practice(ods_code="M1", name="Pensnett Surgery", area=coded_world.ward, list_size=900, group_status="forming")
    job = ImportJob.objects.create(user=coded_world.coordinator, survey_name="Residents", filename="big.csv", size=9)
    refused = ImportJob.objects.create(
        user=coded_world.coordinator,
        survey_name="Residents",
        filename="bad.csv",
        state=ImportJob.State.REFUSED,
        problem_count=1,
        problems=[{"row": 7, "column": "area", "message": "there is no area with the code or name “Atlantis”"}],
    )
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        audit = Audit(new_page(user=coded_world.coordinator, viewport=viewport))
        audit.visit("surveys", "/surveys/")
        audit.visit("indicator", f"/surveys/indicators/{indicator.pk}/")
        audit.visit("indicator by area", f"/surveys/indicators/{indicator.pk}/?area={coded_world.locality.pk}")
        audit.visit("define an indicator", "/surveys/indicators/new/")
        audit.visit("define, question chosen", f"/surveys/indicators/new/?question={question.pk}")
        audit.submit("define, nothing entered", "Save the indicator", errors=True)
        audit.visit("change an indicator", f"/surveys/indicators/{indicator.pk}/change/")
        audit.visit("import", "/surveys/import/")
        audit.submit("import, nothing entered", "Check and import", errors=True)
        audit.visit("import waiting", f"/surveys/import/{job.pk}/")
        audit.check("import refused", audit.page.goto(f"/surveys/import/{refused.pk}/"), shows="#problems")
        audit.visit("patient participation groups", "/surveys/practices/")
        audit.visit("add a practice", "/surveys/practices/new/")
        audit.submit("add a practice, nothing entered", "Save the practice", errors=True)
        audit.visit("change a practice", f"/surveys/practices/{Practice.objects.get().pk}/change/")
        audit.check("dashboard with survey indicators", audit.page.goto("/assurance/"), shows="#surveys-heading")
        audit.assert_clean()
