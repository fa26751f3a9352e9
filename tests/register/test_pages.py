"""The register's pages do what an officer expects, and refuse bad input without changing anything."""

import re
from datetime import date, timedelta

import pytest
from django.utils.html import escape
from icalendar import Calendar

from engaging.core.templatetags.govuk import status_tag
from engaging.register.filters import ActivityFilter
from engaging.register.forms import ActivityForm
from engaging.register.models import Activity, JoinUp, ParticipantCount
from engaging.register.templatetags.activity_tags import activity_rows
from tests.factories import ActivityFactory


def date_parts(name, day):
    """A date as the form's day, month and year boxes send it."""
    if day is None:
        return {f"{name}_{part}": "" for part in ("day", "month", "year")}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def form_data(world, **changes):
    start = date.today() + timedelta(days=20)
    data = {
        "title": "Carers' drop-in at the library",
        "summary": "Come and tell us what would help you as a carer.",
        "purpose": "Shapes the carers' strategy refresh.",
        "lead_organisation": world.healthwatch.pk,
        "type": "insight",
        "level": "consult",
        "groups": [world.carers.pk, world.young_people.pk],
        "areas": [world.ward.pk],
        "priorities": [world.priority.pk],
        "methods": [world.method.pk],
        **date_parts("start_date", start),
        **date_parts("end_date", start + timedelta(days=1)),
        "participants_target": "30",
        "cost": "150.00",
        "take_part_place": "Brierley Hill Library, Moor Street",
        "take_part_times": "Tuesdays 10am to 2pm",
        "how_to_take_part": "Drop in between 10am and 2pm.",
        "is_public": "True",
        "contact_name": "Jo Example",
        "contact_email": "jo@example.org",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_officer_plans_an_activity(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/{activity.pk}/"
    assert activity.lead_organisation == world.healthwatch
    assert activity.status == "planned"
    assert activity.created_by == world.officer_healthwatch
    assert set(activity.groups.all()) == {world.carers, world.young_people}
    assert activity.history.first().history_user == world.officer_healthwatch


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"groups": None}, "groups", "Choose at least one target group"),
        ({"areas": None}, "areas", "Choose at least one area"),
        ({"start_date_day": "30", "start_date_month": "2"}, "start_date_day", "The start date must be a real date"),
        ({"start_date_month": ""}, "start_date_month", "The start date must include a month"),
        ({"end_date_year": "25"}, "end_date_year", "Year must include 4 numbers"),
        ({"end_date_month": "13"}, "end_date_month", "The end date must be a real date"),
        (date_parts("start_date", None), "start_date_day", "Enter the start date"),
        ({"end_date_year": "2000"}, "end_date", "The end date must be the same as or after the start date"),
        ({"cost": "lots"}, "cost", "Enter the cost in pounds"),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter an email address"),
        ({"type": "party"}, "type", "Select a valid choice"),
        ({"groups": ["999999"]}, "groups", "Target groups: choose from the list"),
        ({"groups": ["99999999999999999999"]}, "groups", "Target groups: choose from the list"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, world, changes, field, message):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_{field}' in page
    assert "<title>Error: " in page
    assert Activity.objects.count() == 0


def test_the_list_of_sections_covers_every_question_and_marks_those_with_a_problem(client, world):
    form = ActivityForm(user=world.officer_healthwatch)
    placed = [name for _, _, names in ActivityForm.SECTIONS for name in names]
    asked = [n for n, f in form.fields.items() if not n.startswith("publish_anyway_") and not f.widget.is_hidden]
    assert sorted(placed) == sorted(asked) and len(placed) == len(set(placed))

    client.force_login(world.officer_healthwatch)
    page = client.get("/register/new/").content.decode()
    assert page.count("Has a problem") == 0
    assert '<a class="govuk-link govuk-link--no-visited-state" href="#when">3. When</a>' in page
    bad = form_data(world, title="", contact_email="not-an-email", start_date_month="13")
    page = client.post("/register/new/", bad).content.decode()
    marked = re.findall(r'href="#([a-z-]+)">\d\. [^<]+</a> <strong[^>]*>Has a problem', page)
    # Twice each: the list is in the page once for a phone and once beside the form.
    assert marked == ["what-and-why", "when", "partners-only"] * 2


