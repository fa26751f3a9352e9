"""Demo evaluations, feedback links, participant ratings and some equality monitoring.

Every activity the demo marks as evaluated gets an evaluation; two that are only fed back get one
too, ready to be marked evaluated. Participants' ratings lean differently by method, so "What works"
has something to show. Everything is made once: a second run finds it and creates nothing.
"""

import random
from datetime import timedelta

from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.register.models import Status

# What the team learned, in the demo's own words: title → (lessons, what worked, what did not, notes on reach).
LESSONS = {
    "Traveller site improvements: residents' views": (
        "Visiting the site with a familiar liaison worker mattered more than anything we printed. "
        "Next time we will plan the visits around the families' own calendar, not the council's.",
        "Sitting down in people's homes, and coming back a second time with what we had written down.",
        "The paper questionnaire: almost nobody used it.",
        "We heard from most households, but few of the young people.",
    ),
    "Deaf people's access to health services": (
        "British Sign Language interpreters have to be booked for the whole session, including the informal "
        "time afterwards, which is when people said the most.",
        "Sessions run by a Deaf community worker, in the Deaf club's own building.",
        "Our online booking form, which assumed people would phone if they had a question.",
        "",
    ),
    "Health and wellbeing board spotlight: older people's independence": (
        "Board members listening at the tables, rather than presenting from the front, changed the tone. "
        "We need to tell people sooner what the board did with what they said.",
        "Small table conversations with a volunteer host at each.",
        "Too many slides at the start; we lost twenty minutes.",
        "Good turnout from older people's groups; few carers of older people came.",
    ),
    "Pharmaceutical needs assessment: public survey": (
        "A survey alone told us what people thought of their pharmacy but not why. Pairing it with a few "
        "conversations at community venues would have explained the numbers.",
        "Paper copies left at pharmacy counters brought in older respondents.",
        "The online version was long; many gave up halfway.",
        "",
    ),
    "Community engagement network: joining up engagement across the partnership": (
        "Partners are keen to share plans once they can see each other's calendars. A shared register "
        "is worth keeping up to date.",
        "Each partner bringing one upcoming activity to discuss.",
        "We ran out of time for the join-up conversations themselves.",
        "",
    ),
    "Dudley Youth Parliament: annual sitting": (
        "Young people want to see what happened to last year's motions before they debate new ones.",
        "Young people chairing the debates and choosing the motions.",
        "Officers' answers were too long and too formal.",
        "Schools in the south of the borough were under-represented.",
    ),
    "Stop smoking service: online consultation on the new model": (
        "An online consultation reached people who had already quit, not those still smoking. We need to go "
        "where smokers are: workplaces, pharmacies, routine health checks.",
        "Short questions with plain choices.",
        "Almost no responses from routine and manual workers, the group the service most needs.",
        "Reach looked good in numbers but missed the people the change was for.",
    ),
    "Engaging together training: introduction to survey design": (
        "Practitioners want worked examples from local surveys, not general advice.",
        "Rewriting a real questionnaire together in small groups.",
        "The session was too short for the practical part.",
        "",
    ),
    "Library services review": (
        "Drop-ins in the libraries themselves reached people the survey did not, especially parents with "
        "young children and people using the computers.",
        "Staff in each library encouraging people to take part.",
        "The online consultation was dominated by a few well-organised campaigns.",
        "",
    ),
    "Walk-in centre questionnaire: why people came and what they needed": (
        "Asking people while they waited gave honest answers, but we must keep it short: people were unwell.",
        "Volunteers with tablets in the waiting area.",
        "Evening sessions had too few volunteers.",
        "",
    ),
    "Health and wellbeing board spotlight: mental health and wellbeing": (
        "People with lived experience set the agenda better than we did. Give them the first half hour.",
        "Opening with stories from people with lived experience.",
        "The venue was hard to reach by bus.",
        "",
    ),
    "Urgent care consultation: lunchtime and evening sessions": (
        "Evening sessions suited working people; lunchtime ones drew mostly retired people. Offering both "
        "was right, and we should say so early in publicity.",
        "Holding sessions in each locality, not only the town centre.",
        "Public meetings became question-and-answer sessions with a few loud voices.",
        "Fewer young adults than we hoped, though they use urgent care most.",
    ),
    "Feeling the Difference survey: last year's Dudley results": (
        "Face-to-face interviews kept the response rate high, but residents told us they never hear the "
        "results. Publishing a short summary for each neighbourhood is the next step.",
        "Trained interviewers who knew the neighbourhoods.",
        "Nothing went back to the people interviewed.",
        "",
    ),
    "Enter and view: care homes in Halesowen": (
        "Residents spoke more freely when staff were not in the room. Relatives added a great deal.",
        "Authorised representatives spending a whole afternoon, not a short visit.",
        "Too little notice to homes about the visits.",
        "",
    ),
    "JSNA community conversations: what keeps people well where you live": (
        "Community groups hosting the conversations brought in people who would never come to a council "
        "event. Pay them for their time next time.",
        "Conversations hosted by local groups in their own venues.",
        "Recording what people said consistently across so many hosts.",
        "",
    ),
    "Diabetes care: designing the pathway with patients": (
        "Patients knew where the pathway broke down long before our data did: the wait between diagnosis and "
        "the first education session. Bring patients in before the options are drawn up, not after.",
        "Working through a real patient's year with diabetes, step by step, with patients and clinicians together.",
        "Daytime workshops shut out people in work, who are many of those newly diagnosed.",
        "Few people of South Asian heritage took part, though they are more likely to have diabetes.",
    ),
    "Healthy families: cooking and activity sessions designed with parents": (
        "Parents designed sessions around school pick-up times and food they could afford, which we would "
        "not have thought of. Childcare on the day is what made it possible for them to come.",
        "Cooking together while we talked, with a crèche next door.",
        "The first session's sign-up form asked too much, and some parents did not come back.",
        "Mostly mothers; fathers came only to the Saturday session.",
    ),
}

