"""Generated survey results, GP practices, training and themed comments (see generator.py).

Each board's lead partner runs a residents' survey answered over several years across the board's wards, with
a few indicators on it (two chosen for the board's dashboard). Each ward has GP practices, most with a patient
participation group. The partnership runs a handful of courses, with sessions in the past (people attended or
did not come) and to come (public and partners-only, partly booked). Some open public activities ask residents
to answer a short questionnaire. Participant feedback comments, findings and questionnaire free text are
gathered as comments in the built-in themes framework, unclassified, as after a first gathering.
"""

from __future__ import annotations

from datetime import date, timedelta

from engaging.demo import surveys as demo_surveys
from engaging.demo.bulk import Sink, next_id
from engaging.evaluation.models import ParticipantFeedback
from engaging.insight.models import Finding
from engaging.learning.models import Booking, Course, CourseSession
from engaging.questionnaires.models import Answer as QuestionnaireAnswer
from engaging.questionnaires.models import Question as QuestionnaireQuestion
from engaging.questionnaires.models import Questionnaire, QuestionnaireResponse
from engaging.register.models import Activity
from engaging.surveys.models import (
    Answer,
    Indicator,
    PatientParticipationGroup,
    Practice,
    Question,
    Respondent,
    Survey,
    SurveyImport,
)
from engaging.surveys.services import save_indicator
from engaging.themes import frameworks
from engaging.themes.models import Comment, Framework

SURVEY_YEARS = 5
# Respondents a year for each board, by scale: a telephone survey reaches about a thousand people a year.
RESPONDENTS_PER_ACTIVITY = 0.4  # tiny: about 120 a year, borough: 2,000 a year
PRACTICES_PER_WARD = 2
GROUP_STATUS = ["active", "active", "active_and_virtual", "virtual", "forming", "none"]
COURSES = [
    ("Planning good engagement", "How to plan engagement that reaches the people a decision affects.", "Half a day"),
    ("Running a focus group", "Preparing questions, hosting a group and writing up what people said.", "One day"),
    ("Easy Read and plain English", "Writing so that everyone can understand, with Easy Read examples.", "Two hours"),
    ("Equality impact in practice", "Using equality monitoring to find who has not yet been heard.", "Half a day"),
    ("Closing the loop", "Telling people what changed because they took part: you said, we did.", "Two hours"),
    ("Engaging seldom-heard groups", "Working with community groups to hear from people rarely asked.", "One day"),
]  # fmt: skip
SESSIONS_PER_BOARD_MONTH = 2
PAST_MONTHS = 24
AHEAD_MONTHS = 4
PARTNERS_ONLY_EVERY = 3  # one session in three is for partners only
# The tables written here in bulk, for the generator's index rebuild and sequence reset.
WRITTEN = [
    Respondent, Practice, PatientParticipationGroup, CourseSession, Booking, Comment, QuestionnaireResponse,
    QuestionnaireAnswer,
]  # fmt: skip
QUESTIONNAIRE_EVERY = 60  # one open public activity in this many asks residents to answer a questionnaire
QUESTIONNAIRE_RESPONSES = (10, 60)
USUAL_WAYS = ["On foot", "By bus", "By car", "By bike"]
SAYS = [
    "More buses in the evening would help me get to appointments.",
    "The new opening hours are much better for people who work.",
    "Please keep the drop-in sessions, they are the only time I can ask questions.",
    "It is hard to find out what is on without the internet.",
    "Staff were kind and took time to explain.",
]
ROLES = [Booking.Role.OFFICER, Booking.Role.OFFICER, Booking.Role.VOLUNTEER, Booking.Role.RESIDENT]


