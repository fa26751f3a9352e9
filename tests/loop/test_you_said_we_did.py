"""The public "You said, we did" pages and feed: no sign-in, public records only, never an internal field."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.core import versions
from engaging.loop.models import Response
from engaging.public import you_said_we_did
from engaging.register.models import Status
from tests.factories import ActivityFactory, AreaFactory, OrganisationFactory, UserFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory

ATOM = "{http://www.w3.org/2005/Atom}"
INTERNAL = ("sam.officer@example.org", "Sam Officer", "Internal note", "120.00", "officer-council", "Decision recorder")


@pytest.fixture
def published(world, finished):
    """A public response to the finished survey, a private one, and how people were told."""
    recorder = UserFactory(username="recorder", first_name="Decision", last_name="Recorder")
    done = ResponseFactory(
        action="The council now runs an earlier school bus on the 246 route.",
        organisation=world.council,
        status=Response.Status.DONE,
        completed_on=date.today() - timedelta(days=5),
        outcome="Young carers arrive before registration.",
        findings=[finished.public_findings[0], finished.private_finding],
        created_by=recorder,
    )
    refused = ResponseFactory(
        action="A carers' card for every school.",
        organisation=world.healthwatch,
        status=Response.Status.NOT_POSSIBLE,
        reason="Schools set their own policies; we have written to every head teacher instead.",
        findings=[finished.public_findings[1]],
    )
    hidden = ResponseFactory(
        action="A private briefing for governors.", is_public=False, findings=[finished.public_findings[0]]
    )
    told = LoopClosureFactory(
        activity=finished,
        channel="newsletter",
        told_on=date.today() - timedelta(days=2),
        people_reached=321,
        summary="Our carers' newsletter explained the new bus.",
    )
    return done, refused, hidden, told


def test_the_index_lists_public_responses_without_signing_in(client, published, finished):
    done, refused, hidden, _ = published
    page = client.get("/you-said-we-did/").content.decode()
    assert done.action in page and refused.action.replace("'", "&#x27;") in page
    assert hidden.action not in page
    assert "Schools set their own policies" in page  # why it is not possible is for everyone to read
    assert "Young carers arrive before registration." in page
    assert f"/you-said-we-did/activities/{finished.pk}/" in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    for secret in INTERNAL:
        assert secret not in page


def test_the_index_filters_by_area_priority_and_organisation(client, world, published, other_finding):
    done, refused, _, _ = published
    elsewhere = ResponseFactory(
        action="Later opening at the walk-in centre.", organisation=world.healthwatch, findings=[other_finding]
    )

    def shown(**params):
        page = client.get("/you-said-we-did/", params).content.decode()
        return {r.pk for r in (done, refused, elsewhere) if f'id="response-{r.pk}"' in page}

    assert shown() == {done.pk, refused.pk, elsewhere.pk}
    # The survey ran in a locality: its ward and the borough meet it; the other locality does not.
    assert shown(area=world.ward.pk) == {done.pk, refused.pk}
    assert shown(area=world.borough.pk) == {done.pk, refused.pk, elsewhere.pk}
    assert shown(area=world.other_locality.pk) == {elsewhere.pk}
    assert shown(priority=world.priority.pk) == {done.pk, refused.pk}
    assert shown(organisation=world.healthwatch.pk) == {refused.pk, elsewhere.pk}
    # A finding's own area counts too.
    other_finding.areas.set([world.locality])
    assert shown(area=world.ward.pk) == {done.pk, refused.pk, elsewhere.pk}


def test_filters_never_match_through_a_private_finding(client, world, finished):
    hidden_area = AreaFactory(name="Secret ward", kind="ward", parent=world.other_locality)
    private = FindingFactory(activity=finished, is_public=False)
    private.areas.set([hidden_area])
    ResponseFactory(findings=[finished.public_findings[0], private])
    page = client.get("/you-said-we-did/", {"area": hidden_area.pk}).content.decode()
    assert "0 responses" in page


def test_a_bad_filter_is_explained(client, published):
    page = client.get("/you-said-we-did/", {"area": "nowhere"}).content.decode()
    assert "<title>Error: " in page and 'href="#id_area"' in page


def test_the_index_is_paginated(client, finished):
    for _n in range(25):
        ResponseFactory(findings=[finished.public_findings[0]])
    first = client.get("/you-said-we-did/").content.decode()
    assert "25 responses" in first and "Page 1 of 2" in first
    assert len(re.findall(r'id="response-\d+"', first)) == 20
    second = client.get("/you-said-we-did/", {"page": 2}).content.decode()
    assert len(re.findall(r'id="response-\d+"', second)) == 5


def test_more_responses_than_can_be_paged_through_are_counted_as_more_than(client, finished, monkeypatch):
    """Counting stops past the most a resident pages through; the newest are paged, the rest found by filters."""
    monkeypatch.setattr(you_said_we_did, "MOST_LISTED", 5)
    monkeypatch.setattr(you_said_we_did, "PAGE_SIZE", 2)
    responses = [ResponseFactory(findings=[finished.public_findings[0]]) for _n in range(7)]
    first = client.get("/you-said-we-did/").content.decode()
    assert "More than 5 responses. The 5 changed most recently are shown here" in first
    assert "Page 1 of 3" in first
    last = client.get("/you-said-we-did/", {"page": 3}).content.decode()
    assert "Page 3 of 3" in last and 'rel="next"' not in last
    assert re.findall(r'id="response-(\d+)"', last) == [str(responses[2].pk)]  # the fifth changed most recently
    past = client.get("/you-said-we-did/", {"page": 4}).content.decode()
    assert "Page 3 of 3" in past  # a page past the cap is answered with the last one


def test_as_many_responses_as_can_be_paged_through_are_counted_exactly(client, finished, monkeypatch):
    monkeypatch.setattr(you_said_we_did, "MOST_LISTED", 5)
    for _n in range(5):
        ResponseFactory(findings=[finished.public_findings[0]])
    page = client.get("/you-said-we-did/").content.decode()
    assert "5 responses." in page and "More than" not in page


def test_the_index_makes_the_same_number_of_queries_for_more_responses(client, finished):
    """Both when the page is worked out afresh, just after a change, and when it is kept from the last request."""

    def queries(*, fresh: bool) -> tuple[int, str]:
        if fresh:
            client.get("/you-said-we-did/")  # the shared lists each process keeps are read again once they change
            versions.invalidate()
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/you-said-we-did/").content.decode()
        return len(captured), page

    ResponseFactory(findings=[finished.public_findings[0]])
    few = queries(fresh=True)[0], queries(fresh=False)[0]
    for n in range(6):
        activity = ActivityFactory(status=Status.CLOSED, lead_organisation=OrganisationFactory(name=f"Partner {n}"))
        findings = [FindingFactory(activity=activity), FindingFactory(activity=activity)]
        ResponseFactory(findings=[*findings, finished.public_findings[1]], organisation=activity.lead_organisation)
    fresh, page = queries(fresh=True)
    assert "7 responses" in page
    assert (fresh, queries(fresh=False)[0]) == few


def test_the_activity_page_shows_what_we_asked_what_you_said_and_what_we_did(client, published, finished):
    done, refused, hidden, told = published
    page = client.get(f"/you-said-we-did/activities/{finished.pk}/").content.decode()
    assert "What we asked" in page and finished.summary in page
    assert "Young carers said they miss school when the bus is late." in page
    assert finished.private_finding.statement not in page
    assert done.action in page and "Done" in page and "Young carers arrive before registration." in page
    assert "Schools set their own policies" in page and "Not possible" in page
    assert hidden.action not in page
    assert "Newsletter" in page and "Our carers&#x27; newsletter explained the new bus." in page
    assert "321" not in page  # the closure's internal numbers stay inside
    for secret in INTERNAL:
        assert secret not in page


@pytest.mark.parametrize(
    "change",
    [{"is_public": False}, {"status": Status.CANCELLED}, "archive"],
    ids=["private", "cancelled", "archived"],
)
def test_the_activity_page_is_not_found_for_activities_residents_may_not_read_about(client, finished, change):
    if change == "archive":
        finished.archive()
    else:
        for name, value in change.items():
            setattr(finished, name, value)
        finished.save()
    assert client.get(f"/you-said-we-did/activities/{finished.pk}/").status_code == 404


def test_bad_ids_and_methods(client, finished):
    assert client.get("/you-said-we-did/activities/999999/").status_code == 404
    assert client.post("/you-said-we-did/").status_code == 405
    assert client.post(f"/you-said-we-did/activities/{finished.pk}/").status_code == 405
    assert client.post("/you-said-we-did/feed.atom").status_code == 405


def parse_feed(client, **params):
    response = client.get("/you-said-we-did/feed.atom", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def test_the_feed_is_valid_atom_with_public_responses_only(client, published, finished):
    done, refused, hidden, _ = published
    root = parse_feed(client)
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/you-said-we-did/feed.atom")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any(done.action in t for t in titles) and not any(hidden.action in t for t in titles)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert f"/you-said-we-did/activities/{finished.pk}/#response-" in link
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
    body = ET.tostring(root, encoding="unicode")
    for secret in INTERNAL:
        assert secret not in body


def test_feed_entries_keep_their_id_and_show_when_they_changed(client, published):
    done, *_ = published
    before = {e.find(f"{ATOM}id").text for e in parse_feed(client).findall(f"{ATOM}entry")}
    done.outcome = "Attendance is up."
    done.save()
    done.refresh_from_db()
    root = parse_feed(client)
    first = root.findall(f"{ATOM}entry")[0]  # the newest change comes first
    assert done.action in first.find(f"{ATOM}title").text
    from django.utils.dateparse import parse_datetime

    assert parse_datetime(first.find(f"{ATOM}updated").text) == done.updated_at
    assert parse_datetime(root.find(f"{ATOM}updated").text) == done.updated_at
    assert {e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")} == before


def test_the_feed_takes_the_same_filters_as_the_index(client, world, published):
    root = parse_feed(client, organisation=world.healthwatch.pk)
    assert len(root.findall(f"{ATOM}entry")) == 1


def test_an_empty_feed_is_still_valid(client, db):
    root = parse_feed(client)
    assert root.find(f"{ATOM}updated").text and root.findall(f"{ATOM}entry") == []


def test_feed_summaries_are_html_with_the_text_escaped(client, finished):
    ResponseFactory(action="Bus times <b>changed</b> & more", findings=[finished.public_findings[0]])
    entry = parse_feed(client).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text.startswith("<p>Bus times &lt;b&gt;changed&lt;/b&gt; &amp; more</p>")
    assert entry.find(f"{ATOM}title").text == "Planned: Bus times <b>changed</b> & more"  # titles are plain text
