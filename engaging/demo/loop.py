"""Demo "You said, we did": responses at every status, and loop closures told in time, late or not at all.

Findings come from the insight library's demo when it has run; an activity without any gets a few of
its own here, so this part works alone. Everything is found by its natural key first (a finding by
its activity and statement, a response by its organisation and action, a loop closure by its
activity and summary), so a second run creates nothing.

The register's demo stamps every finished activity as closed on the day the demo is loaded. So that
the feedback loop has a history to show, each finished demo activity is given a closing day a few
days after it ended instead.
"""

from datetime import timedelta

from engaging.insight.models import Finding
from engaging.loop import services
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import FINISHED, Activity

WALK_IN = ("healthwatch", "Walk-in centre questionnaire: why people came and what they needed")
URGENT_CARE = ("ccg", "Urgent care consultation: lunchtime and evening sessions")
DEAF_ACCESS = ("healthwatch", "Deaf people's access to health services")
LIBRARIES = ("council", "Library services review")
TRAVELLERS = ("council", "Traveller site improvements: residents' views")
DISCHARGE = ("healthwatch", "Leaving hospital: patients' and carers' experiences of discharge")
FEELING = ("police", "Feeling the Difference survey: last year's Dudley results")
STOP_SMOKING = ("public_health", "Stop smoking service: online consultation on the new model")
CARE_HOMES = ("healthwatch", "Enter and view: care homes in Halesowen")
CHILDREN_IN_CARE = ("council", "Children in care council: rewriting our promise to children in care")
YOUTH_PARLIAMENT = ("council", "Dudley Youth Parliament: annual sitting")
PHARMACIES = ("public_health", "Pharmaceutical needs assessment: public survey")
JSNA = ("public_health", "JSNA community conversations: what keeps people well where you live")
OUTPATIENTS = ("acute_trust", "Outpatient appointments: patient experience survey")
DIABETES = ("ccg", "Diabetes care: designing the pathway with patients")
HOMELESS = ("healthwatch", "Homeless people's health: outreach at the night shelter")

# What people said, used only when the insight demo has recorded nothing for the activity.
FINDINGS = {
    WALK_IN: [
        ("Most people came to the walk-in centre because they could not get a GP appointment that week.", 210),
        ("People who work shifts said the centre closing at 8pm was too early for them.", 64),
    ],
    URGENT_CARE: [
        ("Evening sessions drew parents who said they use urgent care after the school run.", 38),
        ("People were unsure which service to use when their GP surgery was closed.", 91),
    ],
    DEAF_ACCESS: [
        ("Deaf patients are often asked to phone the surgery to book an interpreter.", 22),
        ("Several people had been to appointments where no interpreter turned up.", 15),
    ],
    LIBRARIES: [
        ("Older residents use the library for help with online forms as much as for books.", 140),
        ("Parents asked for Saturday opening at the smaller branch libraries.", 76),
    ],
    TRAVELLERS: [
        ("Families said the site's roads flood every winter and the drainage needs fixing.", 18),
    ],
    DISCHARGE: [
        ("Carers said they were told about the discharge on the morning it happened.", 33),
    ],
    FEELING: [
        ("Residents in two wards said they rarely see a neighbourhood officer on foot.", 412),
    ],
    STOP_SMOKING: [
        ("People who had quit said face-to-face support at the pharmacy made the difference.", 57),
        ("Respondents asked for the service to be open in the evenings.", 44),
    ],
    CARE_HOMES: [
        ("Residents' families said they did not know how to raise a concern with the home.", 26),
    ],
    CHILDREN_IN_CARE: [
        ("Children in care want to meet their new social worker before the first review.", 12),
    ],
}

