"""Demo insight library: themes, what people said at many demo activities, and findings reused in planning.

Every statement is invented for the demo. Some findings are stale (past their review date, or
replaced by a newer finding) so the library's "include stale" filter has something to show, and
a few planned activities have marked findings as used. Everything is found by its natural key
first (a theme by name, a finding by its activity and statement, a use by finding and activity),
so a second run creates nothing.
"""

from datetime import timedelta

from engaging.insight.models import Finding, FindingUse, Theme, two_years_after

THEMES = [
    ("access", "Access to GP appointments", "Getting through, getting seen, and when."),
    ("waiting", "Waiting times", "For appointments, in waiting rooms, for a call back or a decision."),
    ("information", "Communication and information", "Knowing what is available, and being told what is happening."),
    ("transport", "Transport", "Buses, parking and getting to services."),
    ("staff", "Staff attitude", "How people were treated by the people they met."),
    ("mental", "Mental health support", "Help for mental health, from first worries to a crisis."),
    ("loneliness", "Loneliness and isolation", ""),
    ("cost", "Cost of living", "Money worries and what things cost."),
    ("safety", "Safety", "Feeling safe at home, on the street and online."),
    ("breaks", "Carers' breaks", "Time off for people who look after someone."),
    ("digital", "Digital exclusion", "Services that are only online, and people who are not."),
    ("voice", "Young people's voice", "Children and young people being heard, and seeing what changed."),
]

WALK_IN = ("healthwatch", "Walk-in centre questionnaire: why people came and what they needed")
URGENT_CARE = ("ccg", "Urgent care consultation: lunchtime and evening sessions")
FEELING_NOW = ("police", "Feeling the Difference survey: this year's Dudley interviews")
FEELING_LAST = ("police", "Feeling the Difference survey: last year's Dudley results")
YOUTH_PARLIAMENT = ("council", "Dudley Youth Parliament: annual sitting")
CARERS = ("council", "Carers' strategy refresh: what would help you keep caring?")
DISCHARGE = ("healthwatch", "Leaving hospital: patients' and carers' experiences of discharge")
DEAF_ACCESS = ("healthwatch", "Deaf people's access to health services")
LIBRARIES = ("council", "Library services review")
TRAVELLERS = ("council", "Traveller site improvements: residents' views")
STOP_SMOKING = ("public_health", "Stop smoking service: online consultation on the new model")
CARE_HOMES = ("healthwatch", "Enter and view: care homes in Halesowen")
CHILDREN_IN_CARE = ("council", "Children in care council: rewriting our promise to children in care")
LOCAL_ACCOUNT = ("council", "Adult social care Local Account: you said, we did")
HOMELESS = ("healthwatch", "Homeless people's health: outreach at the night shelter")
JSNA = ("public_health", "JSNA community conversations: what keeps people well where you live")
HATE_CRIME = ("police", "Hate crime: listening to Deaf, disabled, LGBT and minority ethnic residents")
REFUGEES = ("refugee_group", "Registering with a GP: refugees' and asylum seekers' experiences")
GP_APPOINTMENT = ("healthwatch", "Getting a GP appointment: tell us how it went")
DIABETES = ("ccg", "Diabetes care: designing the pathway with patients")
RECOVERY = ("mental_health_trust", "Recovery college: designing next term's courses")
SEXUAL_HEALTH = ("public_health", "Sexual health services: young people's mystery shop")
OUTPATIENTS = ("acute_trust", "Outpatient appointments: patient experience survey")
PHARMACY = ("public_health", "Pharmaceutical needs assessment: public survey")

