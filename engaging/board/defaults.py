"""The legal duties and the screening rules a new hub starts with.

Both are data: coordinators change the rules on /board/rules/, and the duties in the admin.
`install_defaults` adds whatever is missing, by name (duties) or by question, answer and reason
(rules), so it is safe to run again; the data migration and the demo both use it.

The duties are summarised in plain words for board members; they are a guide to which duties may
apply, not legal advice. Each names the bodies it applies to.
"""

from engaging.register.models import EngagementLevel as Level
from engaging.register.models import EngagementType as Type

NHS, LOCAL_AUTHORITY, BOTH, ALL_PUBLIC = "nhs", "local_authority", "both", "all_public"

# name, legislation, applies to, summary, where to read it
LEGAL_DUTIES = [
    (
        "Integrated care boards' duty to involve the public",
        "National Health Service Act 2006, section 14Z45",
        NHS,
        "An integrated care board must make arrangements so that the people it commissions services for, and "
        "their carers and representatives, are involved (by being consulted, given information or in other "
        "ways) in planning its commissioning, in developing and considering proposals for changes that would "
        "affect how services are delivered to them or which services are available, and in decisions that "
        "would have that effect. Clinical commissioning groups had the same duty under the former section 14Z2. "
        "The statutory guidance “Working in partnership with people and communities” says how to meet it.",
        "https://www.legislation.gov.uk/ukpga/2006/41/section/14Z45",
    ),
    (
        "NHS England's duty to involve the public",
        "National Health Service Act 2006, section 13Q",
        NHS,
        "NHS England has the same kind of duty for the services it commissions itself (for example specialised "
        "services, and primary care it has not delegated): people who use them must be involved in planning, in "
        "proposals for changes that would affect how or which services are provided, and in decisions with that "
        "effect.",
        "https://www.legislation.gov.uk/ukpga/2006/41/section/13Q",
    ),
    (
        "NHS trusts' and foundation trusts' duty to involve service users",
        "National Health Service Act 2006, section 242(1B)",
        NHS,
        "NHS trusts and NHS foundation trusts must make arrangements so that the people who use their services "
        "are involved, directly or through representatives, in planning services, in developing and considering "
        "proposals to change how services are provided, and in decisions about how services operate, where the "
        "change would affect how services are delivered or which are available.",
        "https://www.legislation.gov.uk/ukpga/2006/41/section/242",
    ),
    (
        "Consulting health scrutiny on substantial changes",
        "Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) Regulations 2013, "
        "regulation 23 (made under the National Health Service Act 2006, section 244)",
        NHS,
        "When an NHS commissioner or provider of NHS services is considering a substantial development of, or "
        "variation in, health services in a council's area, it must consult the council's health scrutiny "
        "function, give it the information it needs, publish the timetable and say when it intends to decide. "
        "This is consultation with the council's scrutiny committee, not with the public, and there is an "
        "exception when a decision must be taken quickly because of a risk to safety or welfare.",
        "https://www.legislation.gov.uk/uksi/2013/218/regulation/23",
    ),
    (
        "Health and wellbeing boards: involving people in the JSNA and the strategy",
        "Local Government and Public Involvement in Health Act 2007, sections 116 and 116A",
        BOTH,
        "The council and its partner integrated care boards prepare the joint strategic needs assessment and "
        "the joint local health and wellbeing strategy through the health and wellbeing board. While preparing "
        "them they must involve the local Healthwatch organisation and the people who live or work in the area.",
        "https://www.legislation.gov.uk/ukpga/2007/28/section/116",
    ),
    (
        "Councils' arrangements for local Healthwatch",
        "Local Government and Public Involvement in Health Act 2007, section 221",
        LOCAL_AUTHORITY,
        "Each council with social care responsibilities must arrange for a local Healthwatch to promote and "
        "support the involvement of local people in commissioning, providing and scrutinising local care "
        "services, to gather people's views and experiences and make them known, and to make reports and "
        "recommendations. It means Healthwatch should be asked early, and its reports considered.",
        "https://www.legislation.gov.uk/ukpga/2007/28/section/221",
    ),
    (
        "The best value duty to consult",
        "Local Government Act 1999, section 3(2)",
        LOCAL_AUTHORITY,
        "When deciding how to meet its duty to keep improving how it works (economy, efficiency and "
        "effectiveness), a council and other best value authorities must consult representatives of council "
        "tax payers, business ratepayers, people who use or are likely to use its services, and people with an "
        "interest in its area. The statutory guidance expects councils to consult before reducing or ending "
        "funding to voluntary and community organisations.",
        "https://www.legislation.gov.uk/ukpga/1999/27/section/3",
    ),
    (
        "The public sector equality duty",
        "Equality Act 2010, section 149",
        ALL_PUBLIC,
        "Every public body, and anyone carrying out public functions, must have due regard to the need to end "
        "unlawful discrimination, harassment and victimisation, to advance equality of opportunity and to foster "
        "good relations between people who share a protected characteristic and people who do not. It is not "
        "itself a duty to consult, but hearing from the people affected is usually how a body shows it had due "
        "regard before deciding.",
        "https://www.legislation.gov.uk/ukpga/2010/15/section/149",
    ),
    (
        "Care Act: wellbeing, participation and co-production",
        "Care Act 2014, section 1, and the care and support statutory guidance",
        LOCAL_AUTHORITY,
        "When a council carries out its adult care and support functions for a person, it must promote their "
        "wellbeing, have regard to their views, wishes and feelings and let them take part as fully as possible "
        "in decisions. The statutory guidance expects councils to co-produce care and support services with "
        "the people who use them and their carers, when designing and changing them.",
        "https://www.legislation.gov.uk/ukpga/2014/23/section/1",
    ),
    (
        "Children's wishes and participation",
        "Children Act 1989, sections 17(4A) and 22(4) to (5) (as amended by the Children Act 2004, section 53); "
        "Children and Families Act 2014, section 19",
        LOCAL_AUTHORITY,
        "Before deciding what services to give a child in need, and before any decision about a child it looks "
        "after, a council must find out the child's wishes and feelings as far as it can and give them due "
        "consideration. For special educational needs and disabilities, a council must have regard to the views "
        "of children, young people and their parents and support them to take part in decisions. Plans that "
        "change children's services should hear from children and young people, in ways that suit them.",
        "https://www.legislation.gov.uk/ukpga/2004/31/section/53",
    ),
    (
        "Pharmaceutical needs assessment: consultation on the draft",
        "NHS (Pharmaceutical and Local Pharmaceutical Services) Regulations 2013, regulation 8",
        LOCAL_AUTHORITY,
        "When a health and wellbeing board prepares its pharmaceutical needs assessment it must consult, for at "
        "least 60 days, the local pharmaceutical and medical committees, pharmacies and dispensing doctors, "
        "local Healthwatch and other patient and community groups with an interest, local NHS trusts, the "
        "integrated care board and neighbouring health and wellbeing boards.",
        "https://www.legislation.gov.uk/uksi/2013/349/regulation/8",
    ),
    (
        "Fair consultation at common law (the Gunning principles)",
        "Common law: R v Brent LBC, ex parte Gunning (1985); R (Moseley) v Haringey LBC [2014] UKSC 56",
        ALL_PUBLIC,
        "Whenever a public body consults, because the law requires it, because it has promised to or because "
        "not consulting would be unfair, the consultation must be fair: it happens while proposals are still at "
        "a formative stage, gives enough reasons (and, where fairness needs it, the options turned down) for "
        "people to respond intelligently, allows enough time, and its results are conscientiously taken into "
        "account in the decision. The Supreme Court confirmed these principles in Moseley.",
        "https://www.bailii.org/uk/cases/UKSC/2014/56.html",
    ),
]

