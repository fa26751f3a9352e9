"""Words for generated data: enough variety that search and overlaps behave as with real text.

Every phrase here is written for this project; combined at random they give millions of
different findings, titles and place names.
"""

import random

THEMES = [
    "Access to GP appointments", "Waiting times", "Communication and information", "Transport and travel",
    "Staff attitude and kindness", "Mental health support", "Loneliness and isolation", "Cost of living",
    "Feeling safe", "Breaks for carers", "Digital exclusion", "Young people's voice", "Hospital discharge",
    "Dentistry", "Pharmacy services", "Housing and health", "Healthy food", "Physical activity",
    "Alcohol and drugs", "Smoking", "Maternity care", "Children's services", "Care homes", "Home care",
    "Dementia support", "Learning disability services", "Interpreters and language", "Accessible information",
    "Urgent and emergency care", "Parks and green spaces", "Community groups", "Employment and skills",
    "Benefits and money advice", "Domestic abuse", "Police visibility", "Antisocial behaviour",
    "Cancer care", "Diabetes care", "Sexual health", "End of life care",
]  # fmt: skip

_PLACE_START = [
    "Ash", "Bram", "Brier", "Castle", "Cole", "Dene", "Elm", "Fair", "Glen", "Hale", "Holly", "Kings", "Lang",
    "Lye", "Mill", "Nether", "Old", "Pens", "Quarry", "Red", "Rowley", "Sedge", "Stour", "Tipp", "Upper", "Wall",
    "Well", "West", "Whit", "Wolla", "Wood", "Wren", "Yew", "Amble", "Bar", "Chel", "Dor", "Grays", "Hart",
]  # fmt: skip
_PLACE_END = [
    "bridge", "brook", "bury", "combe", "cote", "dale", "den", "field", "ford", "gate", "green", "ham", "heath",
    "hill", "hurst", "ley", "marsh", "mead", "moor", "port", "stead", "stone", "thorpe", "ton", "wick", "wood",
    "worth",
]  # fmt: skip
_PLACE_SUFFIX = ["", "", "", " North", " South", " East", " West", " Central", " and District", " Village"]


def place_name(rng: random.Random, used: set[str]) -> str:
    for _ in range(50):
        name = rng.choice(_PLACE_START) + rng.choice(_PLACE_END) + rng.choice(_PLACE_SUFFIX)
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(_PLACE_START)}{rng.choice(_PLACE_END)} {len(used)}"
    used.add(name)
    return name


_ORGANISATION_PATTERNS = {
    "council": ["{place} Council", "{place} Borough Council"],
    "public_health": ["{place} Public Health"],
    "nhs_commissioner": ["{place} Integrated Care Board", "{place} Clinical Commissioning Group"],
    "healthwatch": ["Healthwatch {place}"],
    "voluntary_sector": ["{place} Council for Voluntary Service", "{place} Age Concern", "{place} Mind",
                         "{place} Citizens Advice", "{place} Community Foundation"],
    "police": ["{place} Police"],
    "nhs_england": ["NHS England {place} Team"],
    "provider": ["{place} Hospitals NHS Trust", "{place} Community Health", "{place} Care Homes",
                 "{place} GP Federation", "{place} Pharmacy Network"],
    "community_group": ["{place} Carers Group", "{place} Youth Club", "{place} Tenants' Association",
                        "{place} Walking Group", "{place} Parents Forum", "{place} Men's Shed", "{place} Food Bank"],
}  # fmt: skip


def organisation_name(rng: random.Random, kind: str) -> str:
    place = rng.choice(_PLACE_START) + rng.choice(_PLACE_END)
    return rng.choice(_ORGANISATION_PATTERNS[kind]).format(place=place)


