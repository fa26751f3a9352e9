"""The benchmark's checks: a page counts only when it answers 200 with its data, every page in the menus is
measured, failures are never skipped, and a page that misses a target fails the run."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from bench import measures, report
from bench.pages import COORDINATOR, Page, not_measured
from engaging.accounts import landing
from engaging.core import navigation
from engaging.plain.models import GlossaryTerm

SEARCH = Page("insight search", "/insight/?q=gp", shows=[("<mark>", "highlighted search result")])


def answer(status: int, text: str = "") -> SimpleNamespace:
    return SimpleNamespace(status_code=status, content=text.encode())


def test_a_page_that_does_not_answer_200_is_a_problem():
    assert measures.problem_with(SEARCH, answer(500, "<mark>gp</mark>")) == "GET /insight/?q=gp answered 500, not 200"
    assert "answered 302" in measures.problem_with(SEARCH, answer(302))


def test_a_page_that_answers_200_without_its_data_is_a_problem():
    assert measures.problem_with(SEARCH, answer(200, "No findings match.")) == (
        "GET /insight/?q=gp answered 200 but shows no highlighted search result"
    )


def test_a_page_with_its_data_is_measured():
    assert measures.problem_with(SEARCH, answer(200, "Waiting for <mark>GP</mark> appointments")) is None


def menu_paths() -> list[str]:
    names = [item.url_name for item in (*navigation.MENU, navigation.ACCOUNT)]
    names += [name for _, name in navigation.FOOTER] + [landing.YOUR_WORK, landing.BOARD]
    return [reverse(name) for name in names]


def test_every_page_in_the_menus_and_every_landing_page_must_be_measured():
    every = [Page(path, path + "?page=2") for path in menu_paths()]
    assert not_measured(every) == []
    missing = not_measured([page for page in every if page.path != "/board/?page=2"])
    assert missing == ["board:index (/board/) is linked from a menu but not measured"]


def figures(p95: float, rps: float, **more) -> dict:
    return {"p50": p95 / 2, "p95": p95, "p99": p95, "rps": rps, "requests": 100, "errors": 0, "non2xx": 0, **more}


def measured(path: str = "/register/", **rows) -> dict:
    row = {"path": path, "role": COORDINATOR, "floor": figures(5, 1000), "queries": 7, "queries_tiny": 7}
    row.update(kept=figures(20, 500), fresh=figures(100, 200), mixed=figures(100, 400, writer={"errors": []}))
    row.update(rows)
    results = {"floor": {"c8": figures(5, 1000)}, "register": row}
    report.add_ratios(results)
    return {"scale": "borough", "pages": results}


def test_each_workload_is_compared_with_the_floor_measured_just_before_the_page():
    row = measured()["pages"]["register"]
    assert [row[workload]["ratio_to_floor"] for workload in report.WORKLOADS] == [0.5, 0.2, 0.4]


def test_a_page_within_its_targets_passes():
    assert report.missed(measured()) == []


def test_a_page_slow_or_slight_under_the_mixed_workload_fails():
    slow = measured(mixed=figures(151, 400, writer={"errors": []}))
    assert report.missed(slow) == ["register: p95 151 ms under the mixed workload (target 150 ms)"]
    slight = measured(mixed=figures(100, 249, writer={"errors": []}))
    assert report.missed(slight) == ["register: 0.25 of the floor under the mixed workload (target 0.25)"]


def test_a_slow_fresh_page_fails_and_says_at_which_scale():
    assert report.missed(measured(fresh=figures(251, 100))) == [
        "register: p95 251 ms fresh, nothing kept (target 250 ms at region scale; this is borough)"
    ]


def test_the_search_is_held_to_its_own_target_in_every_workload():
    found = report.missed(measured("/api/v1/findings/search?q=gp", kept=figures(101, 500)))
    assert found == ["register: p95 101 ms kept (target 100 ms at national scale; this is borough)"]


def test_errors_under_load_failed_writes_and_queries_that_grow_with_the_data_fail():
    found = report.missed(
        measured(
            kept={**figures(20, 500), "non2xx": 3},
            mixed=figures(100, 400, writer={"errors": ["finding added: answered 400, expected 201"]}),
            queries=9,
        )
    )
    assert found == [
        "register (kept): 0 errors and 3 answers other than 2xx in 100 requests",
        "register: the writer's finding added: answered 400, expected 201",
        "register: 9 queries at this scale but 7 at the tiny scale (a query per row?)",
    ]


def test_fewer_queries_with_more_data_is_not_a_query_per_row():
    assert report.missed(measured(queries=6)) == []


@pytest.mark.django_db(transaction=True)
def test_every_page_shows_its_data_on_generated_data(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]  # where the benchmark serves the hub
    call_command("generate_data", scale="tiny")  # today's data, as the pages count back from today
    # The glossary comes with the hub's migrations, which a test that empties the database before this one takes away.
    # Whether they are there depends on the tests before, and a word is one entry whatever its capitals.
    if not GlossaryTerm.objects.filter(term__iexact="stakeholder").exists():
        GlossaryTerm.objects.create(term="Stakeholder", plain_alternative="people with an interest")
    pages, problems = measures.key_pages()
    # generate_data makes no Easy Read version of an activity yet: the benchmark reports that page as not
    # measured, and every other page must show its data.
    assert [problem for problem in problems if not problem.startswith("public activity, Easy Read")] == []
    roles = {page.role for page in pages}
    assert roles == {"resident", "officer", "board member", "coordinator"}
    assert {"/api/v1/findings/search?limit=50&q=gp+appointments", "/you-said-we-did/feed.atom"} <= {
        page.path for page in pages
    }
    counts = measures.query_counts(pages)
    assert set(counts) == {page.name for page in pages} | {"floor"}
    assert counts["register"] > 0 and counts["accessibility"] == 0  # a page of fixed words reads nothing


def test_a_page_that_answers_nothing_within_the_load_test_fails():
    found = report.missed({**measured(fresh={**figures(0, 0), "requests": 0}), "seconds": 4})
    assert found[0] == "register (fresh): no request was answered within 4 s"
