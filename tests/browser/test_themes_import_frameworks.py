"""Importing comments and defining a framework in a real browser: each page and its error state pass axe."""

import pytest

from engaging.themes import frameworks
from engaging.themes.models import Comment, CommentImport, Framework
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit

pytestmark = [pytest.mark.browser, skip_without_chromium]


def test_an_officer_imports_comments_and_defines_a_framework(new_page, world, tmp_path):
    frameworks.install_builtin()
    audit = Audit(new_page(user=world.officer_council))
    page = audit.page
    audit.visit("import comments", "/themes/import/")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,date\nfine,2025-01-02\n,2025-01-02\nlate,14/03/2025\n")
    page.set_input_files("#id_file", str(bad))
    audit.submit("import with problems", "Check and import", errors=True, shows="#problems")
    screenshot(page, "themes-import-problems")
    assert not Comment.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("Comment\nthe ambulance came quickly\nthere was nowhere for parking\n")
    page.set_input_files("#id_file", str(good))
    page.get_by_label("Name of the column of comments").fill("comment")
    audit.submit("imported", "Check and import", shows=".govuk-notification-banner--success")
    assert Comment.objects.filter(classified_at__isnull=False).count() == 2
    job = CommentImport.objects.create(
        user=world.officer_council, framework=Framework.objects.get(), filename="big.csv", size=10, progress=40
    )
    audit.visit("an import the worker runs", f"/themes/import/{job.pk}/")

    audit.visit("frameworks", "/themes/frameworks/")
    audit.visit("create a framework", "/themes/frameworks/new/")
    audit.submit("framework with errors", "Create and add themes", errors=True)
    audit.submit("add a theme", "Create and add themes", fill={"Short name": "youth-voice", "Name": "Youth voice"})
    for name in ("Getting about", "Feeling safe", "Things to do"):
        audit.submit("add another", "Add it and add another", fill={"Name of the theme": name})
    audit.submit("theme with errors", "Add the theme", fill={"Name of the theme": "feeling safe"}, errors=True)
    audit.visit("a framework", "/themes/frameworks/youth-voice/")
    screenshot(page, "themes-framework")
    page.get_by_role("link", name="Remove Feeling safe").click()
    page.wait_for_load_state()
    audit.check("remove a theme")
    audit.submit("removed", "Remove the theme")
    youth = Framework.objects.get(key="youth-voice")
    assert list(youth.themes.values_list("name", flat=True)) == ["Getting about", "Things to do"]
    audit.assert_clean()
