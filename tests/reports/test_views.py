"""The Local Account's pages: public only once published; made by coordinators; bad input changes nothing."""

import pytest
from django.test import Client

from engaging.board.models import Board
from engaging.reports.models import LocalAccount
from engaging.voice import services as voice
from tests.factories import UserFactory
from tests.reports.conftest import YEAR

OTHERS = ("officer_council", "officer_healthwatch", "board_member")


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Public pages ------------------------------------------------------------------------------


def test_an_unpublished_account_is_not_found(world, account):
    for url in (f"/local-account/{YEAR}/", f"/local-account/{YEAR}/easy-read/", f"/local-account/{YEAR}/files/pdf/"):
        assert client_for().get(url).status_code == 404
        assert client_for(world.coordinator).get(url).status_code == 404
    assert "No Local Account has been published yet" in client_for().get("/local-account/").content.decode()


def test_the_published_account_is_a_public_page_with_its_figures_and_words(world, year_data, published):
    response = client_for().get(f"/local-account/{YEAR}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Local Account {YEAR} –" in page
    assert "Welcome to our account of 2024." in page and "We will ask carers first." in page
    assert 'role="img"' in page and "Activities by type of engagement, 2024. Information: 1 activity" in page
    assert "Public words of 2024." in page
    for hidden in ("Board-only words", "Withdrawn words", "A private finding", "Private insight work"):
        assert hidden not in page
    assert f"/local-account/{YEAR}/files/pdf/" in page and f"/local-account/{YEAR}/easy-read/" in page


def test_the_index_lists_published_accounts(world, published):
    LocalAccount.objects.create(year=YEAR - 1)
    page = client_for().get("/local-account/").content.decode()
    assert f"Local Account {YEAR}" in page and f"Local Account {YEAR - 1}" not in page


def test_the_easy_read_page(world, year_data, published):
    page = client_for().get(f"/local-account/{YEAR}/easy-read/").content.decode()
    assert '<h1 class="et-easy-read__title">What we did in 2024</h1>' in page
    assert "50 people took part." in page
    assert page.count('<svg class="et-easy-read__picture"') >= 10 and 'aria-hidden="true"' in page
    assert "reports/local-account.css" in page


@pytest.mark.parametrize(
    "kind,content_type,name",
    [
        ("pdf", "application/pdf", "local-account-2024.pdf"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "local-account-2024.docx",
        ),
        ("easy-read-pdf", "application/pdf", "local-account-2024-easy-read.pdf"),
    ],
)
def test_downloads_have_their_type_and_name(world, published, kind, content_type, name):
    response = client_for().get(f"/local-account/{YEAR}/files/{kind}/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content[:4] in (b"%PDF", b"PK\x03\x04")


def test_an_unknown_file_or_board_is_not_found(world, published):
    assert client_for().get(f"/local-account/{YEAR}/files/exe/").status_code == 404
    assert client_for().get(f"/local-account/{YEAR}/?board=abc").status_code == 404
    assert client_for().get(f"/local-account/{YEAR}/?board=999999").status_code == 404
    assert client_for().get(f"/local-account/{YEAR + 5}/").status_code == 404


def test_boards_each_publish_their_own_account(world, published):
    board = Board.objects.create(name="North board")
    theirs = LocalAccount.objects.create(year=YEAR, board=board, introduction="North", is_published=True)
    assert theirs.get_absolute_url() == f"/local-account/{YEAR}/?board={board.pk}"
    assert "North board" in client_for().get(theirs.get_absolute_url()).content.decode()
    assert "Welcome to our account" in client_for().get(f"/local-account/{YEAR}/").content.decode()


def test_public_pages_refuse_posts(world, published):
    assert client_for().post(f"/local-account/{YEAR}/").status_code == 405


def test_a_withdrawn_story_leaves_the_local_account_at_once(world, year_data, published):
    voice.withdraw_consent(story=year_data["public_story"], user=world.coordinator)
    assert "Public words of 2024." not in client_for().get(f"/local-account/{YEAR}/").content.decode()


# Managing -----------------------------------------------------------------------------------

MANAGE_PAGES = ["/local-account/manage/", "/local-account/manage/new/"]


def manage_urls(pk):
    return [
        *MANAGE_PAGES,
        f"/local-account/manage/{pk}/",
        f"/local-account/manage/{pk}/words/",
        f"/local-account/manage/{pk}/generation/",
        f"/local-account/manage/{pk}/preview/",
        f"/local-account/manage/{pk}/preview/easy-read/",
    ]


def test_coordinators_open_every_management_page(world, account):
    client = client_for(world.coordinator)
    for url in manage_urls(account.pk):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", OTHERS)
def test_others_with_a_role_are_refused(world, account, persona):
    client = client_for(getattr(world, persona))
    for url in manage_urls(account.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/local-account/manage/{account.pk}/generate/").status_code == 403
    assert client.post(f"/local-account/manage/{account.pk}/publish/", {"action": "publish"}).status_code == 403
    account.refresh_from_db()
    assert account.state == LocalAccount.State.DRAFT and not account.is_published


def test_anonymous_people_are_sent_to_sign_in(world, account):
    for url in manage_urls(account.pk):
        response = client_for().get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url


def test_a_person_without_a_role_is_refused(world, account):
    assert client_for(UserFactory(username="resident")).get("/local-account/manage/").status_code == 403


def test_a_missing_account_is_not_found(world):
    assert client_for(world.coordinator).get("/local-account/manage/999999/").status_code == 404
    assert client_for(world.coordinator).get("/local-account/manage/999999/files/pdf/").status_code == 404


def test_generating_and_publishing_need_a_post(world, account):
    client = client_for(world.coordinator)
    assert client.get(f"/local-account/manage/{account.pk}/generate/").status_code == 405
    assert client.get(f"/local-account/manage/{account.pk}/publish/").status_code == 405


def test_the_preview_shows_an_unpublished_account_to_coordinators(world, account):
    page = client_for(world.coordinator).get(f"/local-account/manage/{account.pk}/preview/").content.decode()
    assert "This Local Account is not published" in page and "Welcome to our account of 2024." in page
    assert f"/local-account/manage/{account.pk}/files/pdf/" in page


def test_starting_an_account(world):
    response = client_for(world.coordinator).post("/local-account/manage/new/", {"year": str(YEAR)})
    account = LocalAccount.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/local-account/manage/{account.pk}/"
    assert (account.year, account.board, account.is_published) == (YEAR, None, False)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"year": ""}, "Enter the year"),
        ({"year": "twenty"}, "Enter the year as a number, like 2025"),
        ({"year": "1999"}, "Enter a year from 2000 to"),
        ({"year": "2999"}, "Enter a year from 2000 to"),
        ({"year": str(YEAR), "board": "999999"}, "Choose a board from the list"),
    ],
)
def test_bad_input_when_starting_is_explained_and_saves_nothing(world, data, message):
    Board.objects.create(name="A board")
    response = client_for(world.coordinator).post("/local-account/manage/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Start a Local Account" in page and message in page
    assert not LocalAccount.objects.exists()


def test_a_second_account_for_the_same_year_is_refused(world, account):
    response = client_for(world.coordinator).post("/local-account/manage/new/", {"year": str(YEAR)})
    assert f"There is already a Local Account for {YEAR}" in response.content.decode()
    assert LocalAccount.objects.count() == 1


def test_writing_the_words(world, account):
    data = {"introduction": "Hello.", "what_we_learned": "Listening.", "what_comes_next": "More."}
    response = client_for(world.coordinator).post(f"/local-account/manage/{account.pk}/words/", data)
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.introduction, account.what_we_learned, account.what_comes_next) == ("Hello.", "Listening.", "More.")