# A rule's answer can name one duty: these rules refer to their duty by its name.
HEALTH_SCRUTINY = "Consulting health scrutiny on substantial changes"
JSNA = "Health and wellbeing boards: involving people in the JSNA and the strategy"
EQUALITY = "The public sector equality duty"
CARE_ACT = "Care Act: wellbeing, participation and co-production"
CHILDREN = "Children's wishes and participation"
PHARMACY = "Pharmaceutical needs assessment: consultation on the draft"

# question, answer (or ("duty", name)), type, level, action, due in days, reason, weight.
# The type and level ladders: the influence people still have decides most screenings (weights 45 to
# 55); a legal duty or a change to services lifts "decision already made" and "choosing between
# options" to consultation, but not above involvement that is already recommended.
SCREENING_RULES = [
    (
        "influence", "none", Type.INFORMATION, Level.INFORM,
        "Explain the decision to the people affected, and what they can still influence", 28,
        "The decision has been made: asking for views now would raise false hopes, so tell people clearly.", 45,
    ),
    (
        "influence", "some", Type.CONSULTATION, Level.CONSULT, "", None,
        "People can choose between options: consult them on the options.", 48,
    ),
    (
        "influence", "much", Type.COLLECTIVE_INVOLVEMENT, Level.INVOLVE, "", None,
        "The options are still open: involve people in shaping them.", 52,
    ),
    (
        "influence", "full", Type.CO_PRODUCTION, Level.COLLABORATE,
        "Set up a co-production group with people who use the service and their carers", 28,
        "People can shape the whole thing: design it with them.", 55,
    ),
    (
        "legal_duty", "any", Type.CONSULTATION, Level.CONSULT,
        "Record which legal duties apply and how each will be met", 14,
        "A legal duty to involve or consult applies, so the engagement cannot be less than consultation.", 50,
    ),
    (
        "changes_services", "yes", Type.CONSULTATION, Level.CONSULT,
        "Agree who leads the engagement and publish its timetable", 14,
        "It changes services or how people reach them, so the people affected must have a say before the decision.",
        47,
    ),
    (
        "changes_services", "unsure", Type.INSIGHT, "",
        "Confirm with the lead organisation whether services or access will change", 14,
        "It is not yet clear whether services change: first find out how people use them now.", 46,
    ),
    (
        "changes_services", "no", Type.INFORMATION, Level.INFORM, "", None,
        "Nothing changes for people, so telling them clearly may be enough.", 20,
    ),
    (
        "legal_duty", ("duty", HEALTH_SCRUTINY), "", "",
        "Tell the health scrutiny committee about the proposal and agree the consultation timetable with them", 21,
        "A substantial change to health services must be discussed with the council's health scrutiny committee.",
        40,
    ),
    (
        "legal_duty", ("duty", JSNA), "", Level.INVOLVE,
        "Involve Healthwatch and local people in drafting, not only in commenting on a draft", 28,
        "The board must involve Healthwatch and the people who live or work in the area in the JSNA and strategy.",
        51,
    ),
    (
        "legal_duty", ("duty", EQUALITY), "", "",
        "Complete an equality impact assessment, using what people with protected characteristics say", 28,
        "The equality duty needs evidence that effects on equality were considered before the decision.", 30,
    ),
    (
        "legal_duty", ("duty", CARE_ACT), "", "",
        "Invite people who use care and support, and carers, to help design the change", 21,
        "The Care Act guidance expects services to be designed with the people who use them.", 30,
    ),
    (
        "legal_duty", ("duty", CHILDREN), "", "",
        "Ask the children in care council and the youth forum how children and young people want to be involved",
        21,
        "Children's wishes and feelings must be sought, in ways that suit them.", 30,
    ),
    (
        "legal_duty", ("duty", PHARMACY), Type.CONSULTATION, Level.CONSULT,
        "Publish the draft and consult everyone the regulations name for at least 60 days", 14,
        "The pharmaceutical needs assessment must go out to consultation for at least 60 days.", 50,
    ),
    (
        "seldom_heard", "yes", "", "",
        "Plan how to reach seldom-heard groups where they already are, with organisations they trust", 21,
        "Seldom-heard groups are affected, and the usual methods miss them.", 30,
    ),
    (
        "existing_insight", "yes", "", "",
        "Share what people have already said with whoever plans the engagement, so people are not asked again", 7,
        "Insight already exists and can be reused.", 20,
    ),
    (
        "existing_insight", "no", "", "",
        "Search the insight library and partners' records before asking anyone anything new", 14,
        "Little is known yet about what people think of this.", 20,
    ),
    (
        "time_available", "under_4", "", "",
        "Agree with the board what can fairly be done in the time, or move the decision date", 7,
        "Under four weeks is too short for a fair consultation on most proposals.", 30,
    ),
    (
        "time_available", "over_12", "", "", "", None,
        "There is time to involve people properly.", 10,
    ),
    (
        "community_interest", "low", "", "",
        "Work with community organisations to build interest and make taking part easy", 21,
        "Communities are not yet interested or able to take part: go to them.", 20,
    ),
    (
        "community_interest", "high", "", "", "", None,
        "Communities are keen and able to take part.", 10,
    ),
    (
        "partner_capability", "low", "", "",
        "Ask the community engagement network for help, or buy in support", 14,
        "The board and partners have little capacity to involve people: get help early.", 20,
    ),
]  # fmt: skip


def install_defaults(legal_duty_model, screening_rule_model) -> tuple[int, int]:
    """Add the default legal duties and screening rules that are missing; returns how many of each were added.

    Takes the model classes, so a migration can pass its historical models.
    """
    duties_added = 0
    duty_ids = {}
    for name, source, applies_to, summary, url in LEGAL_DUTIES:
        # Archived records count too: a coordinator who archived a default meant it.
        duty = legal_duty_model._base_manager.filter(name=name).first()
        if duty is None:
            duty = legal_duty_model._base_manager.create(
                name=name, source=source, applies_to=applies_to, summary=summary, url=url
            )
            duties_added += 1
        duty_ids[name] = duty.pk
    rules_added = 0
    for question, answer, type_, level, action, days, reason, weight in SCREENING_RULES:
        if isinstance(answer, tuple):
            answer = str(duty_ids[answer[1]])
        if screening_rule_model._base_manager.filter(question=question, answer=answer, reason=reason).exists():
            continue
        screening_rule_model._base_manager.create(
            question=question,
            answer=answer,
            recommends_type=type_,
            recommends_level=level,
            action=action,
            action_due_days=days,
            reason=reason,
            weight=weight,
        )
        rules_added += 1
    return duties_added, rules_added
