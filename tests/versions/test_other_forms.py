"""The same protection on the other edit forms that keep a history: an activity's evaluation and a resident's story."""

from datetime import date

import pytest
from django.test import Client

from engaging.evaluation.models import Evaluation
from engaging.voice.models import Story
from tests.evaluation.conftest import evaluate, finished_activity
from tests.versions.forms import opened
from tests.voice.conftest import make_story

pytestmark = pytest.mark.django_db


def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_evaluation_changed_since_it_was_opened_is_not_overwritten(world):
    activity = finished_activity(world, title="Carers' evening drop-ins")
    evaluation = evaluate(activity)
    url = f"/evaluation/activities/{activity.pk}/evaluate/"
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine, theirs = opened(officer, url), opened(coordinator, url)
    theirs["lessons"] = "Weekend sessions worked best."
    assert coordinator.post(url, theirs).status_code == 302
    mine["lessons"] = "Daytime sessions were empty."
    html = officer.post(url, mine).content.decode()
    assert "Someone else has changed this evaluation" in html
    assert "now ‘Weekend sessions worked best.’" in html
    assert "Daytime sessions were empty." in html
    assert Evaluation.objects.get(pk=evaluation.pk).lessons == "Weekend sessions worked best."


def test_two_first_evaluations_of_an_activity_do_not_overwrite_each_other(world):
    activity = finished_activity(world, title="Carers' evening drop-ins")
    url = f"/evaluation/activities/{activity.pk}/evaluate/"
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine, theirs = opened(officer, url), opened(coordinator, url)
    assert mine["version"] == "0"
    first = {"participants_involved": "no", "evaluated_on": date.today().isoformat()}
    mine.update(first)
    theirs.update(first, lessons="Weekend sessions worked best.")
    assert coordinator.post(url, theirs).status_code == 302
    mine["lessons"] = "Daytime sessions were empty."
    assert f"{world.coordinator} changed this evaluation at" in officer.post(url, mine).content.decode()
    assert Evaluation.objects.get(activity=activity).lessons == "Weekend sessions worked best."


def test_a_story_changed_since_it_was_opened_is_not_overwritten(world):
    story = make_story(world.officer_council)
    url = f"/stories/{story.pk}/edit/"
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine, theirs = opened(officer, url), opened(coordinator, url)
    theirs["title"] = "Waiting months for a carer's assessment"
    assert coordinator.post(url, theirs).status_code == 302
    mine["title"] = "Nobody called back"
    html = officer.post(url, mine).content.decode()
    assert "Someone else has changed this story" in html
    assert Story.objects.get(pk=story.pk).title == "Waiting months for a carer's assessment"