# (activity, responsible organisation, status, action, outcome, reason, extra activities answered)
RESPONSES = [
    (
        WALK_IN,
        "ccg",
        Response.Status.DONE,
        "The walk-in centre now stays open until 10pm on weekdays, and we publicise GP evening appointments.",
        "Evening visits rose by a quarter in the first three months.",
        "",
        [URGENT_CARE],
    ),
    (
        URGENT_CARE,
        "ccg",
        Response.Status.IN_PROGRESS,
        "A single leaflet and web page explaining which urgent care service to use, written with patients.",
        "",
        "",
        [],
    ),
    (
        DEAF_ACCESS,
        "ccg",
        Response.Status.PLANNED,
        "GP practices will let Deaf patients book an interpreter by text message or email.",
        "",
        "",
        [],
    ),
    (
        DEAF_ACCESS,
        "acute_trust",
        Response.Status.NOT_POSSIBLE,
        "A British Sign Language interpreter on site at the hospital at all hours.",
        "",
        "There are not enough qualified interpreters in the area to staff every hour. Instead, video "
        "interpreting is now available on every ward, and interpreters can be booked with a day's notice.",
        [],
    ),
    (
        LIBRARIES,
        "council",
        Response.Status.PLANNED,
        "Digital help sessions will run in every library, twice a week, with volunteer helpers.",
        "",
        "",
        [],
    ),
    (
        TRAVELLERS,
        "council",
        Response.Status.DONE,
        "The site's drainage has been relaid and the roads resurfaced.",
        "No flooding was reported on the site last winter.",
        "",
        [],
    ),
    (
        DISCHARGE,
        "acute_trust",
        Response.Status.CONSIDERING,
        "The hospital is looking at telling carers the expected discharge date two days ahead.",
        "",
        "",
        [],
    ),
    (
        FEELING,
        "police",
        Response.Status.IN_PROGRESS,
        "Neighbourhood teams in the two wards now hold a weekly walk-about and a monthly street surgery.",
        "",
        "",
        [],
    ),
    (
        STOP_SMOKING,
        "public_health",
        Response.Status.NOT_POSSIBLE,
        "Evening opening for the stop smoking service.",
        "",
        "The service's budget does not stretch to evening staff this year. Pharmacies that open late now "
        "offer stop smoking support instead.",
        [],
    ),
    (
        CARE_HOMES,
        "healthwatch",
        Response.Status.DONE,
        "Every home we visited now displays how families can raise a concern, and with whom.",
        "Families told us at our follow-up visits that they had seen the new posters.",
        "",
        [],
    ),
    (
        CHILDREN_IN_CARE,
        "council",
        Response.Status.PLANNED,
        "New social workers will visit each child before their first review.",
        "",
        "",
        [],
    ),
    (
        YOUTH_PARLIAMENT,
        "council",
        Response.Status.DONE,
        "The youth service now runs a free minibus to youth clubs from the three estates furthest from one.",
        "A fifth more young people came to youth clubs over the winter.",
        "",
        [],
    ),
    (
        YOUTH_PARLIAMENT,
        "ccg",
        Response.Status.DONE,
        "GP practices now give 16 and 17 year olds an online booking account of their own.",
        "Twelve practices had set it up by the spring, and the rest are following.",
        "",
        [],
    ),
    (
        URGENT_CARE,
        "ccg",
        Response.Status.DONE,
        "NHS 111 is now the one number to call for urgent care. It can book you into the walk-in centre or an "
        "out-of-hours GP.",
        "Four in five callers were booked somewhere on their first call.",
        "",
        [],
    ),
    (
        LIBRARIES,
        "council",
        Response.Status.DONE,
        "Every library is a warm space in winter, with free hot drinks on weekday afternoons.",
        "There were about 300 visits a week to the warm spaces last winter.",
        "",
        [],
    ),
    (
        FEELING,
        "police",
        Response.Status.DONE,
        "Police officers and council wardens now walk the main shopping parades on weekday evenings.",
        "Reports of antisocial behaviour near the parades fell by a third.",
        "",
        [],
    ),
    (
        PHARMACIES,
        "public_health",
        Response.Status.DONE,
        "Two pharmacies on the outer estates now open until 9pm on weekdays.",
        "",
        "",
        [],
    ),
    (
        JSNA,
        "public_health",
        Response.Status.DONE,
        "Health leaflets are now written in the five languages most spoken in the borough, and shared through "
        "community groups.",
        "",
        "",
        [],
    ),
    (
        OUTPATIENTS,
        "acute_trust",
        Response.Status.DONE,
        "Appointments are now sent by text message as well as by post, at least two weeks ahead.",
        "Missed appointments fell from one in eleven to one in fifteen.",
        "",
        [],
    ),
    (
        DIABETES,
        "ccg",
        Response.Status.IN_PROGRESS,
        "Everyone on the new diabetes pathway will have a named nurse to call between appointments.",
        "",
        "",
        [],
    ),
    (
        HOMELESS,
        "ccg",
        Response.Status.DONE,
        "Every GP practice has been reminded that nobody needs a fixed address to register.",
        "",
        "",
        [],
    ),
]

# Words from the findings each response answers, where its activity heard more than one thing.
ANSWERS = {
    "The youth service now runs a free minibus": "bus fares",
    "GP practices now give 16 and 17 year olds": "booking a GP appointment",
    "NHS 111 is now the one number": "one phone number",
    "Every library is a warm space": "warm place",
    "Police officers and council wardens": "antisocial behaviour",
    "Neighbourhood teams in the two wards": "neighbourhood officer",
    "Health leaflets are now written": "languages",
    "Every GP practice has been reminded": "no address",
    "A single leaflet and web page": "unsure which service",
    "Digital help sessions": "online forms",
}

