"""The activity form: public text that misses the target needs its own “Publish anyway” and a reason, shown after."""

from django.utils.html import escape

from engaging.plain.checking import check_text
from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import digest, too_hard_message, what_to_fix
from engaging.register.models import Activity
from tests.factories import ActivityFactory
from tests.register.test_pages import form_data

HARD = "Stakeholders will co-produce a place-based framework with the ICB to ameliorate services going forward."


def too_hard(label: str = "Plain summary") -> str:
    """The error the form shows on a field holding HARD, as the error summary and the field both show it."""
    return too_hard_message(check_text(HARD), label)


def escaped(text: str) -> str:
    return text.replace("'", "&#x27;")


def test_the_form_offers_hints_under_both_public_texts_and_no_publish_anyway_at_first(client, world):
    client.force_login(world.officer_healthwatch)
    page = client.get("/register/new/").content.decode()
    assert 'id="plain-hints-id_summary"' in page and 'id="plain-hints-id_how_to_take_part"' in page
    assert 'id="publish-anyway-' not in page and 'name="publish_anyway' not in page


def test_a_hard_public_summary_is_refused_naming_the_field_and_offers_publish_anyway_under_it(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    message = too_hard()
    assert message.startswith("Plain summary: ") and message.endswith("under it and say why")
    summary = page[page.index('class="govuk-error-summary"') :]
    assert f'<a href="#id_summary">{escaped(message)}</a>' in summary
    # The choice sits under the summary's own hints, before the next field; the other field has none.
    choice = page.index('id="publish-anyway-id_summary"')
    assert page.index('id="plain-hints-id_summary"') < choice < page.index('id="id_how_to_take_part"')
    assert 'name="publish_anyway_summary"' in page and 'name="publish_anyway_reason_summary"' in page
    assert 'id="publish-anyway-id_how_to_take_part"' not in page
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_without_a_reason_is_refused(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD, publish_anyway_summary="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Plain summary: say why it should be published as it is" in page
    assert 'href="#id_publish_anyway_reason_summary"' in page
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_with_a_reason_saves_the_activity_and_keeps_the_reason(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post(
        "/register/new/",
        form_data(
            world,
            summary=HARD,
            publish_anyway_summary="on",
            publish_anyway_reason_summary="It quotes the board's decision.",
        ),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/{activity.pk}/"
    assert activity.summary == HARD
    record = PublishAnyway.objects.get()
    assert (record.subject, record.field, record.recorded_by) == (activity, "summary", world.officer_healthwatch)
    assert record.reason == "It quotes the board's decision."
    assert record.text_digest == digest(HARD)

    page = client.get(f"/register/{activity.pk}/").content.decode()
    assert "Published although it missed the plain-English target" in page
    section = page[page.index('id="publish-anyway-records-heading"') :]
    # A short text has no reading age: the record shows what was to fix, as the author was told.
    assert record.reading_age is None and record.problems == what_to_fix(check_text(HARD))
    missed = escape(record.problems)
    for shown in ("Plain summary", missed, "It quotes the board&#x27;s decision.", "officer-healthwatch"):
        assert shown in section


def test_an_activity_page_with_no_records_shows_no_section(client, world, council_activity):
    client.force_login(world.board_member)
    page = client.get(f"/register/{council_activity.pk}/").content.decode()
    assert "publish-anyway-records-heading" not in page


def test_a_private_activity_is_saved_without_asking(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD, how_to_take_part=HARD, is_public="False"))
    assert response.status_code == 302
    assert Activity.objects.get().is_public is False
    assert PublishAnyway.objects.count() == 0


def test_saving_again_with_the_same_hard_text_does_not_ask_again(client, world):
    activity = ActivityFactory(lead_organisation=world.healthwatch, summary=HARD, is_public=True)
    client.force_login(world.officer_healthwatch)
    response = client.post(f"/register/{activity.pk}/edit/", form_data(world, summary=HARD, title="A new title"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "A new title"
    assert PublishAnyway.objects.count() == 0


def test_changing_public_text_to_something_hard_is_refused_and_changes_nothing(client, world):
    activity = ActivityFactory(lead_organisation=world.healthwatch, title="Before", is_public=True)
    client.force_login(world.officer_healthwatch)
    response = client.post(f"/register/{activity.pk}/edit/", form_data(world, how_to_take_part=HARD, title="After"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="publish-anyway-id_how_to_take_part"' in page and 'id="publish-anyway-id_summary"' not in page
    activity.refresh_from_db()
    assert activity.title == "Before" and activity.how_to_take_part == ""


def test_making_a_private_activity_public_checks_its_text(client, world):
    activity = ActivityFactory(lead_organisation=world.healthwatch, summary=HARD, is_public=False)
    client.force_login(world.officer_healthwatch)
    response = client.post(f"/register/{activity.pk}/edit/", form_data(world, summary=HARD))
    assert response.status_code == 200
    assert escaped(too_hard()) in response.content.decode()
    activity.refresh_from_db()
    assert activity.is_public is False

    response = client.post(
        f"/register/{activity.pk}/edit/",
        form_data(
            world, summary=HARD, publish_anyway_summary="on", publish_anyway_reason_summary="The title of a law."
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_public is True
    assert PublishAnyway.objects.get().subject == activity


def test_checking_for_overlaps_with_hard_text_saves_nothing(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD, check="1"))
    assert response.status_code == 200
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0
