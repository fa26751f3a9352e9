"""The Local Account and plain English: hints beside each section, and “Publish anyway” with a reason.

Publishing checks the three sections; any harder to read than the target is published only when the
coordinator chooses “Publish anyway” and says why, and the reason is kept, one record per section.
"""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import records_for
from engaging.reports import services
from engaging.reports.models import LocalAccount
from tests.reports.conftest import YEAR

HARD = "Going forward, stakeholders in the locality will co-produce a holistic pathway with the ICB."
HARDER = "Our partnership commissioned an evaluation of interventions from the JSNA."
REASON = "The board agreed this wording with the integrated care board."


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def hard_account(account):
    """Two of its three sections are harder to read than the target."""
    account.introduction = HARD
    account.what_we_learned = HARDER
    account.save()
    return account


def publish(user, account, **data):
    return client_for(user).post(f"/local-account/manage/{account.pk}/publish/", {"action": "publish", **data})


def assert_unpublished(account):
    account.refresh_from_db()
    assert not account.is_published and account.published_at is None
    assert not PublishAnyway.objects.exists()


# Publishing ------------------------------------------------------------------------------------


def test_the_account_page_says_which_sections_are_too_hard_before_publishing(world, hard_account):
    page = client_for(world.coordinator).get(f"/local-account/manage/{hard_account.pk}/").content.decode()
    assert "Some sections miss the plain-English target" in page
    assert "<li>Introduction: " in page and "<li>What we learned: " in page and "JSNA" in page
    assert "<li>What comes next:" not in page


def test_publishing_hard_sections_first_asks_which_and_why_and_publishes_nothing(world, hard_account):
    response = publish(world.coordinator, hard_account)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Publish Local Account {YEAR}" in page and "Publish the Local Account</h1>" in page
    assert "<li>Introduction: " in page and "<li>What we learned: " in page
    assert 'name="publish_anyway"' in page and 'name="publish_anyway_reason"' in page
    assert "govuk-error-summary" not in page  # asked, not yet told off
    assert_unpublished(hard_account)


def test_publishing_without_choosing_publish_anyway_is_refused(world, hard_account):
    response = publish(world.coordinator, hard_account, publish_anyway_reason=REASON)
    page = response.content.decode()
    assert response.status_code == 200 and f"<title>Error: Publish Local Account {YEAR}" in page
    assert 'href="#id_publish_anyway"' in page
    assert "Make these sections plainer, or choose “Publish anyway” and say why" in page
    assert_unpublished(hard_account)


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_publish_anyway_without_a_reason_is_refused(world, hard_account, reason):
    page = publish(world.coordinator, hard_account, publish_anyway="on", publish_anyway_reason=reason).content.decode()
    assert 'href="#id_publish_anyway_reason"' in page
    assert "Say why this should be published although it is hard to read" in page
    assert_unpublished(hard_account)


def test_a_reason_that_is_too_long_is_refused(world, hard_account):
    response = publish(world.coordinator, hard_account, publish_anyway="on", publish_anyway_reason="x" * 1001)
    assert "Use 1000 characters or fewer for the reason" in response.content.decode()
    assert_unpublished(hard_account)


def test_publish_anyway_with_a_reason_publishes_and_keeps_one_record_per_hard_section(world, hard_account):
    response = publish(world.coordinator, hard_account, publish_anyway="on", publish_anyway_reason=f" {REASON} ")
    assert response.status_code == 302 and response["Location"] == f"/local-account/manage/{hard_account.pk}/"
    hard_account.refresh_from_db()
    assert hard_account.is_published and hard_account.published_at is not None
    records = {record.field: record for record in records_for(hard_account)}
    assert set(records) == {"introduction", "what_we_learned"}
    for field, text in (("introduction", HARD), ("what_we_learned", HARDER)):
        record = records[field]
        assert record.reason == REASON and record.recorded_by == world.coordinator
        # Too short for a reading age: what was to fix is kept instead.
        assert record.reading_age is None and record.problems and record.target_reading_age == 9
        assert record.text_digest == hashlib.sha256(text.encode()).hexdigest()
    assert client_for().get(f"/local-account/{YEAR}/").status_code == 200


