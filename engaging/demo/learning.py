"""Demo training: the partnership's thirteen courses, two years of sessions and three network events a year, with
bookings and attendance so the training report has figures. Every person who books is invented.

Sessions are written relative to today; once any exist the loader adds none, so loading again changes nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from engaging.learning.models import Booking, BookingChange, Course, CourseSession, SessionFeedback

IN_PERSON, ONLINE, MODULE = Course.Format.IN_PERSON, Course.Format.ONLINE, Course.Format.ONLINE_MODULE
FOR_ALL = "Officers, volunteers and councillors who engage with communities"

# title, length, format, summary, outcomes
COURSES = [
    (
        "Understanding Engagement",
        "One day",
        IN_PERSON,
        "What community engagement is, the kinds it takes and how much say each gives people, and how to choose "
        "the right one for the decision you have to make.",
        "Tell apart information, consultation, involvement and co-production\n"
        "Choose a level of influence you can honour",
    ),
    (
        "Public Consultation Tools",
        "Half a day",
        IN_PERSON,
        "The tools for a fair public consultation: when one is needed, what the law expects, and how to report "
        "back what people said.",
        "Plan a consultation that meets the Gunning principles\nPick tools that reach the people affected",
    ),
    (
        "Introduction to Survey Design",
        "Half a day",
        IN_PERSON,
        "Writing questions people can answer, choosing who to ask and how many, and avoiding the common traps.",
        "Write clear, neutral questions\nPlan a sample that fits your question",
    ),
    (
        "Introduction to Running Focus Groups",
        "One day",
        IN_PERSON,
        "Planning, running and writing up a focus group, so everyone in the room is heard.",
        "Plan a focus group and its questions\nRun the room so quieter voices are heard",
    ),
    (
        "Introduction to Presentation Skills",
        "Half a day",
        IN_PERSON,
        "Speaking to community groups and public meetings with confidence, in plain words.",
        "Prepare a short talk in plain words\nHandle questions and challenge calmly",
    ),
    (
        "Communicating with communities in empowering ways",
        "Half a day",
        IN_PERSON,
        "How the way we write and speak can give people confidence to take part, or shut them out.",
        "Spot language that excludes\nRewrite a message so it invites people in",
    ),
    (
        "Introduction to Facilitation Skills",
        "One day",
        IN_PERSON,
        "Helping a group work together to an outcome: agendas, activities, and handling disagreement.",
        "Design a workshop plan\nUse simple techniques to keep a group moving",
    ),
    (
        "Working in Inclusive Ways",
        "Half a day",
        IN_PERSON,
        "Reaching people who are seldom heard, and removing the barriers that keep them out.",
        "Find out who is missing\nMake reasonable adjustments before people have to ask",
    ),
    (
        "Partnership Working",
        "Half a day",
        IN_PERSON,
        "Engaging together with other organisations: sharing plans, joining up and not asking people twice.",
        "Check who else is engaging the same people\nAgree a joint approach",
    ),
    (
        "Reflective Practice",
        "Two hours",
        ONLINE,
        "Looking back at an engagement with colleagues to learn what worked and what to change.",
        "Use a simple model to reflect on your practice",
    ),
    (
        "Using Social Media in Community Engagement",
        "Half a day",
        IN_PERSON,
        "Using social media to reach people and hear from them, safely and fairly.",
        "Plan a social media conversation\nKnow what to do with what people post",
    ),
    (
        "Engaging Together: the online module",
        "About an hour",
        MODULE,
        "The essentials of engaging together, at your own pace, for people new to engagement.",
        "Know the partnership's principles and where to get help",
    ),
    (
        "Co-production in Practice",
        "One day",
        IN_PERSON,
        "Sharing power with the people who use services: what co-production means and how to start.",
        "Tell co-production from consultation\nPlan a first step with people who use a service",
    ),
]

VENUES = [
    "Council House, Priory Road, Dudley",
    "Brierley Hill Civic Hall, Bank Street",
    "Stourbridge Town Hall, Crown Centre",
    "Dudley CVS, 7 Albert Street, Dudley",
    "Halesowen Library meeting room",
]
TRAINERS = ["A. Patel and J. Morris", "S. Hughes", "R. Begum and T. Walker", "K. Lewis", "M. O'Connor"]
FIRST = [
    "Amira",
    "Ben",
    "Carys",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harpreet",
    "Imran",
    "Jade",
    "Kofi",
    "Lena",
    "Marek",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sanjay",
    "Tara",
    "Usman",
    "Vicky",
    "Wes",
    "Yasmin",
]
LAST = [
    "Ahmed",
    "Bennett",
    "Clarke",
    "Dhillon",
    "Evans",
    "Foster",
    "Gill",
    "Hart",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lloyd",
    "Mistry",
    "Nowak",
    "Okafor",
    "Price",
    "Rahman",
    "Shaw",
    "Turner",
    "Walsh",
]
GROUPS = [
    "Netherton Tenants' Association",
    "Lye Community Project",
    "Age UK Dudley",
    "Sedgley Carers Group",
    "Brierley Hill Youth Forum",
    "Kingswinford Men's Shed",
]
PARTNERS = ["council", "public_health", "ccg", "healthwatch", "cvs", "police", "acute_trust"]
ROLES = ["officer"] * 9 + ["volunteer"] * 6 + ["elected_member"] * 2 + ["resident"] * 2 + ["other"]
NETWORK_TOPICS = [
    ("Localism and what it means for us", "The Localism Act and community rights\nNeighbourhood planning"),
    ("Testing ideas for new training", "Social media in engagement: what should a course cover?\nOnline modules"),
    (
        "Engagement and the health and wellbeing board",
        "The board's engagement principles\nFeeding back: you said, we did",
    ),
    ("Co-production: sharing what we tried", "Stories from partners\nWhat got in the way"),
    ("Reaching seldom-heard groups", "What the fatigue figures show\nWorking with community groups"),
]
COMMENTS = [
    "Practical and friendly. I will use the planning sheet next week.",
    "Good mix of people from different organisations.",
    "More time on examples would help.",
    "Clear and well paced; the handouts were useful.",
    "I feel much more confident about running my first focus group.",
]


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def load(builder) -> None:
    courses = [
        builder._get_or_create(
            "courses",
            Course.objects,
            title=title,
            defaults={"length": length, "format": fmt, "summary": summary, "outcomes": outcomes, "audience": FOR_ALL},
        )
        for title, length, fmt, summary, outcomes in COURSES
    ]
    if CourseSession.objects.exists():
        return
    chance = random.Random(2014)
    organisations = getattr(builder, "organisations", {})
    sessions = _training_sessions(builder.today, courses, chance) + _network_events(builder.today, chance)
    now = timezone.now()
    for session in sessions:
        session.save()
        _bookings(session, now, organisations, chance)
    builder.result.created["course sessions"] += len(sessions)


def _training_sessions(today, courses, chance) -> list[CourseSession]:
    """A session every three weeks, from two years ago to four months ahead, going round the taught courses."""
    taught = [course for course in courses if course.format != Course.Format.ONLINE_MODULE]
    sessions = []
    for n, offset in enumerate(range(-720, 121, 21)):
        course = taught[n % len(taught)]
        day = today + timedelta(days=offset)
        day += timedelta(days=(1 - day.weekday()) % 7)  # a Tuesday
        hours = {"One day": 6, "Two hours": 2}.get(course.length, 3)
        online = course.format == Course.Format.ONLINE
        sessions.append(
            CourseSession(
                kind=CourseSession.Kind.TRAINING,
                course=course,
                starts_at=_at(day, 9 if hours == 6 else 10),
                ends_at=_at(day, 9 if hours == 6 else 10) + timedelta(hours=hours),
                venue="" if online else chance.choice(VENUES),
                online_link="https://meet.example.org/engaging-together" if online else "",
                trainers=chance.choice(TRAINERS),
                capacity=chance.choice([12, 15, 16, 20]),
                is_public=n % 9 != 4,  # now and then a session kept for partners' staff
            )
        )
    return sessions


def _network_events(today, chance) -> list[CourseSession]:
    """Community Engagement Network events three times a year: March, July and November."""
    events = []
    for year in (today.year - 1, today.year, today.year + 1):
        for n, month in enumerate((3, 7, 11)):
            day = datetime(year, month, 12).date()
            if not -700 <= (day - today).days <= 200:
                continue
            title, topics = NETWORK_TOPICS[(year * 3 + n) % len(NETWORK_TOPICS)]
            events.append(
                CourseSession(
                    kind=CourseSession.Kind.NETWORK_EVENT,
                    title=f"Community Engagement Network: {title}",
                    topics=topics,
                    starts_at=_at(day, 13),
                    ends_at=_at(day, 16),
                    venue=chance.choice(VENUES),
                    trainers="The engaging together group",
                    capacity=40,
                )
            )
    return events


def _person(chance, organisations) -> dict:
    first, last = chance.choice(FIRST), chance.choice(LAST)
    role = chance.choice(ROLES)
    partner = organisations.get(chance.choice(PARTNERS)) if role in ("officer", "elected_member") else None
    if role == "elected_member":
        partner = organisations.get("council")
    return {
        "name": f"{first} {last}",
        "email": f"{first}.{last}@example.org".lower(),
        "role": role,
        "organisation": partner,
        "organisation_name": "" if partner else (chance.choice(GROUPS) if role != "resident" else ""),
    }


def _bookings(session: CourseSession, now, organisations, chance) -> None:
    """People for a session: past ones attended (a few did not come); coming ones part full, the next full with
    a waiting list."""
    past = session.starts_at <= now
    soon = not past and session.starts_at - now < timedelta(days=30)
    count = chance.randint(session.capacity - 4, session.capacity) if past else chance.randint(2, session.capacity - 2)
    if soon:
        count = session.capacity + 3
    bookings, seen = [], set()
    while len(bookings) < count:
        person = _person(chance, organisations)
        if person["email"] in seen:
            continue
        seen.add(person["email"])
        waiting = len(bookings) >= session.capacity
        if past:
            status = Booking.Status.ATTENDED if chance.random() < 0.87 else Booking.Status.NO_SHOW
        else:
            status = Booking.Status.WAITING if waiting else Booking.Status.BOOKED
        bookings.append(
            Booking(
                session=session,
                status=status,
                waiting_order=len(bookings) - session.capacity + 1 if status == Booking.Status.WAITING else None,
                access_needs="Step-free access, please" if chance.random() < 0.06 else "",
                **person,
            )
        )
    Booking.objects.bulk_create(bookings)
    BookingChange.objects.bulk_create(
        BookingChange(
            booking=booking,
            kind=BookingChange.Kind.WAITING if booking.status == Booking.Status.WAITING else BookingChange.Kind.BOOKED,
            at=session.starts_at - timedelta(days=chance.randint(7, 40)),
        )
        for booking in bookings
    )
    SessionFeedback.objects.bulk_create(
        SessionFeedback(
            booking=booking,
            useful=chance.choice([3, 4, 4, 5, 5]),
            confident=chance.choice([3, 4, 4, 5]),
            comment=chance.choice(COMMENTS) if chance.random() < 0.3 else "",
        )
        for booking in bookings
        if booking.status == Booking.Status.ATTENDED and chance.random() < 0.4
    )