_TOPICS = [
    "GP appointments", "the walk-in centre", "urgent care", "mental health services", "carers' support",
    "home care", "hospital discharge", "dental care", "community pharmacy", "children's centres", "youth services",
    "bus routes to the hospital", "the food bank", "dementia services", "maternity care", "school nursing",
    "drug and alcohol services", "stop smoking support", "leisure centres", "park safety", "street lighting",
    "neighbourhood policing", "social prescribing", "health visiting", "end of life care", "diabetes clinics",
    "sexual health clinics", "online booking", "interpreting services", "the 111 service",
]  # fmt: skip
_METHOD_WORDS = [
    "survey", "focus groups", "drop-in sessions", "listening event", "online consultation", "workshop",
    "community conversations", "citizens' panel", "street stall", "interviews",
]  # fmt: skip


def activity_title(rng: random.Random, year: int) -> str:
    return f"{rng.choice(_TOPICS).capitalize()}: {rng.choice(_METHOD_WORDS)} {year}"


_PEOPLE = [
    "Parents of young children", "Older residents", "Young carers", "People who use wheelchairs",
    "Residents of the estate", "Families on low incomes", "Refugees we spoke to", "Deaf residents",
    "People with learning disabilities", "Working-age men", "Students", "Carers of people with dementia",
    "Tenants", "People recovering from addiction", "New parents", "Patients at the practice",
    "Residents who live alone", "Teenagers at the youth club", "People who speak Punjabi",
    "Members of the Polish community", "Shift workers", "Bus users", "Grandparents raising grandchildren",
]  # fmt: skip
_SAID = [
    "said it is hard to get", "told us they struggle with", "feel nobody explains", "were positive about",
    "want longer opening hours for", "asked for evening sessions about", "worry about the cost of",
    "did not know how to find", "praised the staff at", "found it confusing to use", "waited too long for",
    "would like to be involved in planning", "feel unsafe travelling to", "want information in their language about",
    "said the phone line is always busy at", "prefer face-to-face help with", "want clearer letters from",
]  # fmt: skip
_BECAUSE = [
    "because buses stop running early", "since the local branch closed", "after changes last year",
    "especially in winter", "when they are working", "because of childcare", "as the website is hard to use",
    "because they cannot afford to travel", "because nobody called back", "while caring for a relative",
    "because the forms are long", "as letters arrive too late", "when English is not their first language",
    "", "", "",
]  # fmt: skip
_EXTRA = [
    "Several mentioned the receptionists were kind but rushed.", "Some had given up trying.",
    "A few said things had improved recently.", "Many wanted to hear back about what happens next.",
    "Text reminders were popular.", "People valued being asked in person.", "Waiting rooms felt crowded.",
    "Parking was a recurring complaint.", "Online forms did not work on phones.", "",
]  # fmt: skip


def finding(rng: random.Random) -> str:
    first = f"{rng.choice(_PEOPLE)} {rng.choice(_SAID)} {rng.choice(_TOPICS)} {rng.choice(_BECAUSE)}".strip() + "."
    extra = rng.choice(_EXTRA)
    return f"{first} {extra}".strip()


def sentence(rng: random.Random, count: int = 1) -> str:
    parts = []
    for _ in range(count):
        parts.append(f"Tell us about {rng.choice(_TOPICS)} and what would make it better for you.")
    return " ".join(parts)


def purpose(rng: random.Random) -> str:
    return f"Informs the review of {rng.choice(_TOPICS)} and next year's commissioning plans."


_ACTIONS = [
    "We have extended opening hours at", "We now send text reminders for", "We have funded a new worker for",
    "We changed the letters about", "We added evening sessions for", "We are redesigning",
    "We translated the leaflets about", "We asked the provider to improve", "We moved the service for",
]  # fmt: skip


def response(rng: random.Random) -> str:
    return f"{rng.choice(_ACTIONS)} {rng.choice(_TOPICS)}."


# --- The board: meetings, agenda items, stories and reports -------------------------------------

_VENUE_KINDS = ["Civic Centre", "Town Hall", "Council House", "Community Hub", "Central Library", "Leisure Centre"]


def board_name(borough: str) -> str:
    return f"{borough.removesuffix(' borough')} Health and Wellbeing Board"


def board_description(borough: str) -> str:
    place = borough.removesuffix(" borough")
    return (
        f"The partners who plan health and care in {place} together: the council, the NHS, Healthwatch, "
        "the voluntary sector and the police."
    )