def test_the_account_page_shows_what_was_published_anyway_and_why(world, hard_account):
    publish(world.coordinator, hard_account, publish_anyway="on", publish_anyway_reason=REASON)
    page = client_for(world.coordinator).get(f"/local-account/manage/{hard_account.pk}/").content.decode()
    assert "Published although they missed the plain-English target" in page
    assert '<th scope="row" class="govuk-table__header">Introduction</th>' in page
    assert '<th scope="row" class="govuk-table__header">What we learned</th>' in page
    for record in PublishAnyway.objects.all():
        assert escape(record.what_it_missed) in page
    assert REASON in page
    public = client_for().get(f"/local-account/{YEAR}/").content.decode()
    assert REASON not in public and "missed the plain-English target" not in public


def test_plain_sections_publish_at_once_with_nothing_recorded(world, account):
    response = publish(world.coordinator, account)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_published and not PublishAnyway.objects.exists()


def test_a_reason_sent_for_plain_sections_is_not_recorded(world, account):
    publish(world.coordinator, account, publish_anyway="on", publish_anyway_reason=REASON)
    account.refresh_from_db()
    assert account.is_published and not PublishAnyway.objects.exists()


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_may_publish_anyway(world, hard_account, persona):
    response = publish(getattr(world, persona), hard_account, publish_anyway="on", publish_anyway_reason=REASON)
    assert response.status_code == 403
    assert_unpublished(hard_account)


def test_the_service_refuses_hard_sections_without_a_reason(world, hard_account):
    with pytest.raises(ValidationError) as refused:
        services.publish(account=hard_account, user=world.coordinator, publish_anyway_reason=" ")
    assert "Say why this should be published" in " ".join(refused.value.messages)
    assert_unpublished(hard_account)
    services.publish(account=hard_account, user=world.coordinator, publish_anyway_reason=REASON)
    assert PublishAnyway.objects.count() == 2


# Writing the words --------------------------------------------------------------------------------


def words(account, **changes) -> dict:
    return {name: getattr(account, name) for name in services.SECTIONS} | changes


def test_the_words_page_has_hints_under_each_section(world, account):
    page = client_for(world.coordinator).get(f"/local-account/manage/{account.pk}/words/").content.decode()
    for name in services.SECTIONS:
        assert f'id="plain-hints-id_{name}"' in page
    assert 'name="publish_anyway"' not in page


def test_a_draft_takes_hard_words_without_asking(world, account):
    response = client_for(world.coordinator).post(
        f"/local-account/manage/{account.pk}/words/", words(account, introduction=HARD)
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.introduction == HARD and not PublishAnyway.objects.exists()


def test_hard_words_in_a_published_account_need_a_reason_and_change_nothing_without_one(world, published):
    client = client_for(world.coordinator)
    url = f"/local-account/manage/{published.pk}/words/"
    response = client.post(url, words(published, what_comes_next=HARD))
    page = response.content.decode()
    assert response.status_code == 200 and 'href="#id_what_comes_next"' in page
    assert "What comes next: " in page and 'name="publish_anyway_what_comes_next"' in page
    published.refresh_from_db()
    assert published.what_comes_next.startswith("We will ask carers first.") and not PublishAnyway.objects.exists()

    response = client.post(url, words(published, what_comes_next=HARD, publish_anyway_what_comes_next="on"))
    assert ": say why it should be published as it is" in response.content.decode()
    published.refresh_from_db()
    assert published.what_comes_next.startswith("We will ask carers first.")

    response = client.post(
        url,
        words(
            published,
            what_comes_next=HARD,
            publish_anyway_what_comes_next="on",
            publish_anyway_reason_what_comes_next=REASON,
        ),
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.what_comes_next == HARD
    ((record),) = records_for(published)
    assert (record.field, record.reason, record.recorded_by) == ("what_comes_next", REASON, world.coordinator)


def test_unchanged_hard_words_in_a_published_account_are_not_asked_about_again(world, published):
    LocalAccount.objects.filter(pk=published.pk).update(introduction=HARD)
    published.refresh_from_db()
    response = client_for(world.coordinator).post(
        f"/local-account/manage/{published.pk}/words/", words(published, what_we_learned="We learned to listen.")
    )
    assert response.status_code == 302 and not PublishAnyway.objects.exists()
