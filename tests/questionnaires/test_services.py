"""The rules of questionnaires: building them, answering them, and what is kept apart."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from engaging.questionnaires import services
from engaging.questionnaires.comments import free_text_answers
from engaging.questionnaires.models import AboutYou, Answer, HearBackContact, Question, QuestionnaireResponse


def answers_for(questions, single="Weekly", several=("Clubs",), rating=4, text="More clubs in the holidays"):
    one, many, rate, free = questions
    return {one.pk: single, many.pk: list(several), rate.pk: rating, free.pk: text}


def test_questions_are_kept_in_the_order_given(questions):
    assert [q.kind for q in questions] == ["single_choice", "multiple_choice", "rating", "text"]
    assert [q.position for q in questions] == [1, 2, 3, 4]


def test_a_choice_question_needs_two_different_options(council_activity, world):
    with pytest.raises(ValidationError) as error:
        services.create_questionnaire(
            activity=council_activity,
            user=world.officer_council,
            title="T",
            introduction="I",
            closes_on=date.today(),
            questions=[
                {"kind": "single_choice", "text": "Pick", "options": ["Yes", "yes"]},
                {"kind": "poll", "text": ""},
            ],
        )
    assert error.value.message_dict["questions[0].options"] == ["Give each option only once"]
    assert "questions[1].kind" in error.value.message_dict and "questions[1].text" in error.value.message_dict


def test_an_answer_is_saved_with_a_row_per_option_chosen(questionnaire, questions):
    response = services.submit_response(
        questionnaire=questionnaire, answers=answers_for(questions, several=["Clubs", "Days out"])
    )
    rows = Answer.objects.filter(response=response, question=questions[1])
    # Kept in the options' own order, whatever order they were sent in.
    assert list(rows.values_list("choice", flat=True)) == ["Days out", "Clubs"]
    assert response.channel == QuestionnaireResponse.Channel.ONLINE
    assert response.submitted_on == date.today()


def test_each_bad_answer_is_named_and_nothing_is_saved(questionnaire, questions):
    with pytest.raises(ValidationError) as error:
        services.submit_response(
            questionnaire=questionnaire,
            answers={
                questions[0].pk: "Daily",
                questions[1].pk: ["Clubs", "Clubs"],
                questions[2].pk: 6,
                questions[3].pk: "x" * 201,
                999999: "?",
            },
        )
    problems = error.value.message_dict
    assert set(problems) == {f"question_{q.pk}" for q in questions} | {"question_999999"}
    assert "How often do you get a break?" in problems[f"question_{questions[0].pk}"][0]
    assert "200 characters" in problems[f"question_{questions[3].pk}"][0]
    assert not QuestionnaireResponse.objects.exists()


def test_a_required_question_must_be_answered(questionnaire, questions):
    with pytest.raises(ValidationError) as error:
        services.submit_response(questionnaire=questionnaire, answers={questions[2].pk: 3})
    assert list(error.value.message_dict) == [f"question_{questions[0].pk}"]


def test_online_answers_are_refused_after_the_closing_date_but_paper_ones_are_dated_on_it(
    questionnaire, questions, world
):
    later = questionnaire.closes_on + timedelta(days=1)
    with pytest.raises(ValidationError, match="no longer taking answers"):
        services.submit_response(questionnaire=questionnaire, answers=answers_for(questions), today=later)
    paper = services.submit_response(
        questionnaire=questionnaire,
        answers=answers_for(questions),
        channel="paper",
        entered_by=world.officer_council,
        today=later,
    )
    assert paper.submitted_on == questionnaire.closes_on and paper.entered_by == world.officer_council


def test_about_you_and_contact_details_are_kept_apart(questionnaire, questions):
    response = services.submit_response(
        questionnaire=questionnaire,
        answers=answers_for(questions),
        about_you={"age_band": "16_24", "carer": "yes", "sex": ""},
        hear_back={"name": "A Resident", "email": "resident@example.org"},
    )
    about = AboutYou.objects.get()
    assert (about.age_band, about.carer, about.sex) == ("16_24", "yes", "")
    contact = HearBackContact.objects.get()
    assert contact.email == "resident@example.org"
    # The contact is not linked to the answers in any way.
    assert not any(f.related_model is QuestionnaireResponse for f in HearBackContact._meta.get_fields())
    assert response.answers.count() == 4


def test_contact_details_are_deleted_once_their_time_is_up(questionnaire, questions):
    services.submit_response(
        questionnaire=questionnaire, answers=answers_for(questions), hear_back={"email": "a@example.org"}
    )
    assert services.delete_expired_contacts(today=questionnaire.hear_back_until()) == 0
    assert services.delete_expired_contacts(today=questionnaire.hear_back_until() + timedelta(days=1)) == 1


def test_free_text_answers_are_comments_with_their_date_and_activity(questionnaire, questions):
    services.submit_response(questionnaire=questionnaire, answers=answers_for(questions))
    services.submit_response(questionnaire=questionnaire, answers=answers_for(questions, text="  "))
    comments = list(free_text_answers())
    assert [c.text for c in comments] == ["More clubs in the holidays"]
    assert comments[0].submitted_on == date.today()
    assert comments[0].response.questionnaire.activity == questionnaire.activity


def test_questions_move_up_and_down_and_lock_once_answered(questionnaire, questions):
    services.move_question(question=questions[2], up=True)
    assert list(questionnaire.questions.values_list("kind", flat=True)) == [
        "single_choice",
        "rating",
        "multiple_choice",
        "text",
    ]
    services.move_question(question=questions[0], up=True)  # the first stays first
    assert questionnaire.questions.first().kind == "single_choice"
    services.submit_response(questionnaire=questionnaire, answers=answers_for(questions))
    with pytest.raises(ValidationError, match="already answered"):
        services.move_question(question=questions[3], up=True)


def test_a_copied_question_remembers_the_first_asking(questionnaire, questions, world):
    later = services.create_questionnaire(
        activity=questionnaire.activity,
        user=world.officer_council,
        title="Next year",
        introduction="Again",
        closes_on=date.today(),
    )
    copy = services.copy_question(question=questions[2], into=later)
    again = services.copy_question(question=copy, into=later)
    assert copy.copied_from == questions[2] and again.copied_from == questions[2]
    assert copy.text == questions[2].text and copy.kind == Question.Kind.RATING


def test_a_finding_is_made_from_answers_and_linked_to_them(questionnaire, questions, world):
    services.submit_response(questionnaire=questionnaire, answers=answers_for(questions))
    services.submit_response(questionnaire=questionnaire, answers=answers_for(questions, text="Clubs after school"))
    chosen = list(free_text_answers())
    finding = services.finding_from_answers(
        answers=chosen, statement="Young carers want clubs", user=world.officer_council
    )
    assert finding.people_count == 2 and not finding.is_public
    assert set(finding.questionnaire_answers.all()) == set(chosen)


def test_the_retention_command_deletes_expired_contact_details(questionnaire, questions):
    from io import StringIO

    from django.core.management import call_command

    services.submit_response(
        questionnaire=questionnaire, answers=answers_for(questions), hear_back={"email": "a@example.org"}
    )
    old = services.create_questionnaire(
        activity=questionnaire.activity,
        user=None,
        title="Old",
        introduction="Old",
        closes_on=date.today() - timedelta(days=400),
    )
    HearBackContact.objects.create(questionnaire=old, email="old@example.org")
    out = StringIO()
    call_command("delete_expired_contacts", stdout=out)
    assert "Deleted 1 set of contact details." in out.getvalue()
    assert list(HearBackContact.objects.values_list("email", flat=True)) == ["a@example.org"]
