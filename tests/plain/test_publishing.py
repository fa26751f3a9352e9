"""Publishing public text above the target reading age: only with “Publish anyway” and a reason, which is kept."""

import hashlib

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from engaging.plain.checking import check_text
from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import PlainLanguageGate, record, records_for, texts_above_target
from engaging.register.models import Activity
from tests.factories import ActivityFactory

HARD = "Stakeholders will be engaged going forward to co-produce a place-based integrated commissioning framework."
HARDER = (
    "Participation opportunities are available through comprehensive consultation documentation "
    "and accessible engagement mechanisms."
)
PLAIN = "Come and tell us what you think."
PLAIN_TOO = "Drop in between 10am and 2pm."


class ActivityTextForm(PlainLanguageGate, forms.ModelForm):
    """The public text of an activity, and whether it is public: enough to exercise the gate."""

    plain_fields = ("summary", "how_to_take_part")

    class Meta:
        model = Activity
        fields = ["summary", "how_to_take_part", "is_public"]


def data(summary=PLAIN, how=PLAIN_TOO, *, public=True, anyway=False, reason=""):
    values = {"summary": summary, "how_to_take_part": how, "publish_anyway_reason": reason}
    if public:
        values["is_public"] = "on"
    if anyway:
        values["publish_anyway"] = "on"
    return values


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_plain_public_text_is_saved_without_asking(db):
    form = ActivityTextForm(data())
    assert form.is_valid(), form.errors
    assert not form.needs_publish_anyway


def test_public_text_above_the_target_is_refused_with_the_reason_on_the_field(db):
    form = ActivityTextForm(data(summary=HARD))
    assert not form.is_valid()
    assert form.errors["summary"] == [
        "This has a reading age of 20 and the target is 9. Make it plainer, or choose “Publish anyway” and say why"
    ]
    assert "how_to_take_part" not in form.errors
    assert form.needs_publish_anyway
    assert list(form.above_target) == ["summary"]


def test_ticking_publish_anyway_without_a_reason_is_refused(db):
    for reason in ("", "   \n "):
        form = ActivityTextForm(data(summary=HARD, anyway=True, reason=reason))
        assert not form.is_valid()
        assert form.errors["publish_anyway_reason"] == ["Say why this should be published although it is hard to read"]
        assert "summary" not in form.errors


def test_a_reason_longer_than_the_limit_is_refused(db):
    form = ActivityTextForm(data(summary=HARD, anyway=True, reason="x" * 1001))
    assert not form.is_valid()
    assert form.errors["publish_anyway_reason"] == ["Use 1000 characters or fewer for the reason"]


def test_ticked_with_a_reason_it_saves_and_records_one_row_for_each_hard_text(world):
    form = ActivityTextForm(
        data(summary=HARD, how=HARDER, anyway=True, reason="  The framework's\nlegal name.  "),
        instance=ActivityFactory(summary=PLAIN, is_public=False),
    )
    assert form.is_valid(), form.errors
    activity = form.save()
    rows = form.record_publish_anyway(activity, world.officer_council)

    assert len(rows) == 2
    saved = {row.field: row for row in records_for(activity)}
    assert set(saved) == {"summary", "how_to_take_part"}
    for field, text in (("summary", HARD), ("how_to_take_part", HARDER)):
        row = saved[field]
        assert row.reading_age == pytest.approx(check_text(text).reading_age)
        assert row.target_reading_age == 9
        assert row.text_digest == sha256(text)
        assert row.reason == "The framework's legal name."
        assert row.recorded_by == world.officer_council
        assert row.subject == activity
    assert PublishAnyway.objects.count() == 2


def test_only_the_hard_text_is_recorded_when_the_other_is_plain(world):
    form = ActivityTextForm(data(summary=HARD, anyway=True, reason="A quotation."))
    assert form.is_valid(), form.errors
    activity = ActivityFactory()
    form.record_publish_anyway(activity, world.coordinator)
    assert list(records_for(activity).values_list("field", flat=True)) == ["summary"]


def test_ticking_publish_anyway_for_plain_text_records_nothing(world):
    form = ActivityTextForm(data(anyway=True, reason="Just in case."))
    assert form.is_valid(), form.errors
    assert form.needs_publish_anyway  # the author ticked it, so it stays in view
    assert form.record_publish_anyway(ActivityFactory(), world.coordinator) == []
    assert PublishAnyway.objects.count() == 0


