"""Blanking and deleting reach every kept version of a record, and nothing else."""

import pytest

from engaging.core.erasure import Erased, delete_history, delete_with_history, history_model_of, history_models, scrub
from engaging.voice.models import Consent, Story
from tests.voice.conftest import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(world):
    first = make_story(world.officer_council, title="First", text="Secret words one", told_by="Maureen")
    first.text = "Secret words one, edited"
    first.save()
    second = make_story(world.officer_council, title="Second", text="Words of the second", told_by="Dev")
    return first, second


def test_scrub_blanks_the_record_and_each_of_its_versions(stories):
    first, second = stories
    assert first.history.count() == 2

    erased = scrub(Story.objects.filter(pk=first.pk), text="", told_by="")

    assert erased == Erased(live=1, history=2)
    first.refresh_from_db()
    assert first.text == "" and first.told_by == ""
    assert set(first.history.values_list("text", flat=True)) == {""}
    # The other story and its versions are untouched.
    second.refresh_from_db()
    assert second.text == "Words of the second"
    assert list(second.history.values_list("told_by", flat=True)) == ["Dev"]


def test_scrub_by_model_and_ids_reaches_the_history_of_a_deleted_record(stories):
    first, _ = stories
    pk = first.pk
    Story.everything.filter(pk=pk).delete()

    erased = scrub((Story, [pk]), text="gone")

    assert erased == Erased(live=0, history=3)  # two saves and the deletion
    assert set(Story.history.filter(id=pk).values_list("text", flat=True)) == {"gone"}


def test_scrub_reaches_archived_records(stories):
    first, _ = stories
    first.archive()
    assert scrub((Story, [first.pk]), text="").live == 1
    assert Story.everything.get(pk=first.pk).text == ""


def test_scrub_sets_a_field_the_history_does_not_keep_only_on_the_record(world):
    from engaging.lists.models import Area

    area = Area.objects.create(name="Sedgley", kind="ward")
    assert "path" not in {f.name for f in history_model_of(Area)._meta.get_fields()}
    erased = scrub((Area, [area.pk]), name="Somewhere", path=area.path)
    assert erased.live == 1 and erased.history >= 1
    assert set(Area.history.filter(id=area.pk).values_list("name", flat=True)) == {"Somewhere"}


def test_scrub_needs_fields_and_records_of_a_known_shape(stories):
    with pytest.raises(ValueError):
        scrub(Story.objects.all())
    with pytest.raises(TypeError):
        scrub([1, 2], text="")
    assert scrub(Story.objects.none(), text="") == Erased()


def test_delete_with_history_takes_cascaded_records_and_all_their_versions(stories):
    first, second = stories
    consent_pk = first.consent.pk
    assert Consent.history.filter(id=consent_pk).exists()

    erased = delete_with_history(Story.objects.filter(pk=first.pk))

    assert not Story.everything.filter(pk=first.pk).exists()
    assert not Consent.objects.filter(pk=consent_pk).exists()
    assert not Story.history.filter(id=first.pk).exists()
    assert not Consent.history.filter(id=consent_pk).exists()
    assert erased.live == 2  # the story and its consent
    assert erased.history >= 3
    # The other story stays, with its history.
    assert Story.history.filter(id=second.pk).exists()
    assert Consent.history.filter(id=second.consent.pk).exists()


def test_delete_with_history_removes_many_to_many_versions_too(world, stories):
    from engaging.insight.models import Theme

    theme = Theme.objects.create(name="Transport")
    first, _ = stories
    first.themes.add(theme)
    m2m_history = Story.history.model._meta.get_field("historicalstory_themes").related_model
    assert m2m_history.objects.filter(history__id=first.pk).exists()

    delete_with_history((Story, [first.pk]))

    assert not m2m_history.objects.filter(history__id=first.pk).exists()


def test_delete_history_leaves_the_record(stories):
    first, _ = stories
    assert delete_history(Story.objects.filter(pk=first.pk)) == 2
    assert Story.objects.filter(pk=first.pk).exists()
    assert not first.history.exists()


def test_history_models_lists_each_tracked_models_versions():
    models = history_models()
    assert Story.history.model in models
    assert Consent.history.model in models
    assert Story not in models
    # The versions of a story's themes go with the story's versions; they are not listed on their own.
    assert Story.history.model._meta.get_field("historicalstory_themes").related_model not in models
    assert history_model_of(Story) is Story.history.model
    from engaging.core.models import TableChange

    assert history_model_of(TableChange) is None
