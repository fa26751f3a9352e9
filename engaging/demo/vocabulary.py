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


def activity_title(rng: random.Random, seed: int) -> str:
    return f"{rng.choice(_TOPICS).capitalize()}: {rng.choice(_METHOD_WORDS)} {2015 + seed % 12}"


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
