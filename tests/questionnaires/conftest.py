"""A questionnaire on the council's activity, with one question of each kind, shared by the questionnaire tests."""

from datetime import date, timedelta

import pytest

from engaging.questionnaires import services
from engaging.register.models import Status


@pytest.fixture
def questionnaire(world, council_activity):
    council_activity.status = Status.OPEN
    council_activity.start_date = date.today() - timedelta(days=7)
    council_activity.save()
    return services.create_questionnaire(
        activity=council_activity,
        user=world.officer_council,
        title="Your say on young carers' breaks",
        introduction="We want to know what breaks would help young carers most.",
        closes_on=date.today() + timedelta(days=14),
        what_happens_next="The carers' team reads every answer and decides in March.",
        results_by=date.today() + timedelta(days=60),
        questions=[
            {
                "kind": "single_choice",
                "text": "How often do you get a break?",
                "options": ["Weekly", "Monthly", "Never"],
                "required": True,
            },
            {
                "kind": "multiple_choice",
                "text": "Which breaks would help?",
                "options": ["Days out", "Clubs", "Sleepovers"],
            },
            {"kind": "rating", "text": "How good is the support you get now?", "options": []},
            {"kind": "text", "text": "What else should we know?", "max_length": 200},
        ],
    )


@pytest.fixture
def questions(questionnaire):
    return list(questionnaire.questions.order_by("position"))