def venue(rng: random.Random) -> str:
    return f"{rng.choice(_PLACE_START)}{rng.choice(_PLACE_END)} {rng.choice(_VENUE_KINDS)}"


_ITEM_TITLES = [
    "{Topic}: proposed changes", "{Topic}: the plan for next year", "Review of {topic}",
    "{Topic}: what residents told us", "Annual report on {topic}", "Recommissioning {topic}",
    "{Topic}: options for the future", "Joint plan for {topic}", "{Topic}: progress since the last meeting",
]  # fmt: skip
_DECISIONS = [
    ("Agree to consult residents on changes to {topic}.", True),
    ("Agree how people who use {topic} will help design the new service.", True),
    ("Approve the plan for {topic} before it is published.", True),
    ("Note the report on {topic} and the changes it asks for.", False),
    ("Agree the options for {topic} that will go to the public.", True),
    ("Note progress on {topic} and agree the next steps.", False),
]  # fmt: skip
_OUTCOMES = [
    "Agreed.", "Agreed, with evening and weekend sessions so working people can take part.",
    "Agreed, with Easy Read materials and a version in community languages.", "Noted.",
    "Noted. Partners to reply to each recommendation by the next meeting.",
    "Deferred to the next meeting so that carers can be asked first.",
    "Agreed, subject to the equality impact assessment being updated.",
]  # fmt: skip


def agenda_item(rng: random.Random) -> tuple[str, str, str, bool]:
    """A title, the decision sought, an outcome, and whether the item is about changing something."""
    topic = rng.choice(_TOPICS)
    title = rng.choice(_ITEM_TITLES).format(Topic=topic[0].upper() + topic[1:], topic=topic)
    decision, changes = rng.choice(_DECISIONS)
    return title, decision.format(topic=topic), rng.choice(_OUTCOMES), changes


_WHO_AFFECTED = [
    "Everyone who uses {topic}, and their families.", "People who rely on {topic} most, especially older residents.",
    "Families with young children and people on low incomes.", "Carers, and the people they look after.",
    "People who find it hardest to travel to {topic}.", "",
]  # fmt: skip


def who_is_affected(rng: random.Random) -> str:
    return rng.choice(_WHO_AFFECTED).format(topic=rng.choice(_TOPICS))


_FIRST_NAMES = [
    "Amira", "Bev", "Callum", "Dev", "Eileen", "Farhan", "Grace", "Harpreet", "Imran", "Jo", "Kasia", "Leon",
    "Maxine", "Nia", "Olu", "Priya", "Rob", "Sian", "Tariq", "Una", "Vik", "Wendy", "Yusuf", "Zofia",
]  # fmt: skip
_SURNAMES = [
    "Adeyemi", "Baker", "Chowdhury", "Davies", "Evans", "Fletcher", "Gill", "Hussain", "Jones", "Kowalski",
    "Lewis", "Mahmood", "Nowak", "O'Neill", "Patel", "Rahman", "Singh", "Thomas", "Walsh", "Young",
]  # fmt: skip
_DESCRIPTIONS = [
    "A carer from {place}", "A young person from {place}", "A mum of three from {place}", "A retired nurse",
    "A wheelchair user from {place}", "A man who lives alone in {place}", "A student at the college",
    "A grandmother raising her grandson", "A bus driver who works nights", "A refugee who arrived last year",
]  # fmt: skip


def teller(rng: random.Random, naming: str, place: str) -> str:
    """How a story's teller is shown, for each way of being named."""
    if naming == "full_name":
        return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
    if naming == "first_name":
        return rng.choice(_FIRST_NAMES)
    if naming == "description":
        return rng.choice(_DESCRIPTIONS).format(place=place)
    return ""


