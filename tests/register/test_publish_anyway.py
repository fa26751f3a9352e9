"""The activity form: public text harder to read than the target needs “Publish anyway” and a reason, shown after."""

from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import digest
from engaging.register.models import Activity
from tests.factories import ActivityFactory
from tests.register.test_pages import form_data

HARD = "Stakeholders will be engaged going forward to co-produce a place-based integrated commissioning framework."
TOO_HARD = "This has a reading age of 20 and the target is 9. Make it plainer, or choose “Publish anyway” and say why"


def test_the_form_offers_hints_under_both_public_texts_and_no_publish_anyway_at_first(client, world):
    client.force_login(world.officer_healthwatch)
    page = client.get("/register/new/").content.decode()
    assert 'id="plain-hints-id_summary"' in page and 'id="plain-hints-id_how_to_take_part"' in page
    assert 'id="publish-anyway"' not in page


def test_a_hard_public_summary_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert TOO_HARD in page
    assert 'href="#id_summary"' in page
    assert 'id="publish-anyway"' in page and "Plain summary: reading age 20" in page
    assert 'name="publish_anyway_reason"' in page
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_without_a_reason_is_refused(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD, publish_anyway="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why this should be published although it is hard to read" in page
    assert 'href="#id_publish_anyway_reason"' in page
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_with_a_reason_saves_the_activity_and_keeps_the_reason(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post(
        "/register/new/",
        form_data(world, summary=HARD, publish_anyway="on", publish_anyway_reason="It quotes the board's decision."),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/{activity.pk}/"
    assert activity.summary == HARD
    record = PublishAnyway.objects.get()
    assert (record.subject, record.field, record.recorded_by) == (activity, "summary", world.officer_healthwatch)
    assert record.reason == "It quotes the board's decision."
    assert record.text_digest == digest(HARD) and round(record.reading_age) == 20

    page = client.get(f"/register/{activity.pk}/").content.decode()
    assert "Published above the target reading age" in page
    section = page[page.index('id="publish-anyway-records-heading"') :]
    for shown in ("Plain summary", "20 (target 9)", "It quotes the board&#x27;s decision.", "officer-healthwatch"):
        assert shown in section


def test_an_activity_page_with_no_records_shows_no_section(client, world, council_activity):
    client.force_login(world.board_member)
    page = client.get(f"/register/{council_activity.pk}/").content.decode()
    assert "publish-anyway-records-heading" not in page


def test_a_private_activity_is_saved_without_asking(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, summary=HARD, how_to_take_part=HARD, is_public=None))
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
    assert "How to take part: reading age 20" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Before" and activity.how_to_take_part == ""


def test_making_a_private_activity_public_checks_its_text(client, world):
    activity = ActivityFactory(lead_organisation=world.healthwatch, summary=HARD, is_public=False)
    client.force_login(world.officer_healthwatch)
    response = client.post(f"/register/{activity.pk}/edit/", form_data(world, summary=HARD))
    assert response.status_code == 200
    assert TOO_HARD in response.content.decode()
    activity.refresh_from_db()
    assert activity.is_public is False

    response = client.post(
        f"/register/{activity.pk}/edit/",
        form_data(world, summary=HARD, publish_anyway="on", publish_anyway_reason="The title of a law."),
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