# Fed back, and evaluated, but not yet marked as evaluated. They must be fed back at the demo's dates
# (between three and five months finished, engaging/demo/loader.py), or the demo shows no such activity.
ALSO_EVALUATED = (
    "Diabetes care: designing the pathway with patients",
    "Healthy families: cooking and activity sessions designed with parents",
)

# How participants tend to rate each method: (felt listened to, easy to take part, know what happens next).
TENDENCIES = {
    "Co-design workshop": (4.6, 3.8, 4.3),
    "Focus group": (4.3, 4.1, 3.4),
    "Interviews": (4.4, 4.0, 3.2),
    "Drop-in session": (4.0, 4.6, 3.0),
    "Survey or questionnaire": (3.0, 4.2, 2.3),
    "Online consultation": (2.7, 3.7, 2.2),
    "Public meeting": (2.9, 3.1, 3.0),
    "Stakeholder event": (3.7, 3.6, 3.8),
    "Youth parliament": (4.2, 3.9, 3.9),
    "Training session": (4.5, 4.4, 4.0),
    "Satisfaction survey": (3.2, 4.3, 2.5),
    "Enter and view visit": (4.1, 4.2, 3.5),
    "Citizens' panel": (3.9, 3.7, 3.9),
    "Easy Read materials": (4.2, 4.7, 3.6),
}
DEFAULT_TENDENCY = (3.5, 3.8, 3.0)

COMMENTS = [
    "The staff really listened and wrote down what we said.",
    "It was hard to find the room.",
    "I would like to hear what happens next.",
    "Evening times suited me because I work.",
    "The questions were easy to understand.",
    "Too much jargon in the presentation.",
    "Good to be asked for once.",
    "The online form kept timing out on my phone.",
    "Please send the results to everyone who came.",
    "Having an interpreter made all the difference.",
    "I felt rushed at the end.",
    "Tea and biscuits and a friendly welcome. Thank you.",
    "Not sure anything will change, but I hope so.",
]

HOW_INVOLVED = [
    "A short review session where participants checked what we had learned and added to it.",
    "Participants rated the activity on the feedback form and some stayed to talk it through.",
    "Two participants joined the team's review meeting and helped write this evaluation.",
]

# How often each equality answer comes up among the demo's participants (answer, weight).
EQUALITY_WEIGHTS = {
    "age_band": [("16_24", 2), ("25_34", 4), ("35_44", 5), ("45_54", 6), ("55_64", 6), ("65_74", 5), ("75_over", 2),
                 ("prefer_not_to_say", 1)],
    "sex": [("female", 11), ("male", 8), ("prefer_not_to_say", 1)],
    "gender_same_as_birth": [("yes", 18), ("no", 1), ("prefer_not_to_say", 1)],
    "ethnicity": [("white", 16), ("asian", 3), ("black", 1), ("mixed", 1), ("prefer_not_to_say", 1)],
    "disability": [("yes", 5), ("no", 13), ("prefer_not_to_say", 2)],
    "religion": [("none", 7), ("christian", 9), ("muslim", 2), ("sikh", 1), ("prefer_not_to_say", 2)],
    "sexual_orientation": [("straight", 15), ("gay_or_lesbian", 1), ("bisexual", 1), ("prefer_not_to_say", 3)],
    "carer": [("yes", 5), ("no", 14), ("prefer_not_to_say", 1)],
}  # fmt: skip
MONITORED_ACTIVITIES = 4


