"""The demo board: a year of meetings every other month, their agenda items, and most items screened.

Screenings use the default rules (installed here too, in case the database was emptied after
migrating), with answers that vary as real issues do. Some actions are done, some are overdue. Items
are linked to the register's demo activities by title. Everything is found by its natural key first
(the board by name, a meeting by the titles of its items), so a second run creates nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from engaging.board.defaults import (
    CARE_ACT,
    CHILDREN,
    EQUALITY,
    HEALTH_SCRUTINY,
    JSNA,
    PHARMACY,
    install_defaults,
)
from engaging.board.models import AgendaItem, Board, LegalDuty, Meeting, MethodFit, Screening, ScreeningRule
from engaging.board.services import record_gunning, screen_agenda_item
from engaging.demo.data import BOARD_PARTNERS
from engaging.insight.relevance import relevant_findings

BOARD_NAME = "Dudley Health and Wellbeing Board"
ICB = "Integrated care boards' duty to involve the public"
NHS_ENGLAND = "NHS England's duty to involve the public"
TRUSTS = "NHS trusts' and foundation trusts' duty to involve service users"
BEST_VALUE = "The best value duty to consult"

VENUES = ["Council House, Dudley", "Brierley Hill Civic Hall", "Halesowen Town Hall", "Stourbridge Town Hall"]
MEETING_DAYS = [-350, -290, -230, -170, -110, -50, 10, 70]  # days from today, about every other month

# Each meeting's items: lead, title, decision sought, outcome (for past meetings), linked activities
# ((lead, title) in the register's demo), and the screening (None when the item is not screened yet).
MEETINGS = [
    [
        (
            "ccg",
            "Urgent care review: options for the walk-in centre",
            "Agree the three options for urgent care that will go to public consultation.",
            "The board agreed the options, and asked for lunchtime and evening sessions so working people can come.",
            [
                ("ccg", "Urgent care consultation: lunchtime and evening sessions"),
                ("healthwatch", "Walk-in centre questionnaire: why people came and what they needed"),
            ],
            dict(
                changes="yes", duties=[ICB, HEALTH_SCRUTINY, EQUALITY], groups=["gp_patients", "parents", "homeless"],
                influence="some", time="4_to_12", interest="high", capability="medium", insight=True,
                by="board-member", gunning=4,
            ),
        ),
        (
            "public_health",
            "Joint strategic needs assessment: plan for the refresh",
            "Approve the plan and timetable for refreshing the JSNA.",
            "Approved, with community conversations in every locality.",
            [("public_health", "JSNA community conversations: what keeps people well where you live")],
            dict(
                changes="no", duties=[JSNA], groups=["grt", "refugees", "homeless", "pc_race"], influence="much",
                time="over_12", interest="medium", capability="medium", insight=True, by="coordinator",
            ),
        ),
        (
            "healthwatch",
            "Healthwatch Dudley annual report",
            "Note what Healthwatch heard this year and the changes it asks for.",
            "Noted. Partners to reply to each recommendation within three months.",
            [],
            dict(
                changes="no", duties=[], groups=["residents"], influence="none", time="under_4", interest="medium",
                capability="high", by="officer-healthwatch",
            ),
        ),
    ],
    [
        (
            "public_health",
            "Stop smoking service: the new model",
            "Agree to consult on a new stop smoking service run through pharmacies and GP practices.",
            "Agreed. The consultation to include people who still smoke, not only those who have quit.",
            [("public_health", "Stop smoking service: online consultation on the new model")],
            dict(
                changes="yes", duties=[BEST_VALUE, EQUALITY], groups=["adults", "pc_pregnancy", "mh_users"],
                influence="some", time="4_to_12", interest="low", capability="medium", by="coordinator", gunning=3,
            ),
        ),
        (
            "public_health",
            "Pharmaceutical needs assessment: draft for consultation",
            "Approve the draft pharmaceutical needs assessment for 60 days' consultation.",
            "Approved for consultation.",
            [("public_health", "Pharmaceutical needs assessment: public survey")],
            dict(
                changes="no", duties=[PHARMACY], groups=["older", "pc_disability", "residents"], influence="some",
                time="over_12", interest="medium", capability="high", insight=True, by="board-member", gunning=4,
            ),
        ),
        (
            "council",
            "Libraries as health and wellbeing hubs",
            "Agree to consult on offering health checks and advice in six libraries.",
            "Agreed.",
            [("council", "Library services review")],
            dict(
                changes="yes", duties=[BEST_VALUE, EQUALITY], groups=["older", "children", "pc_disability"],
                influence="some", time="4_to_12", interest="medium", capability="medium", by="officer-council",
                gunning=2,
            ),
        ),
        (
            "council",
            "Better Care Fund plan",
            "Approve this year's Better Care Fund plan before it goes to NHS England.",
            "Approved, with a request to involve carers in next year's plan from the start.",
            [],
            dict(
                changes="unsure", duties=[CARE_ACT], groups=["older", "carers", "asc_users"], influence="some",
                time="under_4", interest="medium", capability="low", by="coordinator",
            ),
        ),
    ],
    [
        (
            "ccg",
            "Mental health strategy: first draft",
            "Agree how the mental health strategy will be written with people who use services and their carers.",
            "Agreed: a co-production group of twelve people, paid for their time.",
            [
                ("development_group", "Health and wellbeing board spotlight: mental health and wellbeing"),
                ("mental_health_trust", "Recovery college: designing next term's courses"),
                ("ccg", "Mental health crisis care: designing the crisis pathway together"),
            ],
            dict(
                changes="yes", duties=[ICB, EQUALITY, CARE_ACT], groups=["mh_users", "carers", "young", "homeless"],
                influence="full", time="over_12", interest="high", capability="medium", insight=True,
                by="board-member",
            ),
        ),
        (
            "ccg",
            "Diabetes pathway redesign",
            "Agree the approach to redesigning diabetes care with patients.",
            "Agreed.",
            [("ccg", "Diabetes care: designing the pathway with patients")],
            dict(
                changes="yes", duties=[ICB], groups=["adults", "older", "pc_race"], influence="much",
                time="over_12", interest="medium", capability="medium", by="officer-ccg",
            ),
        ),
        (
            "police",
            "Feeling the Difference: what residents told the police",
            "Note the survey results for Dudley and the neighbourhood priorities that follow.",
            "Noted.",
            [("police", "Feeling the Difference survey: this year's Dudley interviews")],
            None,
        ),
    ],
    [
        (
            "council",
            "Children's services inspection: the improvement plan",
            "Agree the improvement plan following the inspection of children's services.",
            "Agreed, with the children in care council to check progress every six months.",
            [("council", "Children in care council: rewriting our promise to children in care")],
            dict(
                changes="yes", duties=[CHILDREN, EQUALITY], groups=["care_leavers", "children", "young"],
                influence="much", time="4_to_12", interest="medium", capability="low", by="board-member",
            ),
        ),
        (
            "council",
            "Adult social care Local Account",
            "Approve the Local Account for publication.",
            "Approved.",
            [("council", "Adult social care Local Account: you said, we did")],
            dict(
                changes="no", duties=[CARE_ACT], groups=["asc_users", "carers", "ld"], influence="some",
                time="4_to_12", interest="medium", capability="high", insight=True, by="officer-council", gunning=4,
            ),
        ),
        (
            "healthwatch",
            "Leaving hospital: what patients and carers told Healthwatch",
            "Respond to Healthwatch's report on hospital discharge.",
            "The trust and the council will reply to each recommendation by the next meeting.",
            [("healthwatch", "Leaving hospital: patients' and carers' experiences of discharge")],
            dict(
                changes="unsure", duties=[], groups=["older", "carers", "pc_disability"], influence="much",
                time="4_to_12", interest="high", capability="medium", insight=True, by="officer-healthwatch",
            ),
        ),
        (
            "nhs_england",
            "NHS dental services in the Black Country",
            "Note the plan to improve access to NHS dentists, and how patients will be asked.",
            "Noted.",
            [("nhs_england", "NHS dental services: patient survey in the Black Country")],
            dict(
                changes="no", duties=[NHS_ENGLAND], groups=["children", "parents", "older"], influence="some",
                time="4_to_12", interest="high", capability="medium", by="coordinator", gunning=1,
            ),
        ),
    ],
    [
        (
            "council",
            "Older people's day opportunities: proposed changes",
            "Agree to consult on changes to day opportunities for older people.",
            "Agreed, with Easy Read materials and visits to every day centre.",
            [("council", "Older people's day opportunities: consultation on changes")],
            dict(
                changes="yes", duties=[BEST_VALUE, EQUALITY, CARE_ACT],
                groups=["older", "ld", "carers", "pc_disability", "asc_users"], influence="some", time="4_to_12",
                interest="high", capability="medium", insight=True, by="board-member", gunning=3,
            ),
        ),
        (
            "council",
            "Carers' strategy refresh",
            "Agree that the carers' strategy will be written with carers.",
            "Agreed.",
            [
                ("council", "Carers' strategy refresh: what would help you keep caring?"),
                ("carers_centre", "Carers' café conversations"),
            ],
            dict(
                changes="no", duties=[CARE_ACT], groups=["carers", "young_carers", "parent_carers"],
                influence="full", time="over_12", interest="high", capability="high", insight=True,
                by="officer-council",
            ),
        ),
        (
            "public_health",
            "Gypsy, Roma and Traveller health",
            "Agree actions to improve uptake of screening and immunisation among Traveller families.",
            "Agreed.",
            [
                ("nhs_england", "Screening and immunisation: talking with Gypsy, Roma and Traveller families"),
                ("council", "Traveller site improvements: residents' views"),
            ],
            dict(
                changes="unsure", duties=[EQUALITY], groups=["grt", "children"], influence="much",
                time="over_12", interest="low", capability="low", by="coordinator",
            ),
        ),
    ],
    [
        (
            "ccg",
            "Young people's emotional wellbeing services",
            "Agree to ask young people and parents about the new emotional wellbeing service.",
            "Agreed, with the youth forum's peer researchers leading part of the work.",
            [
                ("ccg", "Young people's emotional wellbeing services: have your say"),
                ("youth_forum", "Young people's mental health: peer research by the youth forum"),
            ],
            dict(
                changes="yes", duties=[ICB, CHILDREN], groups=["young", "parents", "mh_users"], influence="much",
                time="4_to_12", interest="high", capability="medium", insight=True, by="board-member",
            ),
        ),
        (
            "acute_trust",
            "Maternity services: listening to new parents",
            "Note the trust's plan to hear from new parents about maternity care.",
            "Noted.",
            [("acute_trust", "Maternity services: listening events for new parents")],
            dict(
                changes="unsure", duties=[TRUSTS], groups=["pc_pregnancy", "parents", "pc_race"], influence="much",
                time="4_to_12", interest="medium", capability="medium", by="coordinator",
            ),
        ),
        (
            "public_health",
            "JSNA refresh: community assets",
            "Agree that local groups map the community assets for the JSNA themselves.",
            "Agreed.",
            [("public_health", "JSNA refresh: mapping community assets with local groups")],
            dict(
                changes="no", duties=[JSNA], groups=["refugees", "pc_race", "residents"], influence="full",
                time="over_12", interest="medium", capability="medium", insight=True, by="coordinator",
            ),
        ),
        (
            "public_health",
            "Director of public health's annual report",
            "Note the annual report on health inequalities in the borough.",
            "Noted.",
            [],
            None,
        ),
    ],
    [
        (
            "ccg",
            "Urgent and emergency care: the winter plan",
            "Agree the winter plan, including moving the minor injuries service for three months.",
            "",
            [("development_group", "Health and wellbeing board spotlight: urgent and emergency care")],
            dict(
                changes="yes", duties=[ICB, HEALTH_SCRUTINY], groups=["older", "gp_patients", "homeless"],
                influence="none", time="under_4", interest="medium", capability="medium", by="board-member",
            ),
        ),
        (
            "council",
            "Special educational needs: reviewing the local offer",
            "Agree how families will be involved in reviewing the local offer.",
            "",
            [("council", "Special educational needs and disabilities: parent carer forum")],
            None,
        ),
        (
            "police",
            "Neighbourhood policing priorities",
            "Note the priorities residents chose for the coming year.",
            "",
            [("police", "Neighbourhood priorities meeting: Castle and Priory")],
            None,
        ),
    ],
    [
        (
            "public_health",
            "Joint health and wellbeing strategy: refresh",
            "Agree how the strategy will be refreshed, and who will write it.",
            "",
            [],
            None,
        ),
        (
            "public_health",
            "Pharmacy opening hours: supplementary statement",
            "Note changes to pharmacy opening hours since the assessment.",
            "",
            [],
            None,
        ),
        (
            "development_group",
            "Spotlight: reducing health inequalities",
            "Agree the questions for the spotlight event on health inequalities.",
            "",
            [("development_group", "Health and wellbeing board spotlight: reducing health inequalities")],
            None,
        ),
    ],
]  # fmt: skip

SCREENED_DAYS_BEFORE = 28  # items are screened about four weeks before their meeting

# Which methods suit which groups, as the partnership knows them: method, groups, suits, why.
ENTER_AND_VIEW_ADULTS = "Enter and view covers adults' health and care services, not children's."
METHOD_FITS = [
    ("enter_and_view", ["children", "young", "young_carers", "care_leavers"], False, ENTER_AND_VIEW_ADULTS),
    ("enter_and_view", ["older", "asc_users"], True, "Volunteers hear from people in the care services they use."),
    ("youth_parliament", ["young", "children", "young_carers"], True,
     "Young people elected by their peers speak for them."),
    ("youth_parliament", ["older", "adults", "asc_users"], False,
     "Its members are young people, who speak for their peers."),
    ("easy_read", ["ld", "children", "pc_disability"], True,
     "Short sentences and pictures make it easier to take part."),
    ("peer_research", ["young", "grt", "refugees", "mh_users"], True,
     "People trust questions asked by someone like them."),
    ("outreach", ["homeless", "grt", "refugees"], True,
     "Going to where people already are reaches those who do not come to meetings."),
    ("online", ["homeless"], False, "Many people who are homeless cannot easily get online."),
    ("public_meeting", ["children", "ld"], False, "A large formal meeting is hard to follow and to speak up in."),
    ("co_design", ["mh_users", "asc_users", "carers", "parent_carers", "ld"], True,
     "People who use a service know what would make it work."),
    ("focus_group", ["parents", "parent_carers", "carers"], True,
     "A small group at a time that suits them lets people talk about shared experience."),
    ("interviews", ["carers", "parent_carers", "older"], True,
     "One-to-one conversations can fit around caring and other commitments."),
    ("ppg", ["gp_patients"], True, "Patients already working with their own practice."),
    ("training", ["children", "young", "parents", "carers", "older", "residents"], False,
     "Training is for officers and volunteers, not a way to hear from residents."),
]  # fmt: skip


def load(builder) -> None:
    duties_added, rules_added = install_defaults(LegalDuty, ScreeningRule)
    if duties_added:
        builder.result.created["legal duties"] += duties_added
    if rules_added:
        builder.result.created["screening rules"] += rules_added
    _method_fits(builder)
    board = builder._get_or_create(
        "boards",
        Board.everything,
        name=BOARD_NAME,
        defaults={
            "area": builder.areas["borough"],
            "description": "The partnership's board: the council, public health, the NHS, Healthwatch, the "
            "voluntary sector and the police, working together on the borough's health and wellbeing.",
        },
    )
    board.members.add(*(builder.organisations[key] for key in BOARD_PARTNERS))
    for position, (offset, items) in enumerate(zip(MEETING_DAYS, MEETINGS, strict=True)):
        meeting = _meeting(builder, board, position, offset, items)
        for order, spec in enumerate(items, start=1):
            _item(builder, meeting, order, spec, offset)


def _method_fits(builder) -> None:
    for method_key, group_keys, suits, reason in METHOD_FITS:
        for group_key in group_keys:
            builder._get_or_create(
                "method fits",
                MethodFit.objects,
                method=builder.methods[method_key],
                group=builder.groups[group_key],
                defaults={"suits": suits, "reason": reason},
            )


def _meeting(builder, board, position: int, offset: int, items) -> Meeting:
    """The meeting that holds these items, found by their titles; created when none of them exists."""
    titles = [spec[1] for spec in items]
    existing = AgendaItem.everything.filter(meeting__board=board, title__in=titles).select_related("meeting").first()
    if existing is not None:
        return existing.meeting
    day = builder.today + timedelta(days=offset)
    meeting = Meeting.objects.create(
        board=board,
        starts_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
        venue=VENUES[position % len(VENUES)],
        is_public=position != 3,  # one private development session
        papers_url=f"https://example.org/board/papers/{day:%Y-%m-%d}" if offset < 0 else "",
        notes="" if position != 3 else "A private development session, so the papers are for members only.",
    )
    builder.result.created["meetings"] += 1
    return meeting


def _item(builder, meeting: Meeting, order: int, spec, offset: int) -> None:
    lead, title, decision, outcome, links, screening = spec
    item = builder._get_or_create(
        "agenda items",
        AgendaItem.everything,
        meeting=meeting,
        title=title,
        defaults={
            "lead_organisation": builder.organisations[lead],
            "decision_sought": decision,
            "outcome": outcome if offset < 0 else "",
            "decision_date": (builder.today + timedelta(days=offset)) if offset < 0 else None,
            "order": order,
        },
    )
    item.activities.add(*(builder.activities[key] for key in links if key in builder.activities))
    if screening is not None and not Screening.objects.filter(agenda_item=item).exists():
        _screen(builder, item, screening, offset)


def _screen(builder, item: AgendaItem, spec: dict, offset: int) -> None:
    screened_on = builder.today + timedelta(days=offset - SCREENED_DAYS_BEFORE)
    groups = [builder.groups[key] for key in spec["groups"]]
    findings = []
    if spec.get("insight"):
        candidates = relevant_findings(
            text=f"{item.title} {item.decision_sought}", group_ids=[g.pk for g in groups], limit=6
        )
        findings = [f for f in candidates if not f.is_stale(builder.today)][:2]
    answers = {
        "changes_services": spec["changes"],
        "legal_duties": list(LegalDuty.objects.filter(name__in=spec["duties"])),
        "affected_groups": groups,
        "who_is_affected": "",
        "insight_reused": findings,
        "influence": spec["influence"],
        "time_available": spec["time"],
        "community_interest": spec["interest"],
        "partner_capability": spec["capability"],
    }
    screening = screen_agenda_item(agenda_item=item, answers=answers, user=builder.users[spec["by"]], today=screened_on)
    Screening.objects.filter(pk=screening.pk).update(
        screened_at=timezone.make_aware(datetime.combine(screened_on, time(10, 30)))
    )
    builder.result.created["screenings"] += 1
    ticked = spec.get("gunning", 0)
    if screening.consultation_recommended and ticked:
        record_gunning(screening=screening, values={name: True for name in Screening.GUNNING[:ticked]})
    # Older meetings' actions are done, except the last of every other item, so a few are overdue.
    actions = list(screening.actions.order_by("due_on", "pk"))
    if offset < -100:
        for action in actions if item.order % 2 == 0 else actions[:-1]:
            action.done_on = min(action.due_on, builder.today)
            action.save(update_fields=["done_on", "updated_at"])
    elif offset < 0 and actions:
        first = actions[0]
        first.done_on = min(first.due_on, builder.today)
        first.save(update_fields=["done_on", "updated_at"])
