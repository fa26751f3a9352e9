"""Searching findings: ranking on a set whose right answers are known, filters, highlighting, and any input at all.

Runs on whichever database the suite runs on (SQLite FTS5 or PostgreSQL full-text search).
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engaging.insight import search_index
from engaging.insight.filters import FindingFilter
from engaging.insight.models import Finding
from engaging.insight.relevance import relevant_findings
from engaging.insight.search import START, STOP, marked, search_findings, search_terms
from tests.factories import ActivityFactory, GroupFactory
from tests.insight.factories import FindingFactory

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def library(world, council_activity, healthwatch_activity, themes):
    """Five findings whose answers to a few searches are known."""
    today = date.today()
    make = FindingFactory
    return {
        "waiting": make(
            activity=healthwatch_activity,
            statement="Waiting times at the walk-in centre were long; people were waiting hours, waiting all night.",
            themes=[themes["waiting"]],
            groups=[world.young_people],
            areas=[world.ward],
            heard_on=today - timedelta(days=10),
        ),
        "room": make(
            activity=healthwatch_activity,
            statement="The waiting room was clean and the staff were kind.",
            groups=[world.older_people],
            areas=[world.other_ward],
            heard_on=today - timedelta(days=20),
        ),
        "bus": make(
            activity=council_activity,
            statement="There is no bus to the hospital after six in the evening.",
            themes=[themes["transport"]],
            groups=[world.carers],
            areas=[world.borough],
            priorities=[world.priority],
            heard_on=today - timedelta(days=30),
        ),
        "gp": make(
            activity=council_activity,
            statement="Getting a GP appointment means phoning at eight and waiting in a queue.",
            themes=[themes["access"], themes["waiting"]],
            groups=[world.carers],
            areas=[world.locality],
            heard_on=today - timedelta(days=40),
        ),
        "old": make(
            activity=council_activity,
            statement="Waiting lists for hearing aids were very long.",
            heard_on=today - timedelta(days=900),
        ),
    }


def run(text="", data=None, **options):
    finding_filter = FindingFilter(data or {}, queryset=Finding.objects.in_library().for_lists())
    return search_findings(finding_filter.qs, text, **options)


def keys(result, library) -> list[str]:
    names = {finding.pk: name for name, finding in library.items()}
    return [names[finding.pk] for finding in result.findings]


def test_the_index_is_in_place(db):
    assert search_index.is_complete(connection)


def test_more_mentions_rank_higher_and_stale_findings_are_left_out(library):
    result = run("waiting")
    assert keys(result, library) == ["waiting", "room", "gp"]
    assert result.count == 3


def test_every_word_must_match(library):
    assert keys(run("waiting night"), library) == ["waiting"]
    assert keys(run("evening bus"), library) == ["bus"]
    assert run("waiting zebra").count == 0


def test_stemming_finds_other_forms_of_a_word(library):
    assert set(keys(run("waited"), library)) == {"waiting", "room", "gp"}
    assert keys(run("appointments"), library) == ["gp"]


def test_including_stale_findings(library):
    assert "old" in keys(run("waiting", {"include_stale": "on"}), library)
    assert run("hearing").count == 0
    assert keys(run("hearing", {"include_stale": "on"}), library) == ["old"]


def test_no_words_lists_current_findings_newest_first(library):
    result = run("")
    assert keys(result, library) == ["waiting", "room", "bus", "gp"]
    assert result.count == 4 and not result.searched


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"group": "carers"}, {"bus", "gp"}),
        ({"theme": "waiting"}, {"waiting", "gp"}),
        ({"priority": "priority"}, {"bus"}),
        ({"organisation": "healthwatch"}, {"waiting", "room"}),
        ({"area": "ward"}, {"waiting", "gp", "bus"}),  # the ward, its locality and the borough meet it
        ({"area": "other_ward"}, {"room", "bus"}),
        ({"area": "locality"}, {"waiting", "gp", "bus"}),
        ({"heard_after": 25}, {"waiting", "room"}),
        ({"heard_before": 25}, {"bus", "gp"}),
    ],
)
def test_filters(world, library, themes, filters, expected):
    objects = {
        "carers": world.carers, "waiting": themes["waiting"], "priority": world.priority,
        "healthwatch": world.healthwatch, "ward": world.ward, "other_ward": world.other_ward,
        "locality": world.locality,
    }  # fmt: skip
    data = {}
    for name, value in filters.items():
        if name.startswith("heard_"):
            data[name] = (date.today() - timedelta(days=value)).isoformat()
        else:
            data[name] = objects[value].pk
    assert set(keys(run("", data), library)) == expected
    # Filters narrow a text search in the same way.
    assert set(keys(run("the", data), library)) <= expected


def test_a_finding_linked_twice_is_listed_once(world, library):
    library["gp"].groups.add(world.young_people)
    result = run("", {"area": world.borough.pk})
    assert len(result.findings) == len({f.pk for f in result.findings}) == result.count


def test_matching_words_are_highlighted_and_everything_else_escaped(council_activity):
    FindingFactory(activity=council_activity, statement='Waiting <script>alert("x")</script> & more waiting.')
    [finding] = run("waiting").findings
    assert "<script>" not in finding.snippet
    assert "&lt;script&gt;" in finding.snippet
    assert "&amp;" in finding.snippet
    assert finding.snippet.count("<mark>") == 2
    assert "<mark>Waiting</mark>" in finding.snippet


def test_a_long_statement_is_shortened_around_the_match(council_activity):
    words = " ".join(f"filler{n}" for n in range(150))
    FindingFactory(activity=council_activity, statement=f"{words} loneliness {words}")
    [finding] = run("loneliness").findings
    assert "<mark>loneliness</mark>" in finding.snippet
    assert finding.snippet.startswith("…") and finding.snippet.endswith("…")
    assert len(finding.snippet) < 1000


def test_markers_in_a_statement_never_become_tags():
    assert marked(f"a {START}b <i>") == "a b &lt;i&gt;"
    assert marked(f"{STOP}a{START}") == "a"
    assert marked(f"{START}{START}a{STOP}{STOP}") == "a"
    assert marked(f"x {START}a{STOP} y") == "x <mark>a</mark> y"


def test_the_index_follows_changes_and_archiving(council_activity):
    finding = FindingFactory(activity=council_activity, statement="Parking was hard to find.")
    assert run("parking").count == 1
    finding.statement = "Signs to the clinic were confusing."
    finding.save()
    assert run("parking").count == 0
    assert run("signs").count == 1
    finding.archive()
    assert run("signs").count == 0
    Finding.everything.filter(pk=finding.pk).delete()
    assert run("signs", {"include_stale": "on"}).count == 0


def test_paging(council_activity):
    for n in range(7):
        FindingFactory(activity=council_activity, statement=f"Loneliness came up again, time {n}.")
    first = run("loneliness", limit=5)
    second = run("loneliness", offset=5, limit=5)
    assert first.count == second.count == 7
    assert len(first.findings) == 5 and len(second.findings) == 2
    assert not {f.pk for f in first.findings} & {f.pk for f in second.findings}


def test_at_most_the_most_recently_recorded_matches_are_ranked_and_counted(council_activity):
    findings = [FindingFactory(activity=council_activity, statement=f"Loneliness came up, time {n}.") for n in range(7)]
    findings[6].statement = "Loneliness, loneliness and loneliness again."  # the best match, recorded last
    findings[6].save()
    capped = run("loneliness", most=5, limit=10)
    assert capped.count == 5 and capped.capped
    assert {f.pk for f in capped.findings} == {f.pk for f in findings[2:]}
    assert capped.findings[0].pk == findings[6].pk
    assert [f.pk for f in run("loneliness", most=5, offset=4, limit=10).findings] == [capped.findings[4].pk]
    past = run("loneliness", most=5, offset=5, limit=10)
    assert past.count == 5 and past.capped and not past.findings
    exact = run("loneliness", most=7)
    assert exact.count == 7 and not exact.capped
    assert not run("nobody", most=5).capped


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "NEAR(a b)",
        "a OR",
        "AND",
        "NOT x",
        "*",
        "^a",
        "a:b",
        "statement:waiting",
        "(",
        ")",
        "-",
        "{a b}",
        "a + b",
        "!",
        "&",
        "|",
        "<->",
        "\\",
        "\x00",
        "%",
        "_",
        "%%",
        "'; DROP TABLE insight_finding; --",
        "w" * 10_000,
        "waiting " * 500,
        "😀 waiting",
        "ｗａｉｔｉｎｇ",
        "café",
        "ß",
        "İ",
        "\u0301",
        "\ue000waiting\ue001",
        "",
        "   ",
        "...",
        "!!!",
        "🙂🙂",
    ],
)
def test_any_input_is_searched_safely(library, text):
    result = run(text)
    assert result.count >= 0
    assert len(result.findings) <= 20


@given(text=st.text(max_size=300))
@FUZZ
def test_no_text_makes_search_fail(library, text):
    result = run(text)
    assert result.count == len(result.findings) or result.count > 20
    for finding in result.findings:
        assert "<script" not in finding.snippet


def test_search_terms_are_plain_words():
    assert search_terms('waiting "times" OR (gp)*') == ["waiting", "times", "or", "gp"]
    assert search_terms("the GP plan for young people", leave_out_common=True) == ["gp", "young"]
    assert len(search_terms(" ".join(f"w{n}" for n in range(100)))) == 16


# ---- Before you start --------------------------------------------------------------------------


def test_before_you_start_puts_the_best_match_first_and_stale_ones_lower(world, library):
    found = relevant_findings(text="Evening bus to the hospital", group_ids=[], priority_ids=[])
    assert found[0] == library["bus"]
    found = relevant_findings(text="waiting lists", group_ids=[], priority_ids=[])
    assert library["old"] in found  # stale ones still show, marked
    assert found.index(library["old"]) > found.index(library["waiting"])


def test_before_you_start_counts_shared_groups_and_priorities(world, library):
    found = relevant_findings(text="", group_ids=[world.carers.pk], priority_ids=[world.priority.pk])
    assert found[:2] == [library["bus"], library["gp"]]
    assert relevant_findings(text="", group_ids=[GroupFactory(name="Nobody").pk], priority_ids=[]) == []


def test_before_you_start_leaves_out_the_activitys_own_findings(library, council_activity):
    found = relevant_findings(text="bus hospital", exclude_activity_id=council_activity.pk)
    assert library["bus"] not in found


def test_before_you_start_leaves_out_archived_activities(library, council_activity):
    other = ActivityFactory(title="Another", lead_organisation=council_activity.lead_organisation)
    FindingFactory(activity=other, statement="Bus fares cost too much.").activity.archive()
    assert all(f.activity_id != other.pk for f in relevant_findings(text="bus fares"))


def test_before_you_start_compares_only_the_most_recently_recorded_matches(world, council_activity, monkeypatch):
    """Its work stays the same however large the library grows: older matches beyond the pool are not read."""
    from engaging.insight import search

    other = ActivityFactory(title="Another", lead_organisation=world.healthwatch)
    oldest = FindingFactory(activity=council_activity, statement="Hearing loops broke in the clinic.")
    newer = [FindingFactory(activity=council_activity, statement=f"Hearing loops were missing, {n}.") for n in range(3)]
    monkeypatch.setattr(search, "POOL", 3)
    found = relevant_findings(text="hearing loops", exclude_activity_id=other.pk)
    assert set(found) == set(newer)
    assert oldest not in found
    monkeypatch.setattr(search, "POOL", 500)
    assert oldest in relevant_findings(text="hearing loops", exclude_activity_id=other.pk)


def test_before_you_start_pools_shared_groups_and_priorities_by_how_recently_they_were_recorded(
    world, council_activity, monkeypatch
):
    from engaging.insight import search

    both = FindingFactory(activity=council_activity, groups=[world.carers], priorities=[world.priority])
    group_only = [FindingFactory(activity=council_activity, groups=[world.carers]) for _ in range(2)]
    FindingFactory(activity=council_activity, groups=[world.older_people])  # shares nothing
    monkeypatch.setattr(search, "POOL", 2)
    shared = search.sharing_most(Finding.objects.in_library(), {world.carers.pk}, {world.priority.pk})
    assert [pk for pk, _, _ in shared] == [group_only[1].pk, group_only[0].pk]
    monkeypatch.setattr(search, "POOL", 500)
    shared = search.sharing_most(Finding.objects.in_library(), {world.carers.pk}, {world.priority.pk})
    assert shared[0] == (both.pk, 1, 1)
    assert {pk for pk, _, _ in shared} == {both.pk, *(f.pk for f in group_only)}


def test_search_keeps_a_findings_own_filters_beside_the_words(world, council_activity):
    """The words are matched by the index and the queryset's own conditions checked on the same finding."""
    kept = FindingFactory(activity=council_activity, statement="Parking at the clinic is expensive.")
    FindingFactory(activity=council_activity, statement="Parking at the surgery is free.").archive()
    FindingFactory(
        activity=council_activity,
        statement="Parking at the hospital was hard.",
        heard_on=date.today() - timedelta(days=1000),
    )
    result = run("parking")
    assert [f.pk for f in result.findings] == [kept.pk] and result.count == 1
    assert run("parking", {"include_stale": "on"}).count == 2