def test_a_text_too_hard_to_read_marks_its_section(client, world):
    client.force_login(world.officer_healthwatch)
    hard = "Stakeholders will leverage synergistic paradigms to operationalise multi-agency deliverables."
    page = client.post("/register/new/", form_data(world, summary=hard)).content.decode()
    assert "Publish “Plain summary” anyway" in page
    assert re.findall(r'href="#([a-z-]+)">\d\. [^<]+</a> <strong[^>]*>Has a problem', page)[0] == "what-and-why"


def test_an_officer_cannot_lead_as_another_organisation(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, lead_organisation=world.council.pk))
    assert response.status_code == 200
    assert "Lead organisation: choose from the list" in response.content.decode()
    assert Activity.objects.count() == 0


def test_overlaps_show_before_saving_without_javascript(client, world, council_activity):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, check="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert council_activity.title.replace("'", "&#x27;") in page
    assert "sam.officer@example.org" in page
    assert Activity.objects.count() == 1


def test_overlaps_panel_for_htmx_reads_the_unsaved_form(client, world, council_activity):
    client.force_login(world.officer_healthwatch)
    # The form sends its dates as day, month and year boxes, nothing else.
    data = form_data(world, title="")
    assert "start_date" not in data and "start_date_day" in data
    response = client.post("/joining-up/overlaps/", data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Young carers" in response.content.decode()
    assert "<html" not in response.content.decode()
    quiet = client.post("/joining-up/overlaps/", {**data, "groups": [world.older_people.pk]})
    assert "No other partner" in quiet.content.decode()


def test_overlaps_panel_reads_whole_dates_too(client, world, council_activity):
    client.force_login(world.officer_healthwatch)
    start = date.today() + timedelta(days=20)
    data = {k: v for k, v in form_data(world).items() if not k.startswith(("start_date_", "end_date_"))}
    whole = client.post("/joining-up/overlaps/", {**data, "start_date": start.isoformat()}).content.decode()
    assert "Young carers" in whole


@pytest.mark.parametrize(
    "dates",
    [
        {"start_date_day": "31", "start_date_month": "2", "start_date_year": "2026"},
        {"start_date_day": "3", "start_date_month": "", "start_date_year": "2026"},
        {"start_date": "2026-02-31"},
        {"start_date": "tomorrow"},
        {"start_date": "2026-05-10", "end_date": "2026-05-01"},
        {"start_date_day": "10", "start_date_month": "5", "start_date_year": "2026", "end_date_day": "1",
         "end_date_month": "5", "end_date_year": "2026"},
    ],
)  # fmt: skip
def test_overlaps_panel_waits_for_usable_dates(client, world, council_activity, dates):
    client.force_login(world.officer_healthwatch)
    data = {k: v for k, v in form_data(world).items() if not k.startswith(("start_date_", "end_date_"))}
    page = client.post("/joining-up/overlaps/", {**data, **dates}).content.decode()
    assert "Choose target groups, areas and dates" in page and "Young carers" not in page


def test_the_overlaps_panel_refuses_get(client, world):
    client.force_login(world.officer_healthwatch)
    assert client.get("/joining-up/overlaps/").status_code == 405


def test_the_detail_page_shows_overlaps_with_the_other_contact(client, world, council_activity, healthwatch_activity):
    client.force_login(world.officer_healthwatch)
    page = client.get(f"/register/{healthwatch_activity.pk}/").content.decode()
    assert "Young carers" in page and "sam.officer@example.org" in page
    assert f"/joining-up/activities/{healthwatch_activity.pk}/with/{council_activity.pk}/" in page


def test_a_joinup_proposed_by_one_is_seen_and_answered_by_the_other(
    client, world, council_activity, healthwatch_activity
):
    client.force_login(world.officer_healthwatch)
    client.post(
        f"/joining-up/activities/{healthwatch_activity.pk}/with/{council_activity.pk}/", {"message": "Joint session?"}
    )
    joinup = JoinUp.objects.get()
    assert joinup.status == "proposed"
    client.force_login(world.officer_council)
    dashboard = client.get("/register/your-work/").content.decode()
    assert "Joint session?" not in dashboard and "Answer Healthwatch Dudley&#x27;s proposal to join up" in dashboard
    assert "Joint session?" in client.get(f"/register/{council_activity.pk}/").content.decode()
    client.post(f"/joining-up/proposals/{joinup.pk}/", {"decision": "decline", "note": "We finished already"})
    joinup.refresh_from_db()
    assert joinup.status == "declined" and joinup.responded_by == world.officer_council
    again = client.post(f"/joining-up/proposals/{joinup.pk}/", {"decision": "agree"})
    joinup.refresh_from_db()
    assert again.status_code == 302 and joinup.status == "declined"


def test_a_joinup_cannot_be_proposed_twice(client, world, council_activity, healthwatch_activity):
    client.force_login(world.officer_healthwatch)
    url = f"/joining-up/activities/{healthwatch_activity.pk}/with/{council_activity.pk}/"
    client.post(url, {})
    client.post(url, {})
    assert JoinUp.objects.count() == 1


def test_status_follows_the_lifecycle(client, world, council_activity):
    client.force_login(world.officer_council)
    for status in ["open", "closed", "reported", "fed_back"]:
        client.post(f"/register/{council_activity.pk}/status/", {"status": status})
        council_activity.refresh_from_db()
        assert council_activity.status == status
    client.post(f"/register/{council_activity.pk}/status/", {"status": "cancelled"})
    council_activity.refresh_from_db()
    assert council_activity.status == "fed_back"


def test_a_skipped_step_is_refused_with_a_message(client, world, council_activity):
    client.force_login(world.officer_council)
    response = client.post(f"/register/{council_activity.pk}/status/", {"status": "evaluated"}, follow=True)
    council_activity.refresh_from_db()
    assert council_activity.status == "planned"
    assert "cannot move to that status" in response.content.decode()


def test_participants_by_group(client, world, council_activity):
    client.force_login(world.officer_council)
    url = f"/register/{council_activity.pk}/participants/"
    bad = client.post(url, {"participants_actual": "10", f"group_{world.carers.pk}": "12"})
    assert "cannot be more than the total" in bad.content.decode()
    assert not ParticipantCount.objects.exists()
    client.post(url, {"participants_actual": "10", f"group_{world.carers.pk}": "4"})
    council_activity.refresh_from_db()
    assert council_activity.participants_actual == 10
    assert ParticipantCount.objects.get().count == 4


def test_history_shows_who_changed_what(client, world, council_activity):
    client.force_login(world.officer_council)
    data = form_data(world, lead_organisation=world.council.pk, title="A better title")
    client.post(f"/register/{council_activity.pk}/edit/", data)
    page = client.get(f"/register/{council_activity.pk}/history/").content.decode()
    assert "A better title" in page and "officer-council" in page
    assert "Young carers&#x27; wellbeing survey" in page


def test_a_record_loaded_without_history_has_a_history_page_that_says_nothing_changed(client, world, council_activity):
    """Records written in bulk (an import, the generated benchmark data) may have no history yet."""
    council_activity.history.all().delete()
    client.force_login(world.officer_council)
    assert client.get(f"/register/{council_activity.pk}/history/").status_code == 200


def test_archived_activities_leave_the_register_and_can_be_restored(client, world, council_activity):
    client.force_login(world.officer_council)
    client.post(f"/register/{council_activity.pk}/archive/")
    assert client.get(f"/register/{council_activity.pk}/").status_code == 404
    assert "Young carers" not in client.get("/register/").content.decode()
    client.force_login(world.coordinator)
    assert "Young carers" in client.get("/register/archived/").content.decode()
    client.post(f"/register/{council_activity.pk}/restore/")
    assert client.get(f"/register/{council_activity.pk}/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/register/999999/", "/register/999999/edit/", "/register/999999/history/", "/register/abc/"]
)
def test_a_bad_id_is_not_found(client, world, url):
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 404


