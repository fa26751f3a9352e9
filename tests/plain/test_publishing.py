"""Public text that misses the target: published only with its field's “Publish anyway” and a reason, kept."""

import hashlib

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.forms.models import construct_instance
from django.template import Context, Template

from engaging.plain.checking import check_text
from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import PlainLanguageGate, record, records_for, texts_above_target, what_to_fix
from engaging.register.models import Activity
from tests.factories import ActivityFactory

HARD = "Stakeholders will be engaged going forward to co-produce a place-based integrated commissioning framework."
HARDER = "Views from the survey will be triangulated with the JSNA and benchmarked against neighbouring areas."
PLAIN = "Come and tell us what you think."
PLAIN_TOO = "Drop in between 10am and 2pm."


class ActivityTextForm(PlainLanguageGate, forms.ModelForm):
    """The public text of an activity, and whether it is public: enough to exercise the gate."""

    plain_fields = ("summary", "how_to_take_part")

    class Meta:
        model = Activity
        fields = ["summary", "how_to_take_part", "is_public"]

    def _post_clean(self):
        # The gate is under test, not the activity's own rules (which need fields this form leaves out).
        self.instance = construct_instance(self, self.instance, self._meta.fields)


def data(summary=PLAIN, how=PLAIN_TOO, *, public=True, anyway=(), reason=""):
    """`anyway`: the fields whose “Publish anyway” is ticked, each with `reason`."""
    values = {"summary": summary, "how_to_take_part": how}
    if public:
        values["is_public"] = "on"
    for name in ("summary", "how_to_take_part"):
        values[f"publish_anyway_reason_{name}"] = reason if name in anyway else ""
        if name in anyway:
            values[f"publish_anyway_{name}"] = "on"
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
        "Plain summary: “Stakeholders” is jargon (try “people with an interest”); “going forward” is jargon (try "
        "“from now on”); “co-produce” is jargon (try “make together”); 2 more. Make it plainer, or tick "
        "“Publish anyway” under it and say why"
    ]
    assert "how_to_take_part" not in form.errors
    assert form.needs_publish_anyway
    assert list(form.above_target) == ["summary"]


def test_ticking_publish_anyway_without_a_reason_is_refused(db):
    for reason in ("", "   \n "):
        form = ActivityTextForm(data(summary=HARD, anyway=["summary"], reason=reason))
        assert not form.is_valid()
        assert form.errors["publish_anyway_reason_summary"] == [
            "Plain summary: say why it should be published as it is"
        ]
        assert "summary" not in form.errors


def test_each_field_is_excused_by_its_own_choice(db):
    form = ActivityTextForm(data(summary=HARD, how=HARDER, anyway=["summary"], reason="Its legal name."))
    assert not form.is_valid()
    assert list(form.errors) == ["how_to_take_part"]
    assert form.errors["how_to_take_part"][0].startswith(f"{form.fields['how_to_take_part'].label}: ")


def test_a_reason_longer_than_the_limit_is_refused(db):
    form = ActivityTextForm(data(summary=HARD, anyway=["summary"], reason="x" * 1001))
    assert not form.is_valid()
    assert form.errors["publish_anyway_reason_summary"] == [
        "Plain summary: use 1000 characters or fewer for the reason"
    ]


def test_ticked_with_a_reason_it_saves_and_records_one_row_for_each_hard_text(world):
    form = ActivityTextForm(
        data(
            summary=HARD, how=HARDER, anyway=["summary", "how_to_take_part"], reason="  The framework's\nlegal name.  "
        ),
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
        # Under 100 words there is no reading age: the record keeps what was to fix instead of a made-up figure.
        assert check_text(text).reading_age is None and row.reading_age is None
        assert row.problems == what_to_fix(check_text(text)) and row.what_it_missed == row.problems
        assert row.target_reading_age == 9
        assert row.text_digest == sha256(text)
        assert row.reason == "The framework's legal name."
        assert row.recorded_by == world.officer_council
        assert row.subject == activity
    assert PublishAnyway.objects.count() == 2


def test_only_the_hard_text_is_recorded_when_the_other_is_plain(world):
    form = ActivityTextForm(data(summary=HARD, anyway=["summary"], reason="A quotation."))
    assert form.is_valid(), form.errors
    activity = ActivityFactory()
    form.record_publish_anyway(activity, world.coordinator)
    assert list(records_for(activity).values_list("field", flat=True)) == ["summary"]


def test_ticking_publish_anyway_for_plain_text_records_nothing(world):
    form = ActivityTextForm(data(anyway=["summary"], reason="Just in case."))
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
    form = ActivityTextForm(data(summary=HARD, anyway=["summary"], reason="Its legal name."), instance=private)
    assert form.is_valid(), form.errors
    form.record_publish_anyway(form.save(), world.coordinator)
    assert records_for(private).get().text_digest == sha256(HARD)


LONG_AND_HARD = " ".join(
    [
        "The partnership will review the arrangements for consultation with residents about the future of services.",
        "Representatives of organisations will consider the recommendations and communicate their conclusions.",
    ]
    * 5
)


def test_the_target_comes_from_the_settings_and_applies_to_texts_of_100_words_or_more(db, settings):
    assert check_text(LONG_AND_HARD).word_count >= 100 and check_text(LONG_AND_HARD).to_fix == []
    settings.PLAIN_TARGET_READING_AGE = 25
    assert ActivityTextForm(data(summary=LONG_AND_HARD)).is_valid()
    settings.PLAIN_TARGET_READING_AGE = 9
    form = ActivityTextForm(data(summary=LONG_AND_HARD))
    assert not form.is_valid()
    assert "above the target of 9" in form.errors["summary"][0]


def test_a_long_text_published_anyway_keeps_its_reading_age_beside_what_it_missed(world):
    result = check_text(LONG_AND_HARD)
    assert result.reading_age is not None and result.too_hard_to_read
    [row] = record(ActivityFactory(), {"summary": result}, {"summary": LONG_AND_HARD}, reason="Quoted.", user=None)
    row.refresh_from_db()
    assert row.reading_age == pytest.approx(result.reading_age)
    assert row.reading_age_years == result.reading_age_years
    assert row.what_it_missed == f"Its reading age is {result.reading_age_years}, above the target of 9"


def test_texts_above_target_skips_empty_and_overlong_text(db, settings):
    settings.PLAIN_MAX_CHARS = 200
    found = texts_above_target({"empty": "", "blank": "  \n", "plain": PLAIN, "hard": HARD, "long": HARD * 3})
    assert list(found) == ["hard"]
    assert found["hard"].to_fix and found["hard"].reading_age is None


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


def render_hints(form) -> str:
    template = Template("{% load plain_tags %}{% plain_hints form.summary %}|{% plain_hints form.how_to_take_part %}")
    return template.render(Context({"form": form}))


def test_the_choice_is_shown_under_each_field_only_once_it_missed_the_target(db):
    assert "publish_anyway" not in render_hints(ActivityTextForm(data()))
    assert "publish_anyway" not in render_hints(ActivityTextForm())

    form = ActivityTextForm(data(summary=HARD))
    form.is_valid()
    under_summary, under_how = render_hints(form).split("|")
    assert 'name="publish_anyway_summary"' in under_summary and 'name="publish_anyway_reason_summary"' in under_summary
    assert "Publish “Plain summary” anyway" in under_summary
    assert "publish_anyway" not in under_how