def test_postgresql_keeps_an_index_of_current_findings_words_from_the_first_of_the_month(request, db):
    if connection.vendor != "postgresql":
        # SQLite's FTS5 table has no partial indexes: there is nothing to refresh, and nothing changes.
        assert search_index.refresh_current(connection, today=date(2030, 5, 17)) is None
        library = request.getfixturevalue("library")
        assert keys(run("waiting"), library) == ["waiting", "room", "gp"]
        return
    assert search_index.current_indexes(connection) == [search_index.current_index_name(date.today().replace(day=1))]
    name = search_index.refresh_current(connection, today=date(2030, 5, 17))
    assert name == "insight_finding_words_from_20300501"
    assert search_index.current_indexes(connection) == [name]  # last month's is gone
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        definition = cursor.fetchone()[0]
    assert "USING gin (statement_search)" in definition and "review_by >= '2030-05-01'::date" in definition
    assert search_index.is_complete(connection)
    # Searching gives the same answers whichever index the database uses. (The findings come after
    # the index: PostgreSQL builds no index while the transaction has checks still to make.)
    library = request.getfixturevalue("library")
    assert keys(run("waiting"), library) == ["waiting", "room", "gp"]


def test_the_refresh_command_says_what_it_did(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("refresh_search_index", stdout=out)
    if connection.vendor == "postgresql":
        assert f"use {search_index.current_index_name(date.today().replace(day=1))}" in out.getvalue()
    else:
        assert "Nothing to do" in out.getvalue()