def test_the_list_filters_sorts_and_pages(client, world, council_activity, healthwatch_activity):
    client.force_login(world.board_member)
    by_org = client.get("/register/", {"organisation": world.healthwatch.pk}).content.decode()
    assert "Walk-in centre" in by_org and "Young carers" not in by_org
    by_group = client.get("/register/", {"group": world.carers.pk}).content.decode()
    assert "Young carers" in by_group and "Walk-in centre" not in by_group
    by_area = client.get("/register/", {"area": world.other_ward.pk}).content.decode()
    assert "Young carers" not in by_area
    by_text = client.get("/register/", {"q": "walk-in"}).content.decode()
    assert "Walk-in centre" in by_text and "Young carers" not in by_text
    sorted_page = client.get("/register/", {"sort": "title"}).content.decode()
    assert sorted_page.index("Walk-in centre") < sorted_page.index("Young carers")
    bad = client.get("/register/", {"group": "nonsense", "starts_after": "yesterday"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    assert "<title>Error: Engagement register" in bad.content.decode()
    assert "<title>Engagement register" in client.get("/register/", {"group": world.carers.pk}).content.decode()
    for n in range(30):
        ActivityFactory(title=f"Bulk {n:02d}", lead_organisation=world.council)
    second = client.get("/register/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert client.get("/register/", {"page": "999"}).status_code == 200


def test_the_list_makes_the_same_number_of_queries_for_more_activities(
    client, world, django_assert_num_queries, settings
):
    settings.KEEP_PAGES = False  # the work of listing, not a list kept from the last request
    client.force_login(world.board_member)
    ActivityFactory.create_batch(3, lead_organisation=world.council)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/register/")  # the filters' shared lists are read once, then kept while nothing changes
    with CaptureQueriesContext(connection) as few:
        client.get("/register/")
    ActivityFactory.create_batch(20, lead_organisation=world.healthwatch)
    client.get("/register/")  # the organisations offered are read again once activities are written
    with CaptureQueriesContext(connection) as many:
        client.get("/register/")
    assert len(few) == len(many)


def test_the_calendar_shows_activities_in_their_month(client, world):
    ActivityFactory(title="Spotlight event", start_date=date(2030, 5, 14), end_date=date(2030, 5, 14))
    ActivityFactory(title="Long survey", start_date=date(2030, 4, 1), end_date=date(2030, 7, 1))
    client.force_login(world.board_member)
    page = client.get("/register/calendar/2030/5/").content.decode()
    assert "Spotlight event" in page and "Running all month" in page and "Long survey" in page
    assert "Spotlight event" not in client.get("/register/calendar/2030/6/").content.decode()
    assert client.get("/register/calendar/2030/13/").status_code == 404


def test_the_register_feed_is_valid_icalendar_and_follows_filters(
    client, world, council_activity, healthwatch_activity
):
    client.force_login(world.board_member)
    response = client.get("/register/register.ics", {"organisation": world.council.pk})
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [council_activity.title]
    event = events[0]
    assert event["DTSTART"].dt == council_activity.start_date
    assert event["DTEND"].dt == council_activity.end_date + timedelta(days=1)
    assert str(event["UID"]).startswith(f"activity-{council_activity.pk}@")
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_the_fatigue_view_highlights_busy_months_and_links_to_them(client, world, settings):
    settings.FATIGUE_THRESHOLD = 1
    start = date.today().replace(day=1)
    ActivityFactory.create_batch(2, groups=[world.carers], areas=[world.ward], start_date=start, end_date=start)
    client.force_login(world.officer_council)
    page = client.get("/joining-up/").content.decode()
    assert "et-fatigue__hot" in page
    assert f"group={world.carers.pk}" in page
    assert client.get("/joining-up/", {"from": "nonsense"}).status_code == 400
    assert client.get("/joining-up/", {"area": "999999"}).status_code == 404


def test_each_counted_month_links_to_those_activities_in_the_register(client, world, settings):
    settings.FATIGUE_THRESHOLD = 5
    start = date.today().replace(day=1)
    ActivityFactory(groups=[world.carers], areas=[world.ward], start_date=start, end_date=start + timedelta(days=40))
    ActivityFactory(groups=[world.carers], areas=[world.other_ward], start_date=start, end_date=start)
    client.force_login(world.officer_council)
    page = client.get("/joining-up/", {"area": world.locality.pk, "from": start.strftime("%Y-%m")}).content.decode()
    following = (start + timedelta(days=32)).replace(day=1)
    for month, last in ((start, following - timedelta(days=1)), (following, None)):
        link = (
            f'href="/register/?group={world.carers.pk}&amp;starts_after={month.isoformat()}'
            f"&amp;ends_before={(last or (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)).isoformat()}"
            f'&amp;area={world.locality.pk}&amp;active=on">1<span class="govuk-visually-hidden"> activities for Carers'
        )
        assert link in page
    assert "et-fatigue__hot" not in page
    assert f'<option value="{world.locality.pk}" selected>' in page


def test_proposing_a_joinup_emails_the_other_organisation(
    client, world, council_activity, healthwatch_activity, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(world.officer_healthwatch)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/joining-up/activities/{healthwatch_activity.pk}/with/{council_activity.pk}/",
            {"message": "Joint session?"},
        )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert set(email.to) == {"sam.officer@example.org", "officer-council@example.org"}
    assert "Joint session?" in email.body and "/joining-up/proposals/" in email.body


@pytest.mark.parametrize("year", ["0001", "9999", "1899", "2200"])
def test_dates_far_outside_any_plan_are_refused(client, world, year):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, start_date_year=year, end_date_year=year))
    assert "The start date must be between 1900 and 2199" in response.content.decode()
    assert Activity.objects.count() == 0


def test_overlaps_survive_dates_at_the_ends_of_the_calendar(world):
    from engaging.register.overlaps import Plan, overlapping

    for day in (date.min, date.max):
        plan = Plan(None, frozenset({world.carers.pk}), frozenset({world.ward.pk}), day, day)
        assert list(overlapping(plan)) == []


def test_closing_an_activity_starts_the_clock_for_telling_people(client, world, council_activity):
    client.force_login(world.officer_council)
    for status in ["open", "closed"]:
        client.post(f"/register/{council_activity.pk}/status/", {"status": status})
    council_activity.refresh_from_db()
    assert council_activity.closed_on == date.today()


def test_an_activity_cannot_be_marked_evaluated_without_an_evaluation(world, council_activity):
    from django.core.exceptions import ValidationError

    from engaging.register.services import change_status

    for status in ["open", "closed", "reported", "fed_back"]:
        change_status(activity=council_activity, new_status=status)
    with pytest.raises(ValidationError, match="Record the evaluation"):
        change_status(activity=council_activity, new_status="evaluated")


# Committed, as in the running hub: PostgreSQL keeps nothing read from tables the test's own transaction wrote.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [3, 30])
def test_the_filtered_list_makes_the_same_queries_whatever_the_number_of_matches(
    size, client, world, django_assert_num_queries, settings
):
    settings.KEEP_PAGES = False  # the work of listing, not a list kept from the last request
    ActivityFactory.create_batch(
        size, lead_organisation=world.council, groups=[world.carers], areas=[world.ward], type="consultation"
    )
    client.force_login(world.board_member)
    query = {"type": "consultation", "group": world.carers.pk, "area": world.borough.pk, "active": "on"}
    client.get("/register/", query)  # the filters' shared lists are read once, then kept while nothing changes
    # The session, the user, their roles, the lists' check, the areas that meet the chosen one, the count,
    # the page and its rows' lead organisations, by id. (Permissions come from the roles: Django's own
    # permission tables are not read.)
    with django_assert_num_queries(8):
        page = client.get("/register/", query).content.decode()
    assert f"{size} activities match" in page


def test_each_request_filters_with_its_own_filters_and_form_fields(world, council_activity, healthwatch_activity):
    carers = ActivityFilter({"group": str(world.carers.pk)}, queryset=Activity.objects.all())
    healthwatch = ActivityFilter({"organisation": str(world.healthwatch.pk)}, queryset=Activity.objects.all())
    assert list(carers.qs) == [council_activity] and list(healthwatch.qs) == [healthwatch_activity]
    assert all(filter_.parent is carers for filter_ in carers.filters.values())
    assert carers.filters["active"].filter.f is carers.filters["active"]
    assert carers.form.fields["group"] is not healthwatch.form.fields["group"]
    assert carers.form.fields["group"].kept_source is not healthwatch.form.fields["group"].kept_source
    assert ActivityFilter.base_filters["group"].field.kept_source is None  # requests never change the shared field


def test_rows_show_each_activity_with_its_own_type_lead_dates_and_status(world):
    one_day = ActivityFactory(
        title="Tom & Jerry's <drop-in>",
        lead_organisation=world.council,
        type="co_production",
        level="empower",
        start_date=date(2030, 5, 14),
        end_date=date(2030, 5, 14),
        status="open",
    )
    week = ActivityFactory(
        lead_organisation=world.healthwatch, start_date=date(2030, 5, 14), end_date=date(2030, 5, 21)
    )
    rows = activity_rows(list(Activity.objects.filter(pk__in=[one_day.pk, week.pk]).order_by("pk"))).split("</tr>")
    assert f'href="/register/{one_day.pk}/">Tom &amp; Jerry&#x27;s &lt;drop-in&gt;</a>' in rows[0]
    assert f"{escape(one_day.get_type_display())} · {escape(one_day.get_level_display())}" in rows[0]
    assert (
        "Dudley Council" in rows[0] and '<td class="govuk-table__cell" data-label="Dates">14 May 2030</td>' in rows[0]
    )
    assert str(status_tag("open", one_day.get_status_display())) in rows[0]
    assert f'href="/register/{week.pk}/">' in rows[1] and "Healthwatch Dudley" in rows[1]
    assert "14 May 2030 to 21 May 2030" in rows[1]
    assert str(status_tag("planned", week.get_status_display())) in rows[1]
