"""Pages kept whole (kept_view) that residents and each person open: an activity in Easy Read, a questionnaire's
questions, the published Local Accounts, your account, the archive and the requests to see or erase data. Each
is served without being worked out until a record it shows changes; your account is never anyone else's."""

from datetime import date

import pytest

from engaging.accounts.models import ApiToken
from engaging.plain.models import EasyRead
from engaging.questionnaires.models import Question
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from engaging.rights.models import DataRequest
from tests.board.conftest import board  # noqa: F401  (a fixture)
from tests.factories import ActivityFactory
from tests.questionnaires.conftest import questionnaire  # noqa: F401  (a fixture)
from tests.test_kept_tools import client_for, kept_until, read

# Writes are committed, as in the running hub: on PostgreSQL nothing is kept inside a transaction that has written.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_activity_in_easy_read(world, client):
    activity = ActivityFactory(lead_organisation=world.council, is_public=True, status=Status.OPEN)
    version = EasyRead.objects.create(
        subject=activity, ideas=[{"text": "Come and tell us about buses.", "picture": ""}]
    )
    path = f"/words-we-use/easy-read/activities/{activity.pk}/"
    kept_until(
        client, path, "plain_easyread",
        lambda: EasyRead.objects.filter(pk=version.pk).update(ideas=[{"text": "The bus stop moves.", "picture": ""}]),
        "The bus stop moves.",
    )  # fmt: skip
    Activity.objects.filter(pk=activity.pk).update(is_public=False)
    assert client.get(path).status_code == 404  # no longer public: not served as it was


def test_a_questionnaires_questions_and_answering_them_still(questionnaire, client):  # noqa: F811
    path = f"/questionnaires/{questionnaire.pk}/"
    first = question = Question.objects.filter(questionnaire=questionnaire).order_by("position").first()
    kept_until(
        client, path, "questionnaires_question",
        lambda: Question.objects.filter(pk=question.pk).update(text="How often do you get a day off?"),
        "How often do you get a day off?",
    )  # fmt: skip
    page = client.get(path)
    assert page["Cache-Control"].startswith("max-age=0")  # never kept by a browser or proxy
    checked = client.post(path, {"step": "check", f"question_{first.pk}": "Weekly"})
    assert checked.status_code == 200 and "Check your answers" in checked.content.decode()


def test_the_published_local_accounts(world, client, board):  # noqa: F811
    kept_until(
        client, "/local-account/", "reports_localaccount",
        lambda: LocalAccount.objects.create(board=board, year=2019, is_published=True), "2019",
    )  # fmt: skip


def test_your_account_is_kept_for_you_alone(world):
    officer, other = client_for(world.officer_council), client_for(world.officer_healthwatch)
    mine = kept_until(
        officer, "/accounts/", "accounts_apitoken",
        lambda: ApiToken.issue(user=world.officer_council, name="Case system"), "Case system",
    )  # fmt: skip
    theirs, _ = read(other, "/accounts/")
    assert world.officer_council.username in mine and world.officer_council.username not in theirs
    assert world.officer_healthwatch.username in theirs and "Case system" not in theirs


def test_the_archive_and_its_pages(world):
    coordinator = client_for(world.coordinator)
    activity = ActivityFactory(lead_organisation=world.council, title="Bus routes review")
    kept_until(coordinator, "/register/archived/", "register_activity", activity.archive, "Bus routes review")
    # A page number written otherwise than the page's own links write it is answered afresh.
    read(coordinator, "/register/archived/?page=01")
    _, queries = read(coordinator, "/register/archived/?page=01")
    assert any('"register_activity"' in sql for sql in queries)


def test_requests_to_see_or_erase_data_and_the_form_to_find_a_person(world):
    coordinator = client_for(world.coordinator)
    kept_until(
        coordinator, "/your-data/requests/", "rights_datarequest",
        lambda: DataRequest.objects.create(kind="access", reference="SAR-2026-0042", received_on=date.today(),
                                           handled_by=world.coordinator),
        "SAR-2026-0042",
    )  # fmt: skip
    form, _ = read(coordinator, "/your-data/requests/find/")
    again, _ = read(coordinator, "/your-data/requests/find/")
    assert again == form and 'name="email"' in form


def test_managing_local_accounts_is_kept_for_coordinators_and_refused_to_everyone_else(world, board):  # noqa: F811
    kept_until(
        client_for(world.coordinator), "/local-account/manage/", "reports_localaccount",
        lambda: LocalAccount.objects.create(board=board, year=2018), "2018",
    )  # fmt: skip
    officer = client_for(world.officer_council)
    assert [officer.get("/local-account/manage/").status_code for _ in range(2)] == [403, 403]