def load(builder) -> None:
    finished = [
        (key, activity)
        for key, activity in builder.activities.items()
        if activity.archived_at is None and activity.status in (Status.FED_BACK, Status.EVALUATED)
    ]
    for (lead_key, title), activity in finished:
        if activity.status == Status.EVALUATED or title in ALSO_EVALUATED:
            add_evaluation(builder, lead_key, activity)
        builder._get_or_create(
            "feedback links",
            FeedbackLink.objects,
            activity=activity,
            defaults={"is_open": activity.status != Status.EVALUATED},
        )
        add_feedback(builder, activity)

    # Open links on two activities people can take part in now, so the QR code page has something to show.
    open_now = sorted(
        (a for a in builder.activities.values() if a.status == Status.OPEN and a.is_public and a.archived_at is None),
        key=lambda a: a.title,
    )
    for activity in open_now[:2]:
        builder._get_or_create("feedback links", FeedbackLink.objects, activity=activity)
    # Activities that closed lately ask the people who took part how it went: their public pages link to the form.
    for activity in builder.activities.values():
        if activity.status in (Status.CLOSED, Status.REPORTED) and activity.is_public and activity.archived_at is None:
            builder._get_or_create("feedback links", FeedbackLink.objects, activity=activity)

    busiest = sorted(finished, key=lambda item: (-item[1].participant_feedback.count(), item[1].title))
    for _key, activity in busiest[:MONITORED_ACTIVITIES]:
        add_equality_monitoring(builder, activity)


def _random(activity, purpose: str) -> random.Random:
    # Seeded by the title, so every load makes the same demo.
    return random.Random(f"{purpose}:{activity.title}")


def add_evaluation(builder, lead_key: str, activity) -> None:
    lessons, worked, did_not, reach_notes = LESSONS.get(
        activity.title,
        (
            "Going to where people already meet brought in more people than inviting them to us.",
            "Working with a local group that people trust.",
            "We left too little time to tell people what happened.",
            "",
        ),
    )
    rng = _random(activity, "evaluation")
    methods = {m.name for m in activity.methods.all()}
    involved = bool(methods & {"Co-design workshop", "Youth parliament", "Training session"}) or rng.random() < 0.4
    evaluator = builder.creator_for(lead_key)
    builder._get_or_create(
        "evaluations",
        Evaluation.objects,
        activity=activity,
        defaults={
            "lessons": lessons,
            "what_worked": worked,
            "what_did_not": did_not,
            "reach_notes": reach_notes,
            "participants_involved": involved,
            "how_participants_involved": rng.choice(HOW_INVOLVED) if involved else "",
            "evaluated_on": min(builder.today, activity.end_date + timedelta(days=60)),
            "evaluated_by": evaluator,
        },
    )


def _tendency(activity) -> tuple[float, float, float]:
    found = [TENDENCIES.get(m.name, DEFAULT_TENDENCY) for m in activity.methods.all()] or [DEFAULT_TENDENCY]
    listened, easy, next_steps = (sum(t[i] for t in found) / len(found) for i in range(3))
    return listened, easy, next_steps


def _rating(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def add_feedback(builder, activity) -> None:
    if ParticipantFeedback.objects.filter(activity=activity).exists():
        return
    rng = _random(activity, "feedback")
    listened, easy, next_steps = _tendency(activity)
    rows = [
        ParticipantFeedback(
            activity=activity,
            listened_to=_rating(rng, listened),
            easy_to_take_part=_rating(rng, easy),
            know_what_happens_next=_rating(rng, next_steps),
            comment=rng.choice(COMMENTS) if rng.random() < 0.25 else "",
        )
        for _ in range(rng.randint(5, 40))
    ]
    ParticipantFeedback.objects.bulk_create(rows)
    # Feedback is given just after an activity, not on the day the demo is loaded.
    ParticipantFeedback.objects.filter(activity=activity).update(
        given_on=min(builder.today, activity.end_date + timedelta(days=3))
    )
    builder.result.created["participant feedback"] += len(rows)


def add_equality_monitoring(builder, activity) -> None:
    if EqualityMonitoring.objects.filter(activity=activity).exists():
        return
    rng = _random(activity, "equality")
    count = round(ParticipantFeedback.objects.filter(activity=activity).count() * 0.7)
    rows = []
    for _ in range(count):
        answers = {}
        for question, weights in EQUALITY_WEIGHTS.items():
            if rng.random() < 0.1:
                continue  # skipped
            values, shares = zip(*weights, strict=True)
            answers[question] = rng.choices(values, weights=shares)[0]
        rows.append(EqualityMonitoring(activity=activity, **answers))
    EqualityMonitoring.objects.bulk_create(rows)
    builder.result.created["equality monitoring"] += len(rows)
