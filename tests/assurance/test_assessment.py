"""The engagement assessment of an agenda item: its facts, as a page and as a Word document read back."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from engaging.assurance.assessment import assess
from engaging.assurance.assessment_word import write_docx
from engaging.board.models import AgendaItem, Screening
from engaging.insight.models import Finding, Theme
from engaging.loop.models import Response
from tests.assurance.conftest import TODAY

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Engagement assessment: Homelessness and health: the new hostel service",
    "What engagement took place",
    "Who was reached and who was missed",
    "What people said",
    "How it shaped the proposal",
    "What is still open",
]


@pytest.fixture
def said(known):
    """What people said at the item's two activities (A1 and A2), and what was done about it."""
    access, gp = Theme.objects.create(name="Access"), Theme.objects.create(name="Registering with a GP")
    known.a1.participants_actual, known.a2.participants_actual = 25, 5
    known.a1.save()
    known.a2.save()

    def finding(activity, statement, themes, people=None, public=True):
        made = Finding.objects.create(
            activity=activity, statement=statement, heard_on=date(2025, 3, 1), people_count=people, is_public=public
        )
        made.themes.set(themes)
        return made

    f1 = finding(known.a1, "Carers said evening sessions suit them better.", [access], people=12)
    f2 = finding(known.a1, "One carer described a private family matter.", [access], public=False)
    f3 = finding(known.a2, "People in hostels said they cannot register with a GP.", [access, gp], people=5)
    finding(known.a2, "Some people said the hostel wifi is poor.", [])
    done = Response.objects.create(
        action="We added two evening clinics a week.",
        organisation=known.world.council,
        status=Response.Status.DONE,
        decision_reference="Board meeting July 2025, item 4",
        outcome="Carers can now come after work.",
    )
    done.findings.set([f1])
    going = Response.objects.create(
        action="We are working with GP practices to register hostel residents.",
        organisation=known.world.healthwatch,
        status=Response.Status.IN_PROGRESS,
    )
    going.findings.set([f3, f2])
    return known


def test_what_the_assessment_says(said):
    result = assess(said.item, today=TODAY)
    assert [a.title for a in result.activities] == ["Carers' consultation", "Hostel listening sessions"]
    assert result.what_took_place() == [
        "2 engagement activities took place for this item, from 10 January 2025 to 31 March 2025.",
        "30 people took part.",
        "The highest level of influence offered so far was “involve”.",
        "The board's screening recommended consultation at the “collaborate” level.",
        "The engagement so far has not reached the recommended level.",
    ]
    assert [(g.name, g.people) for g in result.reached] == [
        ("Deaf people", 2), ("People who are homeless", 8), ("Young people", 20),
    ]  # fmt: skip
    assert [(g.name, g.targeted, g.affected) for g in result.missed] == [("Carers", False, True)]
    assert result.findings == 4
    assert result.themes == [("Access", 3), ("Registering with a GP", 1)]
    # Public statements only, most people first; the private finding is never quoted.
    assert result.statements == [
        "Carers said evening sessions suit them better.",
        "People in hostels said they cannot register with a GP.",
        "Some people said the hostel wifi is poor.",
    ]
    assert [(r.action, r.status) for r in result.responses] == [
        ("We added two evening clinics a week.", "done"),
        ("We are working with GP practices to register hostel residents.", "in_progress"),
    ]
    assert result.how_it_shaped() == ["There are 2 responses: 1 done, 1 in progress."]
    assert result.open_points == [
        "“We are working with GP practices to register hostel residents.” (Healthwatch Dudley) is in progress.",
        "1 finding has no response yet.",
        "People who took part in “Hostel listening sessions” have not been told what happened. "
        "This was due by 23 June 2025.",
        "“Hostel listening sessions” has not been evaluated.",
        "2 screening actions are not done, 1 of them overdue:",
        "The screening action “Ask the hostels to host a session” (owner: Dudley Council) is not done: "
        "it was due on 1 July 2025 and is overdue.",
        "The screening action “Due today” (owner: nobody named) is not done: it is due by 15 July 2025.",
    ]


def test_an_item_with_nothing_linked_says_so(known):
    item = AgendaItem.objects.create(
        meeting=known.item.meeting,
        title="Annual report",
        lead_organisation=known.world.council,
        decision_sought="Note.",
    )
    result = assess(item, today=TODAY)
    assert result.what_took_place() == ["No engagement has been linked to this item yet."]
    assert result.who_was_reached() == [
        "This item has not been screened, so no groups are recorded as affected.",
        "No target groups or participant numbers by group have been recorded.",
    ]
    assert result.what_people_said() == ["No findings have been recorded from this engagement yet."]
    assert result.how_it_shaped() == ["No responses to what people said have been recorded yet."]
    assert result.open_points == ["No engagement has been linked to this item."]