# Each finding: activity, statement, kind, themes, groups (None: the activity's first two), people,
# representativeness, and options: "heard" (days after the activity started; default its last day,
# or today if it is still running), "review" (days from today, for a review date other than two
# years on), "areas" (area keys), "private", "supersedes" (the statement of an older finding it replaces).
FINDINGS = [
    # The walk-in centre questionnaire. The first two are what "You said, we did" answers.
    (WALK_IN, "Most people who came to the walk-in centre said they had tried their own GP first and could "
     "not get an appointment that week.", "summary", ["access", "waiting"], ["gp_patients", "adults"], 186,
     "most", {}),
    (WALK_IN, "People who work shifts said the centre shuts before they finish work, so they end up at A&E.",
     "summary", ["access", "waiting"], ["adults"], 58, "some", {}),
    (WALK_IN, "“I didn't know the pharmacy could have helped with this. Nobody tells you.”", "quote",
     ["information"], ["residents"], None, "one_or_two", {}),
    (WALK_IN, "Parents said the two-hour wait with a poorly child was the hardest part, and they had nowhere quiet "
     "to sit.", "summary", ["waiting"], ["parents"], 31, "some", {}),
    # The urgent care consultation's lunchtime and evening sessions.
    (URGENT_CARE, "People were unsure which service to use when their surgery was closed: NHS 111, the walk-in "
     "centre or A&E.", "summary", ["information"], ["residents", "gp_patients"], 420, "many", {}),
    (URGENT_CARE, "Parents came to the evening sessions and said they often need urgent care after the school run, "
     "when most places are closing.", "summary", ["access", "waiting"], ["parents"], 44, "some", {}),
    (URGENT_CARE, "Older people said getting to the walk-in centre by bus takes two changes from the north of the "
     "borough.", "summary", ["transport"], ["older"], 37, "some", {"areas": ["locality:North Dudley"]}),
    (URGENT_CARE, "Respondents wanted one phone number that gets them to the right place first time.", "summary",
     ["information", "access"], ["residents"], 610, "representative", {"review": -40}),
    # Feeling the Difference: last year's results, replaced by this year's interviews.
    (FEELING_LAST, "Residents in Castle and Priory and St James's said they rarely see a neighbourhood officer on "
     "foot.", "summary", ["safety"], ["residents"], 412, "representative",
     {"areas": ["ward:Castle and Priory", "ward:St James's"]}),
    (FEELING_LAST, "Two in three residents said they felt safe walking alone in their area after dark.", "summary",
     ["safety"], ["residents", "adults"], 1040, "representative", {}),
    (FEELING_LAST, "Older residents were the most likely to say antisocial behaviour near shops worried them.",
     "summary", ["safety"], ["older"], 260, "representative", {}),
    (FEELING_NOW, "Residents said they now see officers on foot more often in Castle and Priory, but not yet in "
     "St James's.", "summary", ["safety"], ["residents"], 398, "representative",
     {"heard": 120, "areas": ["ward:Castle and Priory", "ward:St James's"],
      "supersedes": "Residents in Castle and Priory and St James's said they rarely see a neighbourhood officer "
      "on foot."}),
    (FEELING_NOW, "Seven in ten residents now say they feel safe walking alone in their area after dark.", "summary",
     ["safety"], ["residents", "adults"], 1012, "representative",
     {"heard": 120,
      "supersedes": "Two in three residents said they felt safe walking alone in their area after dark."}),
    # The youth parliament's annual sitting.
    (YOUTH_PARLIAMENT, "Young people said they want mental health support in school without a long wait for a "
     "referral.", "summary", ["mental", "waiting", "voice"], ["young"], 64, "most", {}),
    (YOUTH_PARLIAMENT, "“We get asked what we think every year, but nobody comes back to tell us what happened.”",
     "quote", ["voice", "information"], ["young"], None, "many", {}),
    (YOUTH_PARLIAMENT, "Members said bus fares are the main thing stopping them getting to youth clubs and "
     "activities.", "summary", ["transport", "cost"], ["young"], 41, "many", {}),
    (YOUTH_PARLIAMENT, "Young people said booking a GP appointment online needs a parent's account, which some of "
     "them do not want to use.", "summary", ["access", "digital", "voice"], ["young"], 19, "some", {}),
    # The carers' strategy refresh, still running.
    (CARERS, "Carers said a few hours' break each week would help them keep caring more than anything else.",
     "summary", ["breaks"], ["carers"], 112, "most", {"heard": 3}),
    (CARERS, "“I haven't had a full night's sleep in two years. I don't need a leaflet, I need someone to sit "
     "with Mum.”", "quote", ["breaks", "loneliness"], ["carers"], None, "one_or_two", {"heard": 3}),
    (CARERS, "Young carers said teachers often do not know they look after someone at home.", "summary",
     ["voice", "information"], ["young_carers"], 23, "some", {"heard": 4}),
    # Leaving hospital.
    (DISCHARGE, "Carers said they were told about a discharge on the morning it happened, with no time to get "
     "ready.", "summary", ["information", "breaks"], ["carers", "older"], 33, "many", {}),
    (DISCHARGE, "Patients said they waited most of the day for medicines to take home.", "summary", ["waiting"],
     ["older"], 48, "many", {}),
    # Deaf people's access to health services.
    (DEAF_ACCESS, "Deaf patients are often asked to phone the surgery to book an interpreter.", "summary",
     ["access", "information"], ["deaf"], 22, "most", {}),
    (DEAF_ACCESS, "Several people had been to appointments where the interpreter never arrived.", "summary",
     ["access", "staff"], ["deaf"], 15, "many", {}),
    # The library services review.
    (LIBRARIES, "Older residents use the library for help with online forms as much as for books.", "summary",
     ["digital", "loneliness"], ["older"], 140, "many", {}),
    (LIBRARIES, "Parents asked for Saturday opening at the smaller branch libraries.", "summary", ["access"],
     ["parents"], 76, "some", {}),
    (LIBRARIES, "People said the library was the only warm place they could sit without spending money.",
     "summary", ["cost", "loneliness"], ["residents"], 52, "some", {"review": -20}),
    # Traveller site improvements.
    (TRAVELLERS, "Families said the site's roads flood every winter and the drainage needs fixing.", "summary",
     ["safety"], ["grt", "parents"], 18, "most", {}),
    # The stop smoking consultation.
    (STOP_SMOKING, "People who had quit said face-to-face support at the pharmacy made the difference.", "summary",
     ["staff", "access"], ["adults"], 57, "many", {}),
    (STOP_SMOKING, "Respondents asked for the service to be open in the evenings.", "summary", ["access"],
     ["adults"], 44, "some", {"review": -60}),
    # Enter and view: care homes.
    (CARE_HOMES, "Residents' families said they did not know how to raise a concern with the home.", "summary",
     ["information"], ["carers"], 26, "many", {}),
    (CARE_HOMES, "Residents enjoyed the activities but said weekends were long and quiet.", "summary",
     ["loneliness"], ["older"], 31, "many", {}),
    # The children in care council.
    (CHILDREN_IN_CARE, "Children in care want to meet their new social worker before their first review.",
     "summary", ["voice", "staff"], ["care_leavers"], 12, "most", {}),
    (CHILDREN_IN_CARE, "“Stop changing my worker. Every time I have to tell my story again.”", "quote",
     ["voice", "staff"], ["care_leavers"], None, "one_or_two", {}),
    # The adult social care Local Account, which reported what people said in an earlier survey.
    (LOCAL_ACCOUNT, "In the survey two years earlier, people who arrange their own care said the council's web "
     "pages were hard to follow.", "summary", ["information", "digital"], ["asc_users"], 88, "some",
     {"heard": -640}),
    (LOCAL_ACCOUNT, "People who use day services said the service is their main chance to see friends.", "summary",
     ["loneliness"], ["asc_users", "older"], 71, "many", {}),
    # Homeless people's health.
    (HOMELESS, "People at the night shelter said they had been turned away from a surgery for having no "
     "address.", "summary", ["access", "staff"], ["homeless"], 14, "many", {}),
    (HOMELESS, "Several people said their mental health was the reason they lost their tenancy.", "summary",
     ["mental"], ["homeless", "mh_users"], 9, "some", {}),
    # JSNA community conversations.
    (JSNA, "People said green spaces and a friendly neighbour keep them well more than any service does.",
     "summary", ["loneliness"], ["residents"], 230, "many", {}),
    (JSNA, "Some communities said health information rarely reaches them in their own languages.", "summary",
     ["information"], ["pc_race", "pc_religion"], 46, "some", {}),
    # Hate crime.
    (HATE_CRIME, "Disabled residents said they do not report hate incidents because they expect nothing to "
     "happen.", "summary", ["safety", "information"], ["pc_disability"], 27, "many", {}),
    (HATE_CRIME, "Deaf residents said they cannot report a crime by phone and the online form is hard to use.",
     "summary", ["safety", "digital", "access"], ["deaf"], 11, "some", {"private": True}),
    # Registering with a GP.
    (REFUGEES, "People seeking asylum said receptionists asked for proof of address they did not have.",
     "summary", ["access", "staff"], ["refugees"], 24, "most", {}),
    # Getting a GP appointment, still running.
    (GP_APPOINTMENT, "People said they ring at eight in the morning and are still in a queue at half past.",
     "summary", ["access", "waiting"], ["gp_patients"], 160, "many", {"heard": 10}),
    (GP_APPOINTMENT, "People without a smartphone said they are left out now that booking has moved online.",
     "summary", ["digital", "access"], ["older"], 38, "some", {"heard": 10}),
    # Others.
    (DIABETES, "Patients said a named person to call between appointments would help them manage day to day.",
     "summary", ["information", "access"], ["adults"], 29, "many", {}),
    (RECOVERY, "Students asked for evening courses so that people in work can come.", "summary", ["mental", "access"],
     ["mh_users"], 35, "some", {}),
    (SEXUAL_HEALTH, "Young mystery shoppers said reception staff were kind but the waiting room felt very public.",
     "summary", ["staff", "voice"], ["young"], 12, "most", {}),
    (OUTPATIENTS, "Patients said appointment letters arrived after the appointment date.", "summary",
     ["information", "waiting"], ["adults", "older"], 83, "some", {}),
    (PHARMACY, "People in the outer estates said the nearest late-opening pharmacy is two buses away.", "summary",
     ["transport", "access"], ["residents"], 66, "some", {}),
]  # fmt: skip

