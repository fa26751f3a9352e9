"""Demo questionnaires: one open on an activity residents can take part in now, one closed with its results.

The open one has answers from two age groups of 30 people each, shaped so that every count in each
group's results is 0 or at least 5: its results can be split by age. Paper answers typed in by an
officer sit beside the online ones. Every answer is invented.
"""

from datetime import timedelta

from engaging.questionnaires import services
from engaging.questionnaires.models import Questionnaire
from engaging.register.models import Status

OPEN_QUESTIONS = [
    {
        "kind": "single_choice",
        "text": "How often do you use the community centre?",
        "options": ["Every week", "Every month", "Less often"],
        "required": True,
    },
    {
        "kind": "multiple_choice",
        "text": "Which of these would help you most?",
        "options": ["Longer opening hours", "More activities for young people", "A quiet space", "Help with transport"],
    },
    {
        "kind": "rating",
        "text": "How good are the services at the centre now?",
        "options": [],
        "easy_read_text": "Are the services at the centre good?",
    },
    {
        "kind": "text",
        "text": "What one thing would make the biggest difference to you?",
        "max_length": 1000,
        "easy_read_text": "What one thing should we change?",
    },
]

# For each age group: how many of its 30 chose each answer (0 or at least 5 in every cell).
SHAPES = {
    "16_24": {
        0: ["Every week"] * 15 + ["Every month"] * 10 + ["Less often"] * 5,
        1: [["More activities for young people", "Longer opening hours"]] * 20 + [["A quiet space"]] * 10,
        2: [5] * 15 + [4] * 10 + [3] * 5,
    },
    "65_74": {
        0: ["Every week"] * 5 + ["Every month"] * 10 + ["Less often"] * 15,
        1: [["Help with transport"]] * 15 + [["A quiet space", "Longer opening hours"]] * 15,
        2: [2] * 10 + [3] * 10 + [4] * 10,
    },
}
SAID = {
    "16_24": [
        "Somewhere to meet friends after college that is warm and free.",
        "Evening sessions, because the day times clash with school.",
        "Cheaper bus fares to get there at weekends.",
        "A music room we could book ourselves.",
        "Staff who listen to what young people actually want.",
        "Wifi that works so we can do homework there.",
    ],
    "65_74": [
        "A community bus from the estate, as the walk is too far for me.",
        "Seats in the entrance while waiting for appointments.",
        "A quiet morning without loud classes going on.",
        "Clear signs, I get lost between the rooms.",
        "Someone on reception to ask for help.",
    ],
}
PAPER_TEXT = [
    "Paper forms like this one at the library, please keep them.",
    "Help getting there: the bus stop moved and nobody said.",
    "More things for families in the school holidays.",
    "A quiet space for carers to have a cup of tea.",
    "Opening on Saturdays.",
]


def _open_activity(builder):
    candidates = sorted(
        (a for a in builder.activities.values() if a.status == Status.OPEN and a.is_public and a.archived_at is None),
        key=lambda a: a.title,
    )
    return candidates[0] if candidates else None


def _closed_activity(builder):
    candidates = sorted(
        (
            a
            for a in builder.activities.values()
            if a.status in (Status.CLOSED, Status.REPORTED) and a.is_public and a.archived_at is None
        ),
        key=lambda a: a.title,
    )
    return candidates[0] if candidates else None


def _questionnaire(builder, activity, title: str, **fields) -> tuple[Questionnaire, bool]:
    existing = Questionnaire.objects.filter(activity=activity, title=title).first()
    if existing is not None:
        return existing, False
    questionnaire = services.create_questionnaire(activity=activity, user=None, title=title, **fields)
    builder.result.created["questionnaires"] += 1
    return questionnaire, True


def add_open(builder) -> None:
    activity = _open_activity(builder)
    if activity is None:
        return
    today = builder.today
    questionnaire, created = _questionnaire(
        builder,
        activity,
        "Your community centre: what would help?",
        introduction="We are planning changes to the community centre next year. Tell us how you use it now "
        "and what would help you most. It takes about 5 minutes.",
        easy_read_introduction="We want to make the community centre better.\nTell us what you think.\n"
        "It takes 5 minutes.\nYou do not need to give your name.",
        closes_on=today + timedelta(days=28),
        what_happens_next="The centre's planning group reads every answer after the closing date and "
        "chooses which changes to make first.",
        results_by=today + timedelta(days=70),
        questions=OPEN_QUESTIONS,
    )
    if not created:
        return
    questions = list(questionnaire.questions.order_by("position"))
    for age, shape in SHAPES.items():
        said = SAID[age]
        for n in range(30):
            answers = {questions[i].pk: shape[i][n] for i in range(3)}
            if n < len(said) * 2:
                answers[questions[3].pk] = said[n % len(said)]
            services.submit_response(
                questionnaire=questionnaire,
                answers=answers,
                about_you={"age_band": age, "carer": "yes" if n % 3 == 0 else "no"},
                today=today,
            )
    lead_key = next(key for (key, _title), item in builder.activities.items() if item.pk == activity.pk)
    officer = builder.creator_for(lead_key)
    for n in range(8):
        services.submit_response(
            questionnaire=questionnaire,
            answers={
                questions[0].pk: "Every month",
                questions[1].pk: ["A quiet space"],
                questions[2].pk: 3,
                questions[3].pk: PAPER_TEXT[n] if n < len(PAPER_TEXT) else "",
            },
            channel="paper",
            entered_by=officer,
            today=today,
        )
    builder.result.created["questionnaire responses"] += 68


def add_closed(builder) -> None:
    activity = _closed_activity(builder)
    if activity is None:
        return
    closes_on = builder.today - timedelta(days=10)
    questionnaire, created = _questionnaire(
        builder,
        activity,
        "How did we do?",
        introduction="Tell us what you thought of the sessions.",
        closes_on=closes_on,
        results_by=builder.today + timedelta(days=20),
        asks_about_you=False,
        questions=[
            {"kind": "rating", "text": "How useful were the sessions?", "options": [], "required": True},
            {"kind": "text", "text": "What should we do differently next time?", "max_length": 500},
        ],
    )
    if not created:
        return
    questions = list(questionnaire.questions.order_by("position"))
    notes = ["Start later in the day.", "Hold one near the shops.", "More time for questions.", ""]
    for n in range(24):
        services.submit_response(
            questionnaire=questionnaire,
            answers={questions[0].pk: 3 + n % 3, questions[1].pk: notes[n % len(notes)]},
            today=closes_on - timedelta(days=n % 9),
        )
    builder.result.created["questionnaire responses"] += 24


def load(builder) -> None:
    add_open(builder)
    add_closed(builder)
