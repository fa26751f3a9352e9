"""Include hooks: a lower app's page shows the panels higher apps add to its places, in their stated order."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from engaging.core import hooks


@pytest.fixture
def place(monkeypatch, tmp_path, settings):
    """An empty place of its own, with templates that say who rendered them and with what."""
    monkeypatch.setattr(hooks, "_places", {})
    for name in ("first", "second", "third"):
        (tmp_path / f"{name}.html").write_text(f"<p>{name}: {{{{ said }}}}</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "test-page"


def shown(place: str, *args) -> str:
    request = RequestFactory().get("/")
    template = Template("{% load include_hooks %}{% hook place a b %}")
    return template.render(Context({"request": request, "place": place, "a": args[0], "b": args[1]}))


def test_a_place_shows_its_panels_lowest_order_first_whoever_added_them_first(place):
    hooks.add(place, template="third.html", context=lambda request, a, b: {"said": a + b}, order=30)
    hooks.add(place, template="first.html", context=lambda request, a, b: {"said": a}, order=10)
    hooks.add(place, template="second.html", context=lambda request, a, b: {"said": b}, order=20)
    assert shown(place, "x", "y") == "<p>first: x</p>\n<p>second: y</p>\n<p>third: xy</p>"


def test_a_panel_with_nothing_for_this_visitor_is_left_out(place):
    hooks.add(place, template="first.html", context=lambda request, a, b: None, order=10)
    hooks.add(place, template="second.html", context=lambda request, a, b: {"said": a}, order=20)
    assert shown(place, "x", "y") == "<p>second: x</p>"


def test_a_place_nobody_added_to_shows_nothing(place):
    assert shown(place, "x", "y") == ""


def test_adding_a_panel_again_replaces_it(place):
    hooks.add(place, template="first.html", context=lambda request, a, b: {"said": a}, order=10)
    hooks.add(place, template="first.html", context=lambda request, a, b: {"said": b}, order=10)
    assert shown(place, "x", "y") == "<p>first: y</p>"


def test_what_a_panel_is_given_is_escaped_by_its_template(place):
    hooks.add(place, template="first.html", context=lambda request, a, b: {"said": a}, order=10)
    assert shown(place, "<script>", "") == "<p>first: &lt;script&gt;</p>"


def test_the_apps_above_add_their_panels_to_the_register_and_board_pages():
    """Each page shows the panels it showed when it loaded the higher apps' tags, in the same order."""
    templates = {place: [panel.template for panel in hooks.panels(place)] for place in hooks._places}
    assert templates == {
        "activity-page": [
            "insight/_activity_findings.html",
            "loop/_activity_loop.html",
            "questionnaires/_activity_questionnaires.html",
            "evaluation/_activity_evaluation.html",
        ],
        "activity-form": ["insight/_before_you_start_panel.html", "evaluation/_methods_that_worked_slot.html"],
        "meeting-page": ["voice/_meeting_stories.html"],
        "agenda-item-page": ["assurance/_assessment_link.html"],
    }
