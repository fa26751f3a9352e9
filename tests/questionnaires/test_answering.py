"""Residents answering a questionnaire: one page of questions, check your answers, then saved and thanked."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils.html import escape

from engaging.questionnaires.models import AboutYou, Answer, HearBackContact, Questionnaire, QuestionnaireResponse


def url(questionnaire, tail: str = "") -> str:
    return f"/questionnaires/{questionnaire.pk}/{tail}"


def filled(questions, **extra) -> dict:
    one, many, rating, text = questions
    return {
        f"question_{one.pk}": "Monthly",
        f"question_{many.pk}": ["Clubs", "Days out"],
        f"question_{rating.pk}": "4",
        f"question_{text.pk}": "A club on Saturdays",
        **extra,
    }


def test_the_public_activity_page_links_to_the_open_questionnaire(client, questionnaire):
    page = client.get(f"/get-involved/{questionnaire.activity.pk}/").content.decode()
    assert url(questionnaire) in page and "Answer the questionnaire" in page


def test_the_questions_are_shown_in_order_without_signing_in(client, questionnaire, questions):
    response = client.get(url(questionnaire))
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(escape(q.text)) for q in questions]
    assert positions == sorted(positions)
    assert "(optional)" in page and "About you (optional)" in page and 'name="website"' in page


def test_checking_shows_the_answers_and_saves_nothing(client, questionnaire, questions):
    response = client.post(url(questionnaire), filled(questions, step="check"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your answers before sending them" in page
    assert "Days out, Clubs" in page and "4 – Good" in page and "Send my answers" in page
    assert not QuestionnaireResponse.objects.exists()


def test_sending_saves_the_answers_and_thanks_with_what_happens_next(client, questionnaire, questions):
    data = filled(questions, step="send", **{"about-age_band": "16_24"})
    response = client.post(url(questionnaire), data)
    assert response.status_code == 302 and response["Location"] == url(questionnaire, "thank-you/")
    saved = QuestionnaireResponse.objects.get()
    assert saved.channel == "online" and saved.answers.count() == 5  # two rows for the two options chosen
    assert AboutYou.objects.get().age_band == "16_24"
    assert not HearBackContact.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "Answers sent" in thanks and "decides in March" in thanks
    assert f"{questionnaire.results_by:%-d %B %Y}" in thanks


def test_contact_details_are_kept_only_when_the_resident_asks_to_hear_back(client, questionnaire, questions):
    client.post(url(questionnaire), filled(questions, step="send", **{"contact-email": "a@example.org"}))
    assert not HearBackContact.objects.exists()
    response = client.post(
        url(questionnaire),
        filled(questions, step="send", **{"contact-hear_back": "yes", "contact-email": "a@example.org"}),
    )
    assert response["Location"].endswith("?contact=yes")
    assert HearBackContact.objects.get().email == "a@example.org"


def test_asking_to_hear_back_without_a_way_to_reach_you_is_an_error(client, questionnaire, questions):
    response = client.post(url(questionnaire), filled(questions, step="check", **{"contact-hear_back": "yes"}))
    assert "Enter an email address or a phone number" in response.content.decode()
    assert 'href="#id_contact-email"' in response.content.decode()


def test_each_wrong_answer_is_named_at_its_question_and_nothing_is_saved(client, questionnaire, questions):
    one, many, rating, text = questions
    data = {
        f"question_{many.pk}": ["Swimming"],
        f"question_{rating.pk}": "9",
        f"question_{text.pk}": "x" * 201,
        "step": "send",
    }
    response = client.post(url(questionnaire), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert f'href="#id_question_{one.pk}_0"' in page  # the required question, linked from the summary
    assert "Choose a rating from 1 to 5" in page and "200 characters or fewer" in page
    assert not QuestionnaireResponse.objects.exists()


def test_the_honeypot_looks_like_success_and_saves_nothing(client, questionnaire, questions):
    response = client.post(url(questionnaire), filled(questions, step="send", website="http://spam.example"))
    assert response.status_code == 302
    assert not QuestionnaireResponse.objects.exists()


@override_settings(QUESTIONNAIRE_RATE_LIMIT=20)
def test_twenty_sets_of_answers_an_hour_from_one_address(client, questionnaire, questions):
    for _ in range(20):
        assert client.post(url(questionnaire), filled(questions, step="send")).status_code == 302
    refused = client.post(url(questionnaire), filled(questions, step="send"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "have not been sent" in refused.content.decode()
    assert QuestionnaireResponse.objects.count() == 20


def test_after_the_closing_date_the_page_says_so_and_links_to_you_said_we_did(client, questionnaire, questions):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_on=date.today() - timedelta(days=1))
    for response in (client.get(url(questionnaire)), client.post(url(questionnaire), filled(questions, step="send"))):
        assert response.status_code == 410
        page = response.content.decode()
        assert "This questionnaire has closed" in page
        assert f"/you-said-we-did/activities/{questionnaire.activity.pk}/" in page
    assert not Answer.objects.exists()
    public = client.get(f"/get-involved/{questionnaire.activity.pk}/").content.decode()
    assert url(questionnaire) not in public


def test_a_questionnaire_of_a_private_activity_is_not_found(client, questionnaire):
    questionnaire.activity.is_public = False
    questionnaire.activity.save()
    assert client.get(url(questionnaire)).status_code == 404
    assert client.get("/questionnaires/987654/").status_code == 404


def test_easy_read_shows_the_authors_words_only_where_written(client, questionnaire, questions):
    assert client.get(url(questionnaire, "easy-read/")).status_code == 404
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        easy_read_introduction="We want to help.\nTell us what you think."
    )
    questions[0].easy_read_text = "Do you get a rest?"
    questions[0].save()
    page = client.get(url(questionnaire, "easy-read/")).content.decode()
    assert "Tell us what you think." in page and "Do you get a rest?" in page
    assert "et-easy-read" in page
    assert "Read and answer this in Easy Read" in client.get(url(questionnaire)).content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, questionnaire, method):
    assert getattr(client, method)(url(questionnaire)).status_code == 405


def test_a_questionnaire_with_no_questions_yet_is_not_shown_to_residents(client, world, council_activity):
    from engaging.questionnaires import services

    empty = services.create_questionnaire(
        activity=council_activity, user=None, title="Not ready", introduction="Soon.", closes_on=date.today()
    )
    assert client.get(url(empty)).status_code == 404
    assert url(empty) not in client.get(f"/get-involved/{council_activity.pk}/").content.decode()
