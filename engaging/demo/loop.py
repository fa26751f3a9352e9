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
]

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


def findings_for(builder, key) -> list[Finding]:
    """The activity's findings from the insight demo, or a few of its own when there are none."""
    activity = builder.activities.get(key)
    if activity is None:
        return []
    existing = list(Finding.objects.filter(activity=activity, is_public=True).order_by("pk")[:2])
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
        findings = findings_for(builder, key)
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