# (activity, days after closing people were told, channel, people reached, summary). Telling people
# within 84 days (12 weeks) is in time; any later is late. Activities left out are overdue, or not
# yet due when they closed recently.
CLOSURES = [
    (WALK_IN, 40, LoopClosure.Channel.NEWSLETTER, 1800, "Our newsletter explained the longer opening hours."),
    (WALK_IN, 60, LoopClosure.Channel.SOCIAL_MEDIA, 950, "We posted the new opening hours and thanked everyone."),
    (URGENT_CARE, 120, LoopClosure.Channel.EMAIL, 140, "We emailed everyone who came to say what was changing."),
    (DEAF_ACCESS, 50, LoopClosure.Channel.MEETING, 35, "We went back to the Deaf club to report what changed."),
    (TRAVELLERS, 20, LoopClosure.Channel.MEETING, 22, "We visited the site with the plans for the drainage."),
    (STOP_SMOKING, 100, LoopClosure.Channel.WEBSITE, None, "The consultation page now says what we decided."),
    (CARE_HOMES, 30, LoopClosure.Channel.LETTER, 60, "We wrote to the families who spoke to us."),
    (YOUTH_PARLIAMENT, 45, LoopClosure.Channel.MEETING, 60, "We went back to the youth parliament with what changed."),
    (URGENT_CARE, 70, LoopClosure.Channel.NEWSLETTER, 2400, "Our newsletter explained when to call NHS 111."),
    (LIBRARIES, 35, LoopClosure.Channel.WEBSITE, None, "The library pages say what the review changed."),
    (FEELING, 40, LoopClosure.Channel.SOCIAL_MEDIA, 1300, "Neighbourhood teams posted what they had changed."),
    (PHARMACIES, 50, LoopClosure.Channel.LETTER, 210, "We wrote to everyone who left an address."),
    (JSNA, 60, LoopClosure.Channel.MEETING, 85, "We went back to each community conversation."),
    (OUTPATIENTS, 30, LoopClosure.Channel.TEXT_MESSAGE, 640, "We texted everyone who took part."),
]


def give_closing_days(builder) -> None:
    """Finished demo activities close a few days after they end, not on the day the demo was loaded."""
    for activity in builder.activities.values():
        if activity.status not in FINISHED:
            continue
        closed = min(activity.end_date + timedelta(days=3), builder.today)
        if activity.closed_on != closed:
            Activity.everything.filter(pk=activity.pk).update(closed_on=closed)
            activity.closed_on = closed


def findings_for(builder, key, about: str = "") -> list[Finding]:
    """The activity's findings from the insight demo (those `about` a subject, if given), or a few of its own."""
    activity = builder.activities.get(key)
    if activity is None:
        return []
    existing = Finding.objects.filter(activity=activity, is_public=True, statement__icontains=about).order_by("pk")
    existing = list(existing[:2])
    if existing:
        return existing
    made = []
    for statement, people in FINDINGS.get(key, []):
        made.append(
            builder._get_or_create(
                "findings",
                Finding.everything,
                activity=activity,
                statement=statement,
                defaults={
                    "heard_on": activity.end_date,
                    "people_count": people,
                    "is_public": activity.is_public,
                    "created_by": builder.creator_for(key[0]),
                },
            )
        )
    return made


def build_responses(builder) -> None:
    for key, org_key, status, action, outcome, reason, also in RESPONSES:
        activity = builder.activities.get(key)
        organisation = builder.organisations.get(org_key)
        if activity is None or organisation is None:
            continue
        about = next((words for start, words in ANSWERS.items() if action.startswith(start)), "")
        findings = findings_for(builder, key, about) or findings_for(builder, key)
        for other in also:
            findings += findings_for(builder, other)
        if not findings or Response.everything.filter(organisation=organisation, action=action).exists():
            continue
        closed = activity.closed_on or activity.end_date
        decided = min(closed + timedelta(days=21), builder.today)
        ongoing = status in (Response.Status.PLANNED, Response.Status.IN_PROGRESS)
        done = status == Response.Status.DONE
        response = Response(
            action=action,
            organisation=organisation,
            status=status,
            reason=reason,
            outcome=outcome,
            decision_reference=f"{organisation.short_name or organisation.name} decision, {decided:%B %Y}",
            decided_on=decided,
            due_on=decided + timedelta(days=120) if ongoing else None,
            completed_on=min(decided + timedelta(days=60), builder.today) if done else None,
        )
        creator = builder.creator_for(org_key)
        response._history_user = creator
        services.save_response(response=response, findings=findings, user=creator)
        builder.result.created["responses"] += 1


def build_closures(builder) -> None:
    for key, days, channel, reached, summary in CLOSURES:
        activity = builder.activities.get(key)
        if activity is None:
            continue
        told = (activity.closed_on or activity.end_date) + timedelta(days=days)
        if told > builder.today or LoopClosure.objects.filter(activity=activity, summary=summary).exists():
            continue
        closure = LoopClosure(activity=activity, channel=channel, told_on=told, people_reached=reached, summary=summary)
        creator = builder.creator_for(key[0])
        closure._history_user = creator
        services.record_loop_closure(closure=closure, user=creator)
        builder.result.created["loop closures"] += 1


def load(builder) -> None:
    give_closing_days(builder)
    build_responses(builder)
    build_closures(builder)