def test_words_that_are_too_long_are_refused_and_change_nothing(world, account):
    data = {"introduction": "x" * 4001, "what_we_learned": "", "what_comes_next": ""}
    response = client_for(world.coordinator).post(f"/local-account/manage/{account.pk}/words/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "Keep this to 4,000 characters or fewer" in page
    assert 'href="#id_introduction"' in page
    account.refresh_from_db()
    assert account.introduction == "Welcome to our account of 2024. Read on to see what we did."


def test_publishing_needs_all_three_texts(world, account):
    account.what_comes_next = ""
    account.save()
    client = client_for(world.coordinator)
    response = client.post(f"/local-account/manage/{account.pk}/publish/", {"action": "publish"}, follow=True)
    assert "Write what comes next before publishing" in response.content.decode()
    account.refresh_from_db()
    assert not account.is_published


def test_publishing_and_unpublishing(world, account):
    client = client_for(world.coordinator)
    client.post(f"/local-account/manage/{account.pk}/publish/", {"action": "publish"})
    account.refresh_from_db()
    assert account.is_published and account.published_at is not None
    assert client_for().get(f"/local-account/{YEAR}/").status_code == 200
    client.post(f"/local-account/manage/{account.pk}/publish/", {"action": "unpublish"})
    assert client_for().get(f"/local-account/{YEAR}/").status_code == 404
    client.post(f"/local-account/manage/{account.pk}/publish/", {"action": "shout"})
    account.refresh_from_db()
    assert not account.is_published


def test_coordinators_download_files_of_an_unpublished_account(world, account):
    response = client_for(world.coordinator).get(f"/local-account/manage/{account.pk}/files/docx/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('local-account-2024.docx"')
