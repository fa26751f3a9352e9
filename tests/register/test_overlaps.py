"""The overlap rule, tested on its own."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.register.models import Status
from engaging.register.overlaps import Plan, fatigue_table, month_starts, overlapping
from tests.factories import ActivityFactory


def plan_for(world, *, org=None, groups=None, areas=None, start=None, end=None):
    start = start or date.today() + timedelta(days=14)
    return Plan(
        lead_organisation_id=(org or world.healthwatch).pk,
        group_ids=frozenset(g.pk for g in (groups or [world.young_people])),
        area_ids=frozenset(a.pk for a in (areas or [world.ward])),
        start_date=start,
        end_date=end or start,
    )


def test_another_organisation_asking_the_same_group_in_a_meeting_area_overlaps(world, council_activity):
    assert list(overlapping(plan_for(world))) == [council_activity]


def test_the_same_organisation_never_overlaps_itself(world, council_activity):
    assert list(overlapping(plan_for(world, org=world.council))) == []


def test_a_cancelled_activity_does_not_overlap(world, council_activity):
    council_activity.status = Status.CANCELLED
    council_activity.save()
    assert list(overlapping(plan_for(world))) == []


def test_no_shared_group_means_no_overlap(world, council_activity):
    assert list(overlapping(plan_for(world, groups=[world.older_people]))) == []


@pytest.mark.parametrize(
    "area_name, meets",
    [("ward", True), ("locality", True), ("borough", True), ("other_locality", False), ("other_ward", False)],
)
def test_areas_meet_themselves_their_ancestors_and_descendants(world, council_activity, area_name, meets):
    # The council activity is in the Brierley Hill locality.
    found = list(overlapping(plan_for(world, areas=[getattr(world, area_name)])))
    assert (found == [council_activity]) is meets


def test_a_borough_wide_activity_meets_every_ward(world):
    borough_wide = ActivityFactory(lead_organisation=world.council, groups=[world.carers], areas=[world.borough])
    found = overlapping(plan_for(world, groups=[world.carers], areas=[world.other_ward]))
    assert list(found) == [borough_wide]


@pytest.mark.parametrize("gap_days, overlaps", [(0, True), (27, True), (28, True), (29, False), (60, False)])
def test_dates_must_come_within_the_window(world, settings, gap_days, overlaps):
    settings.OVERLAP_WEEKS = 4
    start = date(2030, 3, 1)
    ActivityFactory(
        lead_organisation=world.council,
        groups=[world.young_people],
        areas=[world.ward],
        start_date=start,
        end_date=start + timedelta(days=6),
    )
    later = start + timedelta(days=6 + gap_days)
    earlier_end = start - timedelta(days=gap_days)
    assert bool(list(overlapping(plan_for(world, start=later)))) is overlaps
    assert bool(list(overlapping(plan_for(world, start=earlier_end - timedelta(days=3), end=earlier_end)))) is overlaps


def test_the_window_is_a_setting(world, settings, council_activity):
    far = council_activity.end_date + timedelta(weeks=6)
    settings.OVERLAP_WEEKS = 4
    assert list(overlapping(plan_for(world, start=far))) == []
    settings.OVERLAP_WEEKS = 8
    assert list(overlapping(plan_for(world, start=far))) == [council_activity]


def test_a_saved_activity_does_not_overlap_itself(world, council_activity, healthwatch_activity):
    assert list(overlapping(Plan.of(council_activity))) == [healthwatch_activity]
    assert list(overlapping(Plan.of(healthwatch_activity))) == [council_activity]


def test_each_overlap_appears_once_even_with_several_shared_groups_and_areas(world, council_activity):
    plan = plan_for(world, groups=[world.young_people, world.carers], areas=[world.ward, world.locality, world.borough])
    found = list(overlapping(plan))
    assert found == [council_activity]
    assert found[0].shared_groups == 2


def test_an_incomplete_plan_has_no_overlaps(world, council_activity):
    plan = Plan(
        lead_organisation_id=None,
        group_ids=frozenset(),
        area_ids=frozenset(),
        start_date=date.today(),
        end_date=date.today(),
    )
    assert list(overlapping(plan)) == []


def test_archived_activities_do_not_overlap(world, council_activity):
    council_activity.archive()
    assert list(overlapping(plan_for(world))) == []


def test_fatigue_counts_each_month_an_activity_touches(world, settings):
    settings.FATIGUE_THRESHOLD = 1
    ActivityFactory(groups=[world.carers], areas=[world.ward], start_date=date(2030, 1, 20), end_date=date(2030, 2, 3))
    ActivityFactory(
        groups=[world.carers], areas=[world.other_ward], start_date=date(2030, 2, 10), end_date=date(2030, 2, 11)
    )
    ActivityFactory(
        groups=[world.carers],
        areas=[world.ward],
        start_date=date(2030, 2, 1),
        end_date=date(2030, 2, 1),
        status=Status.CANCELLED,
    )
    months = month_starts(date(2030, 1, 1), 3)
    table, threshold = fatigue_table(months=months)
    carers = dict((g.name, cells) for g, cells in table)["Carers"]
    assert [c.count for c in carers] == [1, 2, 0]
    assert [c.over_threshold for c in carers] == [False, True, False]
    in_ward, _ = fatigue_table(months=months, area=world.ward)
    assert [c.count for c in dict((g.name, cells) for g, cells in in_ward)["Carers"]] == [1, 1, 0]


def test_a_plan_is_read_from_a_half_filled_form(world):
    from django.http import QueryDict

    def read(**fields):
        data = QueryDict(mutable=True)
        for name, value in fields.items():
            data.setlist(name, value if isinstance(value, list) else [value])
        return Plan.from_data(data, activity_id=7)

    plan = read(
        lead_organisation=str(world.council.pk),
        groups=[str(world.carers.pk), "x", "9" * 30],
        areas=[str(world.ward.pk)],
        start_date="2030-03-01",
    )
    assert plan.lead_organisation_id == world.council.pk and plan.activity_id == 7
    assert plan.group_ids == {world.carers.pk} and plan.area_ids == {world.ward.pk}
    assert plan.start_date == plan.end_date == date(2030, 3, 1)
    assert read(start_date="2030-03-01", end_date="2030-02-01") is None
    assert read(start_date="2030-02-30") is None
    assert read(lead_organisation="council", start_date="2030-03-01") is None
    assert read(groups=[str(world.carers.pk)]) is None


def check_overlaps(client, world, **changes):
    """Ask the overlap panel about a plan typed into the activity form, as HTMX does."""
    start = date.today() + timedelta(days=14)
    data = {
        "lead_organisation": world.healthwatch.pk,
        "groups": [world.young_people.pk],
        "areas": [world.ward.pk],
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
    }
    data.update(changes)
    return client.post("/joining-up/overlaps/", data, headers={"HX-Request": "true"})


def test_the_overlap_check_makes_the_same_queries_however_many_activities_overlap(
    client, world, council_activity, django_assert_num_queries
):
    client.force_login(world.officer_healthwatch)
    with CaptureQueriesContext(connection) as one:
        page = check_overlaps(client, world).content.decode()
    assert page.count('class="et-overlap"') == 1
    ActivityFactory.create_batch(
        12,
        lead_organisation=world.council,
        groups=[world.young_people, world.carers],
        areas=[world.ward, world.borough],
    )
    with django_assert_num_queries(len(one)):
        page = check_overlaps(client, world).content.decode()
    assert page.count('class="et-overlap"') == 13


def test_the_overlap_panel_escapes_what_partners_typed(client, world):
    ActivityFactory(
        title="<b>Bold</b> & co",
        lead_organisation=world.council,
        groups=[world.young_people],
        areas=[world.ward],
        contact_name="<i>Jo</i>",
        contact_email="jo@example.org",
        contact_phone="<01384> 000",
    )
    client.force_login(world.officer_healthwatch)
    page = check_overlaps(client, world).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page and "<b>Bold" not in page
    assert "Contact: &lt;i&gt;Jo&lt;/i&gt;, " in page
    assert '<a class="govuk-link" href="mailto:jo@example.org">jo@example.org</a>, &lt;01384&gt; 000</p>' in page
    assert "Propose joining up" not in page  # nothing saved yet to propose from


def test_the_fatigue_view_makes_the_same_queries_however_many_activities_it_counts(
    client, world, django_assert_num_queries, settings
):
    settings.KEEP_PAGES = False  # the work of counting, not a table kept from the last request
    start = date.today().replace(day=1)
    ActivityFactory(groups=[world.carers], areas=[world.ward], start_date=start, end_date=start)
    client.force_login(world.officer_council)
    query = {"area": world.locality.pk, "from": start.strftime("%Y-%m")}
    client.get("/joining-up/", query)  # the area list is read once, then kept while nothing changes
    with CaptureQueriesContext(connection) as few:
        client.get("/joining-up/", query)
    for months in range(12):
        day = (start + timedelta(days=31 * months)).replace(day=1)
        ActivityFactory.create_batch(
            2,
            groups=[world.carers, world.young_people],
            areas=[world.ward, world.other_ward],
            start_date=day,
            end_date=day,
        )
    with django_assert_num_queries(len(few)):
        page = client.get("/joining-up/", query).content.decode()
    assert f"?group={world.young_people.pk}&amp;starts_after={start.isoformat()}" in page