def build_surveys(g) -> None:
    """A residents' survey for each board, its respondents through the survey's own packed answers, and indicators."""
    rng = g.rng
    questions = [
        (demo_surveys.ENGAGE, demo_surveys.AGREE, 2),
        (demo_surveys.SAFE, demo_surveys.SAFETY, 2),
        (demo_surveys.JOB, demo_surveys.RATING, 2),
    ]
    sink = Sink(Respondent, ["survey_id", "batch_id", "answered_on", "area_id", "weight", "answers"])
    per_year = max(60, int(g.scale.activities / len(g.boards) * RESPONDENTS_PER_ACTIVITY))
    first_year = g.anchor.year - SURVEY_YEARS
    indicators = 0
    for board in g.boards:
        borough = board["borough"]
        lead = g.organisations_in[borough["index"]][0]["id"]
        survey = Survey.objects.create(
            name=f"Residents' survey ({board['name']})",
            organisation_id=lead,
            description="A yearly telephone survey of residents about their area and its services.",
        )
        made = []
        for position, (text, scale, _) in enumerate(questions):
            question = Question.objects.create(survey=survey, position=position, text=text)
            made.append(
                (question, Answer.objects.bulk_create(Answer(question=question, code=c + 1, text=t) for c, t in
                                                     enumerate(scale)))
            )  # fmt: skip
        last = date(g.anchor.year - 1, 12, 31)
        batch = SurveyImport.objects.create(
            survey=survey, filename="residents-survey.csv", digest=f"{survey.pk:064d}",
            first_date=date(first_year, 1, 1), last_date=last,
        )  # fmt: skip
        count = 0
        for year_index in range(SURVEY_YEARS):
            start = date(first_year + year_index, 1, 1)
            # More people say the partners work hard to engage them in the later years: a change to find.
            engaged = 0.5 + 0.04 * max(0, year_index - 1)
            for _ in range(per_year):
                codes = bytearray()
                for n, (_, scale, positives) in enumerate(questions):
                    share = engaged if n == 0 else 0.7
                    if rng.random() < 0.05:
                        codes.append(0)  # not answered
                    elif rng.random() < 0.06:
                        codes.append(len(scale))  # don't know
                    elif rng.random() < share:
                        codes.append(rng.randint(1, positives))
                    else:
                        codes.append(rng.randint(positives + 1, len(scale) - 1))
                weight = rng.choice((0.6, 0.8, 1.0, 1.0, 1.2, 1.5))
                day = start + timedelta(days=rng.randrange(365))
                sink.add((survey.pk, batch.pk, day, rng.choice(borough["wards"]), weight, bytes(codes)))
                count += 1
        sink.flush()
        SurveyImport.objects.filter(pk=batch.pk).update(rows=count)
        Survey.objects.filter(pk=survey.pk).update(respondent_count=count)
        names = ("Work hard to engage local residents", "Feel safe walking alone after dark", "Doing a good job")
        for n, ((question, answers), name) in enumerate(zip(made, names, strict=True)):
            dont_know = [a for a in answers if a.text == "Don't know"]
            save_indicator(
                name=name, survey=survey, question=question, positive_answers=answers[:2],
                excluded_answers=dont_know, higher_is_better=True,
                period=Indicator.Period.YEAR if n < 2 else Indicator.Period.FINANCIAL_YEAR, on_dashboard=n < 2,
            )  # fmt: skip
            indicators += 1
    g.log(f"  survey respondents: {sink.count:,}; indicators: {indicators}")


def build_practices(g) -> None:
    """GP practices in every ward, each with its patient participation group (some forming, some with none)."""
    rng = g.rng
    practices = Sink(Practice, [
        "id", "ods_code", "name", "area_id", "primary_care_network", "list_size", "postcode", "created_at",
        "updated_at",
    ])  # fmt: skip
    groups = Sink(PatientParticipationGroup, [
        "practice_id", "status", "last_met", "members", "reviewed_on", "created_at", "updated_at",
    ])  # fmt: skip
    pk = next_id(Practice)
    now = g.now
    for borough in g.boroughs:
        for ward_index, (ward_id, ward_name) in enumerate(zip(borough["wards"], borough["ward_names"], strict=True)):
            network = f"{borough['name']} PCN {ward_index // 6 + 1}"
            for n in range(PRACTICES_PER_WARD):
                practices.add((pk, f"Y{pk:05d}", f"{ward_name} {'Surgery' if n == 0 else 'Medical Practice'}",
                               ward_id, network, rng.randint(3_000, 15_000), "", now, now))  # fmt: skip
                status = rng.choice(GROUP_STATUS)
                working = status in PatientParticipationGroup.WORKING
                met = g.anchor - timedelta(days=rng.randint(10, 200)) if working else None
                members = rng.randint(6, 40) if status != "none" else None
                reviewed = g.anchor - timedelta(days=rng.randint(30, 500)) if working else None
                groups.add((pk, status, met, members, reviewed, now, now))
                pk += 1
    practices.flush()
    groups.flush()
    g.log(f"  practices: {practices.count:,}")


