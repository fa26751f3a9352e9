"""The benchmark's checks: a page counts only when it answers 200 with its data, and failures are never skipped."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command

from bench import measures
from bench.measures import Page, problem_with

SEARCH = Page("insight search", "/insight/?q=gp", shows=[("<mark>", "highlighted search result")])


def answer(status: int, text: str = "") -> SimpleNamespace:
    return SimpleNamespace(status_code=status, content=text.encode())


def test_a_page_that_does_not_answer_200_is_a_problem():
    assert problem_with(SEARCH, answer(500, "<mark>gp</mark>")) == "GET /insight/?q=gp answered 500, not 200"
    assert "answered 302" in problem_with(SEARCH, answer(302))


def test_a_page_that_answers_200_without_its_data_is_a_problem():
    assert problem_with(SEARCH, answer(200, "No findings match.")) == (
        "GET /insight/?q=gp answered 200 but shows no highlighted search result"
    )


def test_a_page_with_its_data_is_measured():
    assert problem_with(SEARCH, answer(200, "Waiting for <mark>GP</mark> appointments")) is None


def test_each_page_is_compared_with_the_floor_measured_just_before_it():
    results = {
        "floor": {"c1": {"rps": 1000.0}, "c8": {"rps": 2000.0}},
        "dashboard": {
            "c1": {"rps": 300.0, "floor_beside_rps": 600.0},
            "c8": {"rps": 500.0, "floor_beside_rps": 1000.0},
        },
    }
    measures.add_ratios(results)
    assert results["floor"]["c8"]["ratio_to_floor"] == 1.0
    assert results["dashboard"]["c1"]["ratio_to_floor"] == 0.5 and results["dashboard"]["c8"]["ratio_to_floor"] == 0.5
    assert results["dashboard"]["c1"]["ratio_to_first_floor"] == 0.3
    assert results["dashboard"]["c8"]["ratio_to_first_floor"] == 0.25


@pytest.mark.django_db(transaction=True)
def test_every_key_page_shows_its_data_on_generated_data(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]  # where the benchmark serves the hub
    call_command("generate_data", scale="tiny")  # today's data, as the pages count back from today
    pages, problems = measures.key_pages()
    assert problems == []
    assert {page.name for page in pages} == {
        "register list, filtered", "activity with overlaps", "overlap check while planning", "your work",
        "fatigue view", "insight search", "you said, we did", "API activities, filtered", "assurance dashboard",
        "local account",
    }  # fmt: skip
    counts = measures.query_counts(pages)
    assert set(counts) == {page.name for page in pages} | {"floor"}
    assert all(count > 0 for count in counts.values())
    fresh = measures.fresh_times(pages, repeat=1)
    assert set(fresh) == {page.name for page in pages} and all(ms > 0 for ms in fresh.values())