def test_an_item_with_nothing_linked_takes_as_many_queries_as_one_with_engagement(said):
    """The linked activities are a subquery, so no query is skipped when there are none: the page's count
    does not depend on what an item has."""
    empty = AgendaItem.objects.create(
        meeting=said.item.meeting, title="Annual report", lead_organisation=said.world.council, decision_sought="Note."
    )
    Screening.objects.create(
        agenda_item=empty, changes_services="no", influence="some", time_available="under_4",
        community_interest="low", partner_capability="low",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as nothing:
        assess(empty, today=TODAY)
    with CaptureQueriesContext(connection) as engagement:
        result = assess(said.item, today=TODAY)
    assert result.findings and result.responses
    assert len(nothing) == len(engagement)


def read_docx(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def test_the_word_document_has_the_headings_the_table_and_the_facts(said):
    document = read_docx(write_docx(assess(said.item, today=TODAY)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == HEADINGS
    paragraphs = [p.text for p in document.paragraphs]
    assert "2 engagement activities took place for this item, from 10 January 2025 to 31 March 2025." in paragraphs
    assert (
        "People who are homeless: 8 people took part (targeted and named as affected by the screening)." in paragraphs
    )
    assert "Carers: nobody was counted as taking part (named as affected by the screening)." in paragraphs
    assert "The main themes were: Access (3), Registering with a GP (1)." in paragraphs
    assert "“Carers said evening sessions suit them better.”" in paragraphs
    assert not any("private family matter" in p for p in paragraphs)
    assert (
        "We added two evening clinics a week. (Dudley Council): done. Decision reference: Board meeting July 2025, "
        "item 4. What changed: Carers can now come after work."
    ) in paragraphs
    assert "“Hostel listening sessions” has not been evaluated." in paragraphs
    assert document.core_properties.title == HEADINGS[0]
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Activity", "Lead", "Type", "Level", "Dates", "Status", "Took part"],
        [
            "Carers' consultation",
            "Dudley Council",
            "Consultation",
            "Consult",
            "10 January 2025 to 20 February 2025",
            "Took place",
            "25",
        ],
        [
            "Hostel listening sessions",
            "Healthwatch Dudley",
            "Insight",
            "Involve",
            "1 March 2025 to 31 March 2025",
            "Took place",
            "5",
        ],
    ]
    header = table.rows[0]._tr
    assert header.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_the_page_and_the_download(said):
    client = Client()
    client.force_login(said.world.board_member)
    page = client.get(f"/assurance/items/{said.item.pk}/assessment/")
    html = page.content.decode()
    assert "<title>Engagement assessment: Homelessness and health: the new hostel service –" in html
    for heading in HEADINGS[1:]:
        assert heading in html
    assert "People who are homeless: 8 people took part" in html
    assert "Board meeting July 2025, item 4" in html
    download = client.get(f"/assurance/items/{said.item.pk}/assessment.docx")
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert download["Content-Disposition"] == (
        'attachment; filename="engagement-assessment-homelessness-and-health-the-new-hostel-service.docx"'
    )
    document = read_docx(download.content)
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == HEADINGS
    # Seen today, the action due on 15 July 2025 is overdue too.
    assert (
        "The screening action “Due today” (owner: nobody named) is not done: it was due on 15 July 2025 and is overdue."
        in [p.text for p in document.paragraphs]
    )


@pytest.fixture
def with_future(known):
    """The item's two past activities, plus a drop-in planned for after the meeting that aims at carers, and a
    screening action not yet due that a named person owns."""
    from engaging.board.models import ScreeningAction
    from engaging.register.models import Status
    from tests.factories import ActivityFactory

    drop_in = ActivityFactory(
        title="Hostel drop-in for carers", lead_organisation=known.world.healthwatch, status=Status.PLANNED,
        start_date=date(2025, 9, 1), end_date=date(2025, 9, 30), groups=[known.world.carers],
    )  # fmt: skip
    known.item.activities.add(drop_in)
    ScreeningAction.objects.create(
        screening=known.item.screening, description="Book the drop-in venue", owner=known.world.board_member,
        owner_organisation=known.world.healthwatch, due_on=date(2025, 8, 20),
    )  # fmt: skip
    return known


def test_a_planned_activity_is_listed_as_planned_not_as_engagement_that_took_place(with_future):
    result = assess(with_future.item, today=TODAY)
    assert [a.title for a in result.happened] == ["Carers' consultation", "Hostel listening sessions"]
    assert [a.title for a in result.planned] == ["Hostel drop-in for carers"]
    said = result.what_took_place()
    assert said[0] == "2 engagement activities took place for this item, from 10 January 2025 to 31 March 2025."
    assert "1 more activity is planned and has not started: “Hostel drop-in for carers”, from 1 September 2025." in said
    # Carers are aimed at by the drop-in still to come: not reached yet, and not yet missed.
    assert [g.name for g in result.still_to_reach] == ["Carers"]
    assert "Carers" not in [g.name for g in result.missed]
    assert "“Hostel drop-in for carers” is planned to start on 1 September 2025." in result.open_points


def test_open_actions_are_counted_and_listed_with_owners_and_due_dates(with_future):
    result = assess(with_future.item, today=TODAY)
    owner = with_future.world.board_member.get_full_name() or with_future.world.board_member.username
    assert [(a.description, a.owner, a.due, a.overdue) for a in result.open_actions] == [
        ("Ask the hostels to host a session", "Dudley Council", date(2025, 7, 1), True),
        ("Due today", "nobody named", TODAY, False),
        ("Book the drop-in venue", f"Healthwatch Dudley, {owner}", date(2025, 8, 20), False),
    ]
    assert len(result.overdue_actions) == 1
    assert "3 screening actions are not done, 1 of them overdue:" in result.open_points
    assert (
        f"The screening action “Book the drop-in venue” (owner: Healthwatch Dudley, {owner}) is not done: "
        "it is due by 20 August 2025."
    ) in result.open_points


def test_the_page_and_the_word_file_agree_on_planned_engagement_and_open_actions(with_future):
    client = Client()
    client.force_login(with_future.world.board_member)
    html = client.get(f"/assurance/items/{with_future.item.pk}/assessment/").content.decode()
    table = html[html.index("The engagement that took place or is under way") : html.index("</table>")]
    assert "Hostel drop-in for carers" not in table and "Hostel listening sessions" in table
    planned = html[html.index('id="planned"') : html.index('id="reached"')]
    assert "Hostel drop-in for carers" in planned and "Planned, not started yet" in planned
    still_open = html[html.index('id="open"') :]
    assert "Book the drop-in venue" in still_open and "Nothing is outstanding" not in html

    document = read_docx(client.get(f"/assurance/items/{with_future.item.pk}/assessment.docx").content)
    text = [p.text for p in document.paragraphs]
    [table] = document.tables
    assert [row.cells[0].text for row in table.rows][1:] == ["Carers' consultation", "Hostel listening sessions"]
    assert "Engagement still to come" in text
    assert any(t.startswith("Hostel drop-in for carers (Healthwatch Dudley)") for t in text)
    assert any(t.startswith("The screening action “Book the drop-in venue”") for t in text)
    assert "Nothing is outstanding." not in text


def test_nothing_is_outstanding_only_when_nothing_is(known):
    """An item whose one activity finished, told people in time and was evaluated, with every action done."""
    from engaging.board.models import Screening, ScreeningAction

    item = AgendaItem.objects.create(
        meeting=known.item.meeting, title="Carers' strategy", lead_organisation=known.world.council,
        decision_sought="Agree the strategy.",
    )  # fmt: skip
    item.activities.add(known.a1)
    screening = Screening.objects.create(
        agenda_item=item, changes_services="no", influence="some", time_available="under_4",
        community_interest="low", partner_capability="low",
    )  # fmt: skip
    action = ScreeningAction.objects.create(screening=screening, description="Write to carers", due_on=TODAY)
    assert assess(item, today=TODAY).open_points == [
        "1 screening action is not done:",
        "The screening action “Write to carers” (owner: nobody named) is not done: it is due by 15 July 2025.",
    ]
    ScreeningAction.objects.filter(pk=action.pk).update(done_on=TODAY)
    result = assess(item, today=TODAY)
    assert result.open_points == [] and result.open_actions == []
    assert "Nothing is outstanding." in [p.text for p in read_docx(write_docx(result)).paragraphs]
    client = Client()
    client.force_login(known.world.board_member)
    assert "Nothing is outstanding." in client.get(f"/assurance/items/{item.pk}/assessment/").content.decode()