_STORY_TITLES = [
    "Waiting for {topic}", "What changed when someone listened", "Trying to get help with {topic}",
    "The day {topic} worked", "Three phone calls about {topic}", "Why I stopped going to {topic}",
    "Finding my way to {topic}", "A letter I could not read", "Being asked, at last",
]  # fmt: skip
_STORY_OPENINGS = [
    "I have been looking after my dad for six years.", "I moved here two years ago and did not know anyone.",
    "My son is autistic and loud places are hard for him.", "I work shifts, so daytime appointments are a problem.",
    "I use a wheelchair and the nearest bus stop is a long way from my door.", "English is my second language.",
    "I was discharged from hospital on a Friday evening.", "I have two children under five and no car.",
]  # fmt: skip
_STORY_MIDDLES = [
    "When I tried to get help with {topic} I was passed from one number to another.",
    "Nobody explained what would happen next with {topic}, so I kept ringing.",
    "The staff at {topic} were kind, but they clearly had no time.",
    "I filled in the same form three times for {topic}.",
    "A volunteer sat with me and helped me understand {topic}.",
    "The letter about {topic} arrived after the date it gave.",
]  # fmt: skip
_STORY_ENDINGS = [
    "I just want one person who knows our situation.", "It would have been easy to get this right.",
    "Now I tell other people where to go.", "I nearly gave up.", "Please ask people like me before you decide.",
    "Things are better now, but it took far too long.",
]  # fmt: skip


def story(rng: random.Random) -> tuple[str, str]:
    """A story's title and text: a few plain sentences in the teller's voice."""
    topic = rng.choice(_TOPICS)
    title = rng.choice(_STORY_TITLES).format(topic=topic)
    middle = " ".join(rng.choice(_STORY_MIDDLES).format(topic=rng.choice(_TOPICS)) for _ in range(rng.randint(1, 2)))
    text = f"{rng.choice(_STORY_OPENINGS)} {middle}\n{rng.choice(_STORY_ENDINGS)}"
    return title[0].upper() + title[1:], text


CONSENT_GIVERS = ["The teller", "The teller", "The teller", "The teller's daughter, with their agreement",
                  "The teller's advocate", "The teller's parent"]  # fmt: skip
WITHDRAWAL_NOTES = ["The teller changed their mind.", "The teller asked us by phone to take it down.",
                    "Their family asked for it to be removed.", ""]  # fmt: skip

LESSONS = [
    "Evening sessions reached more working people.", "Going to groups where people already meet worked best.",
    "The online survey reached few older residents.", "Paying for interpreters doubled the number of replies.",
    "Shorter questionnaires were finished far more often.", "Partners asking together saved everyone time.",
    "Young people preferred talking to peer researchers.", "Childcare on site made it possible for parents.",
]  # fmt: skip
WHAT_WORKED = ["Drop-in sessions at the market.", "Texting a link after appointments.", "Working with faith groups.",
               "Easy Read versions of every document.", "A freepost paper version.", ""]  # fmt: skip
WHAT_DID_NOT = ["Daytime meetings in the civic centre.", "Long online forms.", "Relying on social media alone.",
                "Starting too close to the decision.", ""]  # fmt: skip
CLOSURE_SUMMARIES = [
    "We wrote to everyone who took part with what we heard and what will change.",
    "A 'you said, we did' summary went on the website and to the groups who helped.",
    "We went back to the same sessions to explain the decision.",
    "A newsletter article set out the changes made as a result.",
    "We texted participants a link to the summary.",
]  # fmt: skip
FEEDBACK_COMMENTS = [
    "Thank you for asking.", "The room was hard to find.", "I would like to know what happens next.",
    "Too many questions.", "Good to be listened to for once.", "Please hold one in the evening.",
    "The staff were friendly.", "It was too short to say everything.", "I could not hear well at the back.",
]  # fmt: skip

ACCOUNT_INTRODUCTION = (
    "This is our Local Account for {year}: how the partners of the {board} listened to local people. "
    "It says what we did, who took part, what people told us and what changed as a result."
)
ACCOUNT_LEARNED = (
    "Going to people worked better than asking them to come to us. Some groups were asked too often, "
    "so we now check the register before planning anything new."
)
ACCOUNT_NEXT = (
    "We will tell people what changed within twelve weeks of every activity, and plan engagement together "
    "so nobody is asked the same thing twice."
)


def person(rng: random.Random) -> tuple[str, str]:
    """An invented first name and surname."""
    return rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
