"""The registry of public texts: each app registers its own kinds, and a registered kind is scored as it changes."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from engaging.lists.models import Group, Priority
from engaging.loop.models import LoopClosure, Response
from engaging.plain import registry
from engaging.plain.models import PublicTextScore
from engaging.plain.public_texts import TextField, register_public_text, unregister_public_text
from engaging.plain.scoring import Counts, rescore_all
from engaging.register.models import Activity
from engaging.reports.models import LocalAccount
from engaging.voice.models import Story
from tests.plain.texts import JARGON, PLAIN, scores_of


@pytest.fixture
def priorities():
    """The shared list's priorities registered as public text for one test, as an app registers its own kinds."""
    kind = register_public_text(
        Priority,
        fields=(TextField("priority_description", "description", "Priority: what it means"),),
        public=lambda: Priority.objects.all(),
        title=lambda priority: priority.name,
        edit_url=lambda pk: f"/lists/priorities/{pk}/",
    )
    yield kind
    unregister_public_text(Priority)


def test_each_app_registers_its_own_kinds_from_its_own_module():
    kinds = registry.text_kinds()
    # In the order of INSTALLED_APPS, which is the order of the coordinators' filter.
    assert [kind.model for kind in kinds] == [Activity, Response, LoopClosure, Story, LocalAccount]
    for kind in kinds:
        assert kind.public.__module__ == f"{kind.model._meta.app_config.name}.public_texts", kind.model


def test_the_registry_covers_every_kind_of_public_text():
    labels = dict(registry.field_choices())
    assert labels["activity_summary"] == "Activity summary"
    assert labels["response_action"] == "You said, we did: what was done"
    assert labels["local_account_introduction"] == "Local Account: introduction"


def test_a_registered_kind_is_found_and_scored_as_its_records_change(db, glossary, committed, priorities):
    assert registry.kind_for(Priority) is priorities
    assert registry.find_field("priority_description") == (priorities, priorities.fields[0])
    assert ("priority_description", "Priority: what it means") in registry.field_choices()

    with committed():
        priority = Priority.objects.create(name="Buses", description=JARGON)
    score = scores_of(priority)["description"]
    assert score.title == "Buses" and not score.meets_target and score.issue_summary["jargon"] >= 3
    assert registry.label_for(score.content_type_id, "description") == "Priority: what it means"

    with committed():
        priority.description = PLAIN
        priority.save()
    assert scores_of(priority)["description"].meets_target

    with committed():
        priority.archive()  # no longer in the kind's public records
    assert scores_of(priority) == {}

    with committed():
        priority.restore()
    assert set(scores_of(priority)) == {"description"}
    PublicTextScore.objects.all().delete()
    assert rescore_all() == Counts(checked=1)


def test_an_unregistered_kind_is_no_longer_followed(db, glossary, committed, priorities):
    unregister_public_text(Priority)
    assert registry.kind_for(Priority) is None
    with committed():
        priority = Priority.objects.create(name="Buses", description=JARGON)
    assert scores_of(priority) == {}


def test_a_model_or_a_key_is_registered_only_once(priorities):
    with pytest.raises(ImproperlyConfigured, match="already has public text"):
        register_public_text(Priority, fields=(), public=Priority.objects.all, title=str)
    with pytest.raises(ImproperlyConfigured, match="'activity_summary' is taken"):
        register_public_text(
            Group, fields=(TextField("activity_summary", "description", "Taken"),), public=Group.objects.all, title=str
        )
    assert registry.kind_for(Group) is None and registry.find_field("activity_summary")[0].model is Activity
