"""Making the files in the background: progress the coordinator can follow, and files kept up to date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from engaging.reports import generation, services
from engaging.reports.models import LocalAccount
from engaging.voice import services as voice


def coordinator_client(world) -> Client:
    client = Client()
    client.force_login(world.coordinator)
    return client


def test_generating_runs_the_task_and_keeps_every_file(world, year_data, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_generation(account=account, user=world.coordinator)
    account.refresh_from_db()
    assert account.state == LocalAccount.State.READY
    assert (account.progress, account.progress_note) == (100, "Ready to download")
    assert bytes(account.pdf).startswith(b"%PDF") and bytes(account.easy_read_pdf).startswith(b"%PDF")
    assert bytes(account.docx).startswith(b"PK")  # a Word document is a zip file
    assert account.generated_by == world.coordinator and account.generated_at is not None
    assert account.story_ids == [year_data["public_story"].pk]


def test_queueing_waits_for_the_worker_and_says_so(world, account):
    services.queue_generation(account=account, user=world.coordinator)  # not committed: the task has not run
    account.refresh_from_db()
    assert account.state == LocalAccount.State.QUEUED
    assert account.progress_note == "Waiting for the task worker to start"


def test_a_generation_cannot_be_queued_twice_unless_its_worker_has_gone(world, account):
    services.queue_generation(account=account, user=world.coordinator)
    with pytest.raises(ValidationError):
        services.queue_generation(account=account, user=world.coordinator)
    LocalAccount.objects.filter(pk=account.pk).update(updated_at=timezone.now() - timedelta(minutes=16))
    account.refresh_from_db()
    assert services.is_stuck(account)
    services.queue_generation(account=account, user=world.coordinator)


def test_only_a_queued_account_is_generated(world, account):
    assert generation.generate_all(account_id=account.pk) == "skipped"
    account.refresh_from_db()
    assert account.state == LocalAccount.State.DRAFT and account.pdf is None


def test_a_failure_is_recorded_for_the_coordinator(world, account, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setitem(
        generation.KINDS,
        "docx",
        generation.KINDS["docx"].__class__("docx", generation.DOCX_TYPE, ".docx", "Word document", broken),
    )
    LocalAccount.objects.filter(pk=account.pk).update(state=LocalAccount.State.QUEUED)
    with pytest.raises(RuntimeError):
        generation.generate_all(account_id=account.pk)
    account.refresh_from_db()
    assert account.state == LocalAccount.State.FAILED
    assert "Something went wrong" in account.progress_note
    assert account.pdf is None


def test_words_changed_while_generating_leave_no_out_of_date_files(world, account, monkeypatch):
    real = generation.KINDS["docx"].writer

    def edit_meanwhile(acc, figures):
        LocalAccount.objects.filter(pk=acc.pk).update(introduction="Changed while the files were being made.")
        return real(acc, figures)

    monkeypatch.setitem(
        generation.KINDS,
        "docx",
        generation.KINDS["docx"].__class__("docx", generation.DOCX_TYPE, ".docx", "Word document", edit_meanwhile),
    )
    LocalAccount.objects.filter(pk=account.pk).update(state=LocalAccount.State.QUEUED)
    assert generation.generate_all(account_id=account.pk) == LocalAccount.State.DRAFT
    account.refresh_from_db()
    assert account.pdf is None and account.state == LocalAccount.State.DRAFT
    assert "Make them again" in account.progress_note


def test_editing_the_words_throws_away_the_old_files(world, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_generation(account=account, user=world.coordinator)
    account.refresh_from_db()
    services.update_texts(account=account, introduction="New", what_we_learned="New", what_comes_next="New")
    account.refresh_from_db()
    assert (account.pdf, account.docx, account.easy_read_pdf) == (None, None, None)
    assert account.state == LocalAccount.State.DRAFT


def test_a_missing_file_is_made_when_it_is_first_asked_for(world, year_data, account):
    data = services.current_document(account=account, kind="docx")
    assert data.startswith(b"PK")
    account.refresh_from_db()
    assert bytes(account.docx) == data and account.pdf is None
    assert account.story_ids == [year_data["public_story"].pk]


def test_files_that_print_a_withdrawn_story_are_thrown_away_at_once_and_made_again(world, year_data, account):
    first = services.current_document(account=account, kind="docx")
    assert b"Public words of 2024" in _docx_text(first)
    voice.withdraw_consent(story=year_data["public_story"], user=world.coordinator)
    account.refresh_from_db()
    assert account.docx is None and account.story_ids == []  # withdrawing erases every copy of the words
    again = services.current_document(account=account, kind="docx")
    assert b"Public words of 2024" not in _docx_text(again)
    account.refresh_from_db()
    assert account.story_ids == [] and services.documents_are_current(account)


def _docx_text(data: bytes) -> bytes:
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs).encode()


# The status page ---------------------------------------------------------------------------


def test_the_status_page_shows_progress_and_polls_while_busy(world, account):
    LocalAccount.objects.filter(pk=account.pk).update(
        state=LocalAccount.State.GENERATING, progress=60, progress_note="Writing the Word document (step 3 of 4)"
    )
    page = coordinator_client(world).get(f"/local-account/manage/{account.pk}/generation/").content.decode()
    assert "60% done: Writing the Word document (step 3 of 4)" in page
    assert '<progress class="et-progress" id="generation-progress" max="100" value="60">' in page
    assert f'hx-get="/local-account/manage/{account.pk}/generation/"' in page and 'hx-trigger="every 2s"' in page
    assert "refresh it</a>" in page  # without JavaScript


def test_the_status_page_answers_htmx_with_just_the_status(world, account):
    response = coordinator_client(world).get(
        f"/local-account/manage/{account.pk}/generation/", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.startswith('<div id="generation-status"') and "<html" not in page


def test_the_status_page_stops_polling_and_offers_downloads_when_ready(
    world, account, django_capture_on_commit_callbacks
):
    client = coordinator_client(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/local-account/manage/{account.pk}/generate/")
    assert response.status_code == 302 and response["Location"] == f"/local-account/manage/{account.pk}/generation/"
    page = client.get(response["Location"]).content.decode()
    assert "The files are ready" in page and "hx-get" not in page
    for kind in ("pdf", "docx", "easy-read-pdf"):
        assert f"/local-account/manage/{account.pk}/files/{kind}/" in page


def test_the_status_page_says_when_it_failed(world, account):
    LocalAccount.objects.filter(pk=account.pk).update(state=LocalAccount.State.FAILED, progress_note="Broke.")
    page = coordinator_client(world).get(f"/local-account/manage/{account.pk}/generation/").content.decode()
    assert "The files could not be made" in page and "Broke." in page and "hx-get" not in page
