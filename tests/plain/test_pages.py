"""The public “Words we use” page, and the pages where coordinators keep the glossary."""

import re

import pytest
from django.test import Client

from engaging.plain.models import GlossaryTerm

MANAGE = "/words-we-use/manage/"
VALID = {
    "term": "blue-sky thinking",
    "plain_alternative": "new ideas",
    "explanation": "Thinking of new ideas without worrying about limits.",
}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Words we use ------------------------------------------------------------------------------------


def test_anyone_can_read_the_words_we_use_from_a_to_z(glossary):
    response = Client().get("/words-we-use/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<title>Words we use –" in html
    assert "Joint Strategic Needs Assessment" in html
    assert "people with an interest" in html
    letters = re.findall(r'<h2 class="govuk-heading-l" id="letter-([^"]+)">', html)
    assert letters[0] == "a" and letters[-1] == "09"
    assert letters == sorted(letters[:-1]) + ["09"]
    terms = re.findall(r'<dt class="govuk-summary-list__key">([^<]+)', html)
    assert terms.index("JSNA") < terms.index("KPI") < terms.index("stakeholder")


def test_the_letter_index_links_only_to_letters_that_have_words(glossary):
    GlossaryTerm.objects.filter(term__istartswith="y").delete()
    html = Client().get("/words-we-use/").content.decode()
    assert 'href="#letter-a"' in html and 'id="letter-a"' in html
    assert 'href="#letter-y"' not in html and 'id="letter-y"' not in html
    assert 'Y<span class="govuk-visually-hidden"> (no words)</span>' in html


def test_archived_terms_are_not_shown(glossary):
    GlossaryTerm.objects.get(term="synergy").archive()
    assert "synergy" not in Client().get("/words-we-use/").content.decode()


def test_the_page_reads_the_glossary_in_a_fixed_number_of_queries(glossary, django_assert_num_queries, settings):
    settings.KEEP_PAGES = False  # read afresh each time, not served as kept
    with django_assert_num_queries(1):
        Client().get("/words-we-use/")
    for n in range(30):
        GlossaryTerm.objects.create(term=f"extra word {n}", plain_alternative="x", explanation="y.")
    with django_assert_num_queries(1):
        Client().get("/words-we-use/")


def test_coordinators_see_a_link_to_manage_the_glossary_and_others_do_not(world, glossary):
    assert MANAGE in client_for(world.coordinator).get("/words-we-use/").content.decode()
    assert MANAGE not in client_for(world.officer_council).get("/words-we-use/").content.decode()
    assert MANAGE not in Client().get("/words-we-use/").content.decode()


# Managing the glossary -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [MANAGE, MANAGE + "new/", MANAGE + "?archived=1"])
def test_people_who_are_not_signed_in_are_sent_to_sign_in(path, glossary):
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("persona", ["officer_council", "officer_healthwatch", "board_member"])
def test_only_coordinators_manage_the_glossary(world, glossary, persona):
    client = client_for(getattr(world, persona))
    term = GlossaryTerm.objects.get(term="synergy")
    assert client.get(MANAGE).status_code == 403
    assert client.get(MANAGE + "new/").status_code == 403
    assert client.post(MANAGE + "new/", VALID).status_code == 403
    assert client.post(f"{MANAGE}{term.pk}/", {**VALID, "term": "synergy"}).status_code == 403
    assert client.post(f"{MANAGE}{term.pk}/archive/").status_code == 403
    assert not GlossaryTerm.objects.filter(term="blue-sky thinking").exists()
    assert GlossaryTerm.objects.get(pk=term.pk).plain_alternative == "working well together"


def test_a_coordinator_sees_every_term_and_can_find_one(world, glossary):
    client = client_for(world.coordinator)
    html = client.get(MANAGE).content.decode()
    assert f"{GlossaryTerm.objects.count()} terms" in html
    found = client.get(MANAGE, {"q": "integrated care"}).content.decode()
    assert "ICB" in found and "synergy" not in found


def test_the_list_takes_the_same_number_of_queries_however_many_terms(
    world, glossary, django_assert_max_num_queries, settings
):
    settings.KEEP_PAGES = False  # the list as it is worked out, not as it is kept
    client = client_for(world.coordinator)
    client.get(MANAGE)
    with django_assert_max_num_queries(12) as before:
        client.get(MANAGE)
    for n in range(30):
        GlossaryTerm.objects.create(term=f"extra word {n}", plain_alternative="x", explanation="y.")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(MANAGE)


def test_a_coordinator_adds_a_term_and_its_history_is_kept(world, glossary):
    response = client_for(world.coordinator).post(MANAGE + "new/", VALID)
    assert response.status_code == 302 and response["Location"] == MANAGE
    term = GlossaryTerm.objects.get(term="blue-sky thinking")
    assert term.plain_alternative == "new ideas"
    assert term.history.get().history_user == world.coordinator


def test_a_coordinator_adds_an_acronym(world, glossary):
    client_for(world.coordinator).post(
        MANAGE + "new/",
        {"term": "SNOC", "is_acronym": "on", "stands_for": "Shared Network Of Carers", **_rest()},
    )
    term = GlossaryTerm.objects.get(term="SNOC")
    assert term.is_acronym and term.stands_for == "Shared Network Of Carers"


def _rest():
    return {"plain_alternative": "the carers' network", "explanation": "A network of carers."}


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "term", "Enter the word, phrase or acronym"),
        ({**VALID, "plain_alternative": ""}, "plain_alternative", "Enter a plain alternative"),
        ({**VALID, "explanation": " "}, "explanation", "Enter a short explanation"),
        ({**VALID, "term": "Stakeholder"}, "term", "“stakeholder” is already in the glossary"),
        ({**VALID, "term": "!!"}, "term", "at least one letter or number"),
        ({**VALID, "term": "x" * 101}, "term", "Use 100 characters or fewer"),
        ({**VALID, "term": "snoc", "is_acronym": "on"}, "term", "Write the acronym in capitals"),
        ({**VALID, "term": "S N", "is_acronym": "on"}, "term", "An acronym has no spaces"),
        ({**VALID, "stands_for": "Something"}, "stands_for", "Only acronyms stand for something"),
    ],
)
def test_bad_input_shows_what_to_fix_and_changes_nothing(world, glossary, data, field, message):
    before = GlossaryTerm.everything.count()
    response = client_for(world.coordinator).post(MANAGE + "new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Add a term" in html
    assert 'class="govuk-error-summary"' in html and f'href="#id_{field}"' in html
    assert message in html
    assert GlossaryTerm.everything.count() == before


def test_adding_a_term_that_is_archived_says_to_restore_it(world, glossary):
    GlossaryTerm.objects.get(term="synergy").archive()
    html = client_for(world.coordinator).post(MANAGE + "new/", {**VALID, "term": "Synergy"}).content.decode()
    assert "already in the glossary but archived" in html


def test_a_coordinator_edits_a_term(world, glossary):
    term = GlossaryTerm.objects.get(term="synergy")
    client = client_for(world.coordinator)
    assert client.get(f"{MANAGE}{term.pk}/").status_code == 200
    response = client.post(f"{MANAGE}{term.pk}/", {"term": "synergy", **_rest()})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.plain_alternative == "the carers' network"
    assert term.history.count() == 2


def test_a_bad_edit_changes_nothing(world, glossary):
    term = GlossaryTerm.objects.get(term="synergy")
    response = client_for(world.coordinator).post(f"{MANAGE}{term.pk}/", {"term": "cohort", **_rest()})
    assert response.status_code == 200
    term.refresh_from_db()
    assert (term.term, term.plain_alternative) == ("synergy", "working well together")


def test_archiving_and_restoring_a_term(world, glossary):
    term = GlossaryTerm.objects.get(term="synergy")
    client = client_for(world.coordinator)
    assert client.get(f"{MANAGE}{term.pk}/archive/").status_code == 405
    assert client.post(f"{MANAGE}{term.pk}/archive/").status_code == 302
    assert not GlossaryTerm.objects.filter(pk=term.pk).exists()
    assert "synergy" in client.get(MANAGE, {"archived": "1"}).content.decode()
    assert client.post(f"{MANAGE}{term.pk}/restore/").status_code == 302
    assert GlossaryTerm.objects.filter(pk=term.pk).exists()


def test_a_missing_or_archived_term_is_not_found(world, glossary):
    client = client_for(world.coordinator)
    term = GlossaryTerm.objects.get(term="synergy")
    assert client.get(f"{MANAGE}999999/").status_code == 404
    assert client.post(f"{MANAGE}999999/archive/").status_code == 404
    assert client.post(f"{MANAGE}{term.pk}/restore/").status_code == 404  # not archived
    term.archive()
    assert client.get(f"{MANAGE}{term.pk}/").status_code == 404