# Planned activities that drew on what people had already said: (activity, how the finding begins).
USES = [
    (("healthwatch", "Young people's experience of GP services"), "Young people said booking a GP appointment"),
    (("healthwatch", "Young people's experience of GP services"), "Most people who came to the walk-in centre"),
    (("council", "Youth parliament: mental health question time"), "Young people said they want mental health"),
    (("council", "Youth parliament: mental health question time"), "“We get asked what we think every year"),
    (("council", "Older people's day opportunities: consultation on changes"), "People who use day services said"),
    (("council", "Older people's day opportunities: consultation on changes"), "Residents enjoyed the activities"),
    (("carers_centre", "Carers' café conversations"), "Carers said they were told about a discharge"),
    (("development_group", "Health and wellbeing board spotlight: urgent and emergency care"),
     "People were unsure which service to use"),
    (("development_group", "Health and wellbeing board spotlight: urgent and emergency care"),
     "Most people who came to the walk-in centre"),
    (("ccg", "Young people's emotional wellbeing services: have your say"),
     "Young people said they want mental health"),
]  # fmt: skip


def load(builder) -> None:
    themes = {
        key: builder._get_or_create("themes", Theme.everything, name=name, defaults={"description": description})
        for key, name, description in THEMES
    }
    made: dict[str, Finding] = {}
    for spec in FINDINGS:
        finding = _finding(builder, themes, *spec)
        if finding is not None:
            made[finding.statement] = finding
    for _key, statement, *_rest, options in FINDINGS:
        older = options.get("supersedes")
        newer = made.get(statement)
        if older and newer and older in made and made[older].superseded_by_id is None:
            made[older].superseded_by = newer
            made[older]._history_user = newer.created_by
            made[older].save(update_fields=["superseded_by", "updated_at"])
    for key, beginning in USES:
        activity = builder.activities.get(key)
        finding = next((f for statement, f in made.items() if statement.startswith(beginning)), None)
        if activity is not None and finding is not None:
            builder._get_or_create(
                "finding uses",
                FindingUse.objects,
                finding=finding,
                activity=activity,
                defaults={"used_by": builder.creator_for(key[0])},
            )


