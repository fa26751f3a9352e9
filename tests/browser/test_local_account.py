"""The Local Account in a real browser: a coordinator makes it and downloads it; every page passes axe."""

import pytest
from playwright.sync_api import expect

from engaging.reports.models import LocalAccount
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import WIDEST_ELEMENTS, Audit
from tests.reports import conftest as reports_fixtures
from tests.reports.conftest import YEAR

pytestmark = [pytest.mark.browser, skip_without_chromium]

# The Local Account tests' fixtures: a small year of engagement, and its account (written, not published).
year_data, account = reports_fixtures.year_data, reports_fixtures.account


def test_every_local_account_page_passes_axe(new_page, world, year_data, account):
    audit = Audit(new_page(user=world.coordinator))
    audit.visit("manage Local Accounts", "/local-account/manage/")
    audit.visit("start a Local Account", "/local-account/manage/new/")
    audit.submit("start a Local Account, errors", "Start", fill={"Year": "1999"}, errors=True)
    audit.visit("a Local Account", f"/local-account/manage/{account.pk}/")
    screenshot(audit.page, "local-account-manage")
    audit.visit("write the words", f"/local-account/manage/{account.pk}/words/")
    # The browser would stop typing at 4,000 characters; the server must still refuse more.
    audit.page.evaluate("document.getElementById('id_introduction').removeAttribute('maxlength')")
    audit.submit("write the words, errors", "Save the words", fill={"Introduction": "x" * 4001}, errors=True)
    audit.visit("preview", f"/local-account/manage/{account.pk}/preview/")
    audit.visit("preview, Easy Read", f"/local-account/manage/{account.pk}/preview/easy-read/")

    LocalAccount.objects.filter(pk=account.pk).update(state="generating", progress=40, progress_note="Writing the PDF")
    audit.visit("making the files, in progress", f"/local-account/manage/{account.pk}/generation/")
    screenshot(audit.page, "local-account-generating")
    LocalAccount.objects.filter(pk=account.pk).update(state="ready", progress=100, progress_note="Ready to download")
    audit.visit("making the files, ready", f"/local-account/manage/{account.pk}/generation/")
    LocalAccount.objects.filter(pk=account.pk).update(state="failed", progress=0, progress_note="It broke.")
    audit.visit("making the files, failed", f"/local-account/manage/{account.pk}/generation/")

    LocalAccount.objects.filter(pk=account.pk).update(is_published=True)
    audit.page = new_page()
    audit.visit("published Local Accounts", "/local-account/")
    audit.visit("the Local Account", f"/local-account/{YEAR}/")
    screenshot(audit.page, "local-account")
    audit.visit("the Local Account in Easy Read", f"/local-account/{YEAR}/easy-read/")
    screenshot(audit.page, "local-account-easy-read")
    audit.visit("no Local Account that year", f"/local-account/{YEAR - 10}/", status=404)
    audit.assert_clean()


def test_a_coordinator_makes_the_local_account_publishes_it_and_downloads_it(new_page, world, year_data, account):
    page = new_page(user=world.coordinator, accept_downloads=True)
    page.goto("/local-account/manage/")
    page.get_by_role("link", name=f"Local Account {YEAR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Local Account {YEAR}")

    page.get_by_role("button", name="Make the files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Making the files")
    expect(page.get_by_text("The files are ready")).to_be_visible(timeout=60_000)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.suggested_filename == f"local-account-{YEAR}.pdf"
    with open(pdf.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    with page.expect_download() as word:
        page.get_by_role("link", name="Download the Word document").click()
    assert word.value.suggested_filename == f"local-account-{YEAR}.docx"

    page.get_by_role("link", name=f"Back to Local Account {YEAR}").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published for everyone to read")

    resident = new_page(accept_downloads=True)
    resident.goto(f"/local-account/{YEAR}/")
    expect(resident.get_by_role("heading", level=1)).to_have_text(f"Local Account {YEAR}")
    expect(resident.get_by_text("Welcome to our account of 2024.")).to_be_visible()
    with resident.expect_download() as easy_read:
        resident.get_by_role("link", name="Easy Read PDF").click()
    assert easy_read.value.suggested_filename == f"local-account-{YEAR}-easy-read.pdf"
    resident.get_by_role("link", name="Read this in Easy Read").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(f"What we did in {YEAR}")


def test_the_status_page_follows_the_worker_by_itself(new_page, world, account):
    LocalAccount.objects.filter(pk=account.pk).update(state="generating", progress=20, progress_note="Writing the PDF")
    page = new_page(user=world.coordinator)
    page.goto(f"/local-account/manage/{account.pk}/generation/")
    expect(page.get_by_text("20% done: Writing the PDF")).to_be_visible()
    LocalAccount.objects.filter(pk=account.pk).update(progress=60, progress_note="Writing the Word document")
    expect(page.get_by_text("60% done: Writing the Word document")).to_be_visible(timeout=8_000)
    LocalAccount.objects.filter(pk=account.pk).update(state="ready", progress=100)
    expect(page.get_by_text("The files are ready")).to_be_visible(timeout=8_000)


def test_local_account_pages_reflow_at_320_css_pixels(new_page, world, year_data, account):
    LocalAccount.objects.filter(pk=account.pk).update(is_published=True)
    wide = {}
    for label, path in [("web page", f"/local-account/{YEAR}/"), ("Easy Read", f"/local-account/{YEAR}/easy-read/")]:
        page = new_page(viewport={"width": 320, "height": 640})
        page.goto(path)
        screenshot(page, f"reflow-local-account-{label.replace(' ', '-')}")
        if page.evaluate("document.documentElement.scrollWidth") > 321:
            wide[label] = ", ".join(page.evaluate(WIDEST_ELEMENTS))
    assert not wide, wide
