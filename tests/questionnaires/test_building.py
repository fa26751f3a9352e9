"""Officers building questionnaires and typing in paper answers: who may, and what each page does."""

from datetime import date, timedelta

import pytest

from engaging.questionnaires import services
from engaging.questionnaires.models import Question, Questionnaire, QuestionnaireResponse
from tests.insight.factories import FindingFactory

PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")
# Who may build the council's questionnaire: everyone with a role may read it.
MAY_BUILD = {"officer_council": True, "officer_healthwatch": False, "coordinator": True, "board_member": False}
DETAILS = {"title": "Parks", "introduction": "Tell us about parks.", "closes_on": "2030-01-31", "asks_about_you": "on"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, world, questionnaire, questions, persona):
    client.force_login(getattr(world, persona))
    allowed = MAY_BUILD[persona]
    pk, activity = questionnaire.pk, questionnaire.activity.pk
    assert client.get(f"/questionnaires/{pk}/manage/").status_code == 200
    assert client.get(f"/questionnaires/{pk}/results/").status_code == 200
    expected = 200 if allowed else 403
    for address in (
        "manage/edit/",
        "manage/questions/add/",
        f"manage/questions/{questions[0].pk}/",
        "manage/paper/",
        "manage/questions/copy/",
    ):
        assert client.get(f"/questionnaires/{pk}/{address}").status_code == expected, address
    assert client.get(f"/questionnaires/activities/{activity}/new/").status_code == expected
    response = client.post(f"/questionnaires/activities/{activity}/new/", DETAILS)
    assert (response.status_code == 302) == allowed
    assert Questionnaire.objects.filter(title="Parks").exists() == allowed
    response = client.post(f"/questionnaires/{pk}/manage/questions/{questions[3].pk}/move/", {"direction": "up"})
    assert response.status_code == (302 if allowed else 403)
    assert list(questionnaire.questions.values_list("kind", flat=True))[2] == ("text" if allowed else "rating")


def test_anonymous_people_are_sent_to_sign_in(client, questionnaire):
    for address in ("manage/", "results/", "manage/paper/", "results/answers.csv"):
        response = client.get(f"/questionnaires/{questionnaire.pk}/{address}")
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_unknown_questionnaires_and_questions_are_not_found(client, world, questionnaire):
    client.force_login(world.coordinator)
    assert client.get("/questionnaires/987654/manage/").status_code == 404
    assert client.get(f"/questionnaires/{questionnaire.pk}/manage/questions/987654/").status_code == 404
    assert client.get("/questionnaires/activities/987654/new/").status_code == 404


def test_a_missing_title_and_date_are_named_and_nothing_is_created(client, world, council_activity):
    client.force_login(world.officer_council)
    response = client.post(f"/questionnaires/activities/{council_activity.pk}/new/", {"closes_on": "31/02/2030"})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a title" in page and 'href="#id_title"' in page
    assert "Enter the closing date as a real date" in page
    assert not Questionnaire.objects.exists()


def test_a_question_is_added_at_the_end_and_a_bad_one_refused(client, world, questionnaire):
    client.force_login(world.officer_council)
    address = f"/questionnaires/{questionnaire.pk}/manage/questions/add/"
    response = client.post(address, {"kind": "single_choice", "text": "Which day?", "options": "Monday"})
    assert "Give at least 2 options" in response.content.decode()
    assert (
        client.post(
            address, {"kind": "single_choice", "text": "Which day?", "options": "Monday\nTuesday", "required": "on"}
        ).status_code
        == 302
    )
    added = questionnaire.questions.last()
    assert (added.text, added.options, added.required, added.position) == ("Which day?", ["Monday", "Tuesday"], True, 5)


def test_checking_the_library_shows_findings_before_saving(client, world, questionnaire):
    FindingFactory(activity=questionnaire.activity, statement="Young carers said breaks at weekends matter most")
    client.force_login(world.officer_council)
    response = client.post(
        f"/questionnaires/{questionnaire.pk}/manage/questions/add/",
        {"kind": "text", "text": "Would weekend breaks help young carers?", "action": "check"},
    )
    page = response.content.decode()
    assert "The library may already answer this" in page and "breaks at weekends" in page
    assert questionnaire.questions.count() == 4  # nothing saved yet


def test_a_question_is_copied_from_an_earlier_questionnaire(client, world, questionnaire, questions):
    later = services.create_questionnaire(
        activity=questionnaire.activity, user=None, title="Next year", introduction="Again", closes_on=date.today()
    )
    client.force_login(world.officer_council)
    page = client.get(f"/questionnaires/{later.pk}/manage/questions/copy/?q=break").content.decode()
    assert "How often do you get a break?" in page and "What else should we know?" not in page
    assert (
        client.post(f"/questionnaires/{later.pk}/manage/questions/copy/", {"question": questions[0].pk}).status_code
        == 302
    )
    copy = later.questions.get()
    assert copy.copied_from == questions[0] and copy.options == questions[0].options
    assert client.post(f"/questionnaires/{later.pk}/manage/questions/copy/", {"question": "x"}).status_code == 200


def test_questions_cannot_change_once_answered(client, world, questionnaire, questions):
    services.submit_response(questionnaire=questionnaire, answers={questions[0].pk: "Weekly"})
    client.force_login(world.officer_council)
    response = client.post(f"/questionnaires/{questionnaire.pk}/manage/questions/{questions[0].pk}/remove/")
    assert response.status_code == 302
    assert Question.objects.filter(pk=questions[0].pk).exists()


def test_paper_answers_are_marked_as_such_and_may_come_after_closing(client, world, questionnaire, questions):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_on=date.today() - timedelta(days=2))
    client.force_login(world.officer_council)
    address = f"/questionnaires/{questionnaire.pk}/manage/paper/"
    response = client.post(address, {f"question_{questions[0].pk}": "Never"})
    assert "Choose how these answers were given" in response.content.decode()
    response = client.post(address, {"channel": "phone", f"question_{questions[0].pk}": "Never", "about-carer": "yes"})
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert (saved.channel, saved.entered_by, saved.submitted_on) == (
        "phone",
        world.officer_council,
        date.today() - timedelta(days=2),
    )