def _finding(builder, themes, key, statement, kind, theme_keys, group_keys, people, representativeness, options):
    activity = builder.activities.get(key)
    if activity is None:
        return None
    existing = Finding.everything.filter(activity=activity, statement=statement).first()
    if existing is not None:
        return existing
    if "heard" in options:
        heard_on = activity.start_date + timedelta(days=options["heard"])
    else:
        heard_on = activity.end_date
    heard_on = min(heard_on, builder.today)
    review_by = builder.today + timedelta(days=options["review"]) if "review" in options else two_years_after(heard_on)
    creator = builder.creator_for(key[0])
    finding = Finding(
        activity=activity,
        statement=statement,
        kind=kind,
        people_count=people,
        representativeness=representativeness,
        heard_on=heard_on,
        review_by=max(review_by, heard_on),
        is_public=activity.is_public and not options.get("private", False),
        created_by=creator,
    )
    finding._history_user = creator
    finding.save()
    finding.themes.set([themes[k] for k in theme_keys])
    groups = [builder.groups[k] for k in group_keys] if group_keys else list(activity.groups.all()[:2])
    finding.groups.set(groups)
    if "areas" in options:
        finding.areas.set([builder.areas[k] for k in options["areas"]])
    else:
        finding.areas.set(activity.areas.all())
    finding.priorities.set(activity.priorities.all())
    builder.result.created["findings"] += 1
    return finding
