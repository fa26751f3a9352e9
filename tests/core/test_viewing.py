"""Who viewed a story or equality answers is recorded once per view, kept pages included, and never for visitors
who are not signed in."""

import pytest
from django.test import RequestFactory, override_settings

from engaging.core.models import ViewRecord
from engaging.core.viewing import record_view
from engaging.voice.models import Story
from tests.api.conftest import as_, tokens  # noqa: F401  (the API tests' clients)
from tests.factories import ActivityFactory
from tests.voice.conftest import make_story

pytestmark = pytest.mark.django_db


def test_record_view_notes_who_what_and_where(world):
    story = make_story(world.officer_council)
    request = RequestFactory().get(f"/stories/{story.pk}/?x=1")
    request.user = world.coordinator
    record = record_view(request, story)
    assert (record.viewer, record.kind, record.object_id, record.path) == (
        world.coordinator, "voice.story", str(story.pk), f"/stories/{story.pk}/",
    )  # fmt: skip
    request.user = world.board_member
    assert record_view(request, "evaluation.what-works").object_id == ""


def test_nobody_signed_in_is_not_recorded(world):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert record_view(request, "voice.story", 1) is None
    assert not ViewRecord.objects.exists()


@override_settings(KEEP_PAGES=True)
def test_a_story_page_served_from_the_cache_is_still_recorded_once_per_view(client, world, django_assert_num_queries):
    story = make_story(world.officer_council)
    client.force_login(world.board_member)
    for _ in range(3):
        assert client.get(f"/stories/{story.pk}/").status_code == 200
    assert (
        ViewRecord.objects.filter(kind="voice.story", object_id=str(story.pk), viewer=world.board_member).count() == 3
    )


def test_a_story_not_found_is_not_recorded(client, world):
    client.force_login(world.board_member)
    assert client.get("/stories/999999/").status_code == 404
    assert not ViewRecord.objects.exists()


def test_equality_pages_are_recorded(client, world):
    activity = ActivityFactory(lead_organisation=world.council)
    client.force_login(world.officer_council)
    assert client.get(f"/evaluation/activities/{activity.pk}/").status_code == 200
    assert client.get("/evaluation/what-works/").status_code == 200
    assert set(ViewRecord.objects.values_list("kind", "object_id")) == {
        ("evaluation.activity", str(activity.pk)),
        ("evaluation.what-works", ""),
    }


def test_reading_a_story_through_the_api_is_recorded(world, as_):  # noqa: F811
    story = make_story(world.officer_council)
    assert as_("officer_council").get(f"stories/{story.pk}").status_code == 200
    assert ViewRecord.objects.filter(kind="voice.story", object_id=str(story.pk)).count() == 1
    assert Story.objects.count() == 1