def test_nothing_is_recorded_after_a_refusal(world):
    form = ActivityTextForm(data(summary=HARD))
    assert not form.is_valid()
    assert form.record_publish_anyway(ActivityFactory(), world.coordinator) == []
    assert PublishAnyway.objects.count() == 0


def test_unchanged_text_is_not_checked_again_on_edit(world):
    activity = ActivityFactory(summary=HARD, how_to_take_part=PLAIN_TOO, is_public=True)
    form = ActivityTextForm(data(summary=HARD, how="Book online."), instance=activity)
    assert form.is_valid(), form.errors
    assert form.above_target == {}
    assert not form.needs_publish_anyway


def test_changed_text_is_checked_on_edit(world):
    activity = ActivityFactory(summary=PLAIN, is_public=True)
    form = ActivityTextForm(data(summary=HARD), instance=activity)
    assert not form.is_valid()
    assert "summary" in form.errors


def test_text_that_is_not_public_is_not_checked(world):
    form = ActivityTextForm(data(summary=HARD, how=HARDER, public=False))
    assert form.is_valid(), form.errors
    assert form.above_target == {}
    assert form.record_publish_anyway(ActivityFactory(), world.coordinator) == []

    private = ActivityFactory(summary=PLAIN, is_public=False)
    assert ActivityTextForm(data(summary=HARD, public=False), instance=private).is_valid()


def test_making_a_private_activity_public_checks_its_text_again(world):
    private = ActivityFactory(summary=HARD, how_to_take_part=PLAIN_TOO, is_public=False)
    form = ActivityTextForm(data(summary=HARD), instance=private)
    assert not form.is_valid()
    assert list(form.errors) == ["summary"]

    private = Activity.objects.get(pk=private.pk)  # as the next request would load it
    form = ActivityTextForm(data(summary=HARD, anyway=True, reason="Its legal name."), instance=private)
    assert form.is_valid(), form.errors
    form.record_publish_anyway(form.save(), world.coordinator)
    assert records_for(private).get().text_digest == sha256(HARD)


def test_the_target_comes_from_the_settings(db, settings):
    settings.PLAIN_TARGET_READING_AGE = 25
    assert ActivityTextForm(data(summary=HARD)).is_valid()
    form = ActivityTextForm(data(how=HARDER))
    assert not form.is_valid()
    assert "the target is 25" in form.errors["how_to_take_part"][0]


def test_texts_above_target_skips_empty_and_overlong_text(db, settings):
    settings.PLAIN_MAX_CHARS = 200
    found = texts_above_target({"empty": "", "blank": "  \n", "plain": PLAIN, "hard": HARD, "long": HARD * 3})
    assert list(found) == ["hard"]
    assert found["hard"].reading_age_years == 20


def test_record_keeps_no_person_for_someone_not_signed_in(db):
    activity = ActivityFactory(summary=HARD)
    results = texts_above_target({"summary": HARD})
    [row] = record(activity, results, {"summary": HARD}, reason="Imported.", user=AnonymousUser())
    assert row.recorded_by is None and row.field == "summary"


def test_records_for_gives_only_that_records_rows_newest_first(world):
    first, other = ActivityFactory(), ActivityFactory()
    results = texts_above_target({"summary": HARD})
    older = record(first, results, {"summary": HARD}, reason="First.", user=world.coordinator)
    newer = record(first, results, {"summary": HARD}, reason="Second.", user=world.coordinator)
    record(other, results, {"summary": HARD}, reason="Elsewhere.", user=world.coordinator)
    assert [r.reason for r in records_for(first)] == ["Second.", "First."]
    assert {r.pk for r in records_for(first)} == {older[0].pk, newer[0].pk}


def test_the_choice_is_shown_only_once_the_text_missed_the_target(db):
    template = Template("{% load plain_tags %}{% publish_anyway form %}")
    assert template.render(Context({"form": ActivityTextForm(data())})).strip() == ""
    assert template.render(Context({"form": ActivityTextForm()})).strip() == ""

    form = ActivityTextForm(data(summary=HARD))
    form.is_valid()
    html = template.render(Context({"form": form}))
    assert "harder to read than the target reading age of 9" in html
    assert "Plain summary: reading age 20" in html
    assert 'name="publish_anyway"' in html and 'name="publish_anyway_reason"' in html