def build_training(g) -> None:
    """Courses, their sessions past and to come for each board's area, and bookings with attendance."""
    rng = g.rng
    course_ids = [
        Course.objects.create(title=title, summary=summary, length=length, audience="Anyone working with residents").pk
        for title, summary, length in COURSES
    ]
    sessions = Sink(CourseSession, [
        "id", "kind", "course_id", "starts_at", "ends_at", "venue", "trainers", "capacity", "is_public",
        "created_at", "updated_at",
    ])  # fmt: skip
    bookings = Sink(Booking, [
        "session_id", "name", "email", "organisation_id", "role", "status", "created_at", "updated_at",
    ])  # fmt: skip
    pk = next_id(CourseSession)
    person = 0
    for board in g.boards:
        organisations = g.organisations_in[board["borough"]["index"]]
        for month in range(-PAST_MONTHS, AHEAD_MONTHS):
            for _ in range(SESSIONS_PER_BOARD_MONTH):
                day = g.anchor + timedelta(days=30 * month + rng.randint(1, 28))
                starts = g.midnight(day) + timedelta(hours=rng.choice((9, 10, 13)))
                capacity = rng.choice((12, 16, 20, 24))
                public = pk % PARTNERS_ONLY_EVERY != 0
                made = g.midnight(day - timedelta(days=60))
                sessions.add((pk, CourseSession.Kind.TRAINING, rng.choice(course_ids), starts,
                              starts + timedelta(hours=3), f"{board['borough']['name']} Community Centre",
                              "The partnership's engagement team", capacity, public, made, made))  # fmt: skip
                past = starts.date() < g.anchor
                for _ in range(rng.randint(capacity // 3, capacity)):
                    person += 1
                    if past:
                        status = Booking.Status.ATTENDED if rng.random() < 0.85 else Booking.Status.NO_SHOW
                    else:
                        status = Booking.Status.BOOKED
                    organisation = rng.choice(organisations)["id"] if rng.random() < 0.8 else None
                    booked = made + timedelta(days=rng.randint(1, 50))
                    bookings.add((pk, f"Learner {person}", f"learner{person}@example.org", organisation,
                                  rng.choice(ROLES), status, booked, booked))  # fmt: skip
                pk += 1
    sessions.flush()
    bookings.flush()
    g.log(f"  courses: {len(course_ids)}; sessions: {sessions.count:,}; bookings: {bookings.count:,}")


def build_questionnaires(g) -> None:
    """A short questionnaire on some open public activities, answered online, on paper or by phone."""
    rng = g.rng
    open_ones = list(Activity.objects.public().order_by("pk").values_list("pk", flat=True))
    wanted = max(3, len(open_ones) // QUESTIONNAIRE_EVERY)  # a few even in the smallest data, to have results
    activities = open_ones[:: max(1, len(open_ones) // wanted)][:wanted]
    responses = Sink(QuestionnaireResponse, ["id", "questionnaire_id", "channel", "submitted_on"])
    answers = Sink(QuestionnaireAnswer, ["response_id", "question_id", "choice", "rating", "text"])
    pk = next_id(QuestionnaireResponse)
    channels = QuestionnaireResponse.Channel.values
    for activity_id in activities:
        questionnaire = Questionnaire.objects.create(
            activity_id=activity_id, title="Tell us what you think",
            introduction="A few questions about getting to the service and what would make it better for you.",
            closes_on=g.anchor + timedelta(days=rng.randint(14, 60)),
            what_happens_next="The team reads every answer and says what changed because of them.",
        )  # fmt: skip
        way, rating, say = QuestionnaireQuestion.objects.bulk_create([
            QuestionnaireQuestion(questionnaire=questionnaire, position=0, kind="single_choice", required=True,
                                  text="How do you usually get there?", options=USUAL_WAYS),
            QuestionnaireQuestion(questionnaire=questionnaire, position=1, kind="rating",
                                  text="How easy is it to use the service?"),
            QuestionnaireQuestion(questionnaire=questionnaire, position=2, kind="text",
                                  text="What would make it better for you?"),
        ])  # fmt: skip
        for _ in range(rng.randint(*QUESTIONNAIRE_RESPONSES)):
            responses.add((pk, questionnaire.pk, rng.choice(channels), g.anchor - timedelta(days=rng.randint(0, 30))))
            answers.add((pk, way.pk, rng.choice(USUAL_WAYS), None, ""))
            answers.add((pk, rating.pk, "", rng.randint(1, 5), ""))
            if rng.random() < 0.6:
                answers.add((pk, say.pk, "", None, rng.choice(SAYS)))
            pk += 1
    responses.flush()
    answers.flush()
    g.log(f"  questionnaires: {len(activities)}; responses: {responses.count:,}")


def build_comments(g) -> None:
    """Feedback comments, findings and questionnaire free text as comments in the built-in framework, unclassified.

    Written straight from the generated rows, as gathering them one by one would take far longer at scale;
    each keeps its source and reference so a later gathering adds nothing twice.
    """
    frameworks.install_builtin()
    framework = Framework.objects.get(built_in=True)
    place = {activity[0]: (min(activity[5]) if activity[5] else None, activity[7]) for activity in g.activities}
    sink = Sink(Comment, [
        "framework_id", "text", "source", "source_ref", "written_on", "activity_id", "area_id", "organisation_id",
        "created_at", "updated_at",
    ])  # fmt: skip
    now = g.now
    sources = (
        (Comment.Source.FEEDBACK, ParticipantFeedback.objects.exclude(comment="").values_list(
            "pk", "comment", "given_on", "activity_id")),
        (Comment.Source.FINDING, Finding.objects.values_list("pk", "statement", "heard_on", "activity_id")),
        (Comment.Source.QUESTIONNAIRE, QuestionnaireAnswer.objects.exclude(text="").values_list(
            "pk", "text", "response__submitted_on", "response__questionnaire__activity_id")),
    )  # fmt: skip
    for source, rows in sources:
        for pk, text, day, activity_id in rows.order_by("pk").iterator(chunk_size=5000):
            area, organisation = place.get(activity_id, (None, None))
            sink.add((framework.pk, text.strip()[:10000], source, str(pk), day, activity_id, area, organisation,
                      now, now))  # fmt: skip
    sink.flush()
    g.log(f"  comments: {sink.count:,}")
