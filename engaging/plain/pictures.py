"""Pictures for Easy Read, drawn for this project as simple line pictures (SVG), and how one is chosen for an idea.

Each picture is a 48 × 48 drawing in one colour, with thick rounded lines, so the set looks alike
and stays clear when small or printed. Each has alt text in plain words and a starting list of
keywords; coordinators change the keywords in the hub (`EasyReadPicture`), and the drawings stay here.

A line gets the picture with the most of its keywords in it; on a tie, the one whose matching keyword
is longest (so "mental health" beats "health"), then the one listed first. A line that matches no
keyword gets no picture: a picture that says nothing about the line would only distract from it.
Pure Python: no Django.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape


@dataclass(frozen=True)
class Picture:
    name: str
    alt: str  # what it shows, in plain words
    keywords: tuple[str, ...]  # the starting keywords; coordinators may change them
    drawing: str


_DAYS = "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday, weekend"
_MONTHS = "January, February, March, April, May, June, July, August, September, October, November, December"


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _p(name: str, alt: str, keywords: str, drawing: str) -> Picture:
    return Picture(name, alt, _words(keywords), drawing)


_ALL = [
    _p(
        "meeting",
        "People sitting at a table, talking",
        "meeting, meet, meets, drop-in, drop in, focus group, workshop, event, session, chat, coffee morning, "
        "conversation, discuss, discussion, get together, visit, visits",
        '<circle cx="13" cy="13" r="5"/><circle cx="35" cy="13" r="5"/>'
        '<path d="M5 30c0-5.5 3.6-9 8-9s8 3.5 8 9M27 30c0-5.5 3.6-9 8-9s8 3.5 8 9"/>'
        '<path d="M3 30h42M9 30v14M39 30v14"/>',
    ),
    _p(
        "survey",
        "A form with boxes ticked",
        "survey, questionnaire, form, fill in, poll, vote, consultation, tick box",
        '<rect x="9" y="6" width="30" height="38" rx="3"/><path d="M19 4h10v5H19z"/>'
        '<path d="M15 18l2.5 2.5L22 16M15 28l2.5 2.5L22 26M26 19h8M26 29h8M15 38h4M26 38h8"/>',
    ),
    _p(
        "phone",
        "A telephone",
        "phone, telephone, call, ring, ring us, mobile, text us, text message, freephone",
        '<path d="M14 5h6l3 10-4.5 3a22 22 0 0 0 11.5 11.5l3-4.5 10 3v6a4 4 0 0 1-4 4'
        'C21 38 10 27 10 9a4 4 0 0 1 4-4z"/>',
    ),
    _p(
        "email",
        "An email: an envelope with the @ sign",
        "email, e-mail, inbox, email address",
        '<rect x="4" y="10" width="34" height="24" rx="3"/><path d="M5 12l16 12 16-12"/>'
        '<circle cx="37" cy="35" r="8" fill="white"/><circle cx="37" cy="35" r="3"/>'
        '<path d="M40 35v1.5a2.5 2.5 0 0 0 5 0V35a8 8 0 1 0-3.5 6.6"/>',
    ),
    _p(
        "website",
        "A web page on a computer screen",
        "online, website, web, web page, internet, www, computer, laptop, zoom, teams, video call, social media, "
        "link, app",
        '<rect x="4" y="6" width="40" height="28" rx="2"/><path d="M4 13h40M8 9.5h1M12 9.5h1M16 9.5h1"/>'
        '<path d="M10 20h16M10 26h24M24 34v6M16 42h16"/>',
    ),
    _p(
        "place",
        "A map pin showing a place",
        "where, venue, library, centre, center, hall, building, room, street, road, address, near you, map, park, "
        "town, village, café, cafe, church, community centre, site",
        '<path d="M24 44S10 29.5 10 19a14 14 0 0 1 28 0c0 10.5-14 25-14 25z"/><circle cx="24" cy="19" r="5"/>',
    ),
    _p(
        "calendar",
        "A calendar",
        f"date, dates, day, days, week, weeks, weekly, month, months, monthly, when, today, tomorrow, {_DAYS}, "
        f"{_MONTHS}",
        '<rect x="6" y="10" width="36" height="32" rx="3"/><path d="M6 18h36M16 6v8M32 6v8"/>'
        '<path d="M13 26h4M22 26h4M31 26h4M13 34h4M22 34h4M31 34h4"/>',
    ),
    _p(
        "clock",
        "A clock",
        "time, times, hour, hours, minute, minutes, morning, mornings, afternoon, afternoons, evening, evenings, "
        "o'clock, noon, midday, am, pm",
        '<circle cx="24" cy="24" r="18"/><path d="M24 13v11l8 5"/>',
    ),
    _p(
        "people",
        "A group of people",
        "people, person, group, groups, everyone, community, communities, residents, neighbours, together, "
        "partnership, partners, took part, the public, local people",
        '<circle cx="24" cy="12" r="5"/><circle cx="10" cy="17" r="4"/><circle cx="38" cy="17" r="4"/>'
        '<path d="M15 42V30a9 9 0 0 1 18 0v12M3 40v-6a7 7 0 0 1 9-6.7M45 40v-6a7 7 0 0 0-9-6.7"/>',
    ),
    _p(
        "children",
        "A child holding an adult's hand",
        "child, children, young people, young person, young, school, schools, youth, youth club, family, families, "
        "parent, parents, baby, babies, teenager, teenagers, pupils, students, kids",
        '<circle cx="15" cy="9" r="5"/><path d="M15 15v15M15 30l-5 14M15 30l5 14M15 19l-7 8M15 19l10 7"/>'
        '<circle cx="34" cy="21" r="4"/><path d="M34 26v9M34 35l-4 9M34 35l4 9M34 29l-9-3M34 29l5 4"/>',
    ),
    _p(
        "older",
        "An older person with a walking stick",
        "older people, older person, older, elderly, pensioner, pensioners, retired, later life, over 65, "
        "care home, care homes",
        '<circle cx="20" cy="9" r="5"/><path d="M20 15c-3 3-4 8-4 13l2 16M18 30l6 14M19 20l9 7"/>'
        '<path d="M30 26v18M30 26c0-3 5-3 5 0"/>',
    ),
    _p(
        "carer",
        "A hand holding a heart",
        "carer, carers, caring, cared for, look after, looks after, looking after, support, supports, supported, "
        "support worker",
        '<path d="M24 23s-8-5-8-10a4.5 4.5 0 0 1 8-2.8 4.5 4.5 0 0 1 8 2.8c0 5-8 10-8 10z"/>'
        '<path d="M5 30v12M5 32h9l8 4h11a3.5 3.5 0 0 0 0-7h-8l-5-3H5"/>',
    ),
    _p(
        "doctor",
        "A doctor with a stethoscope",
        "doctor, GP, GP surgery, nurse, nurses, district nurse, surgery, appointment, clinic, health, healthcare, "
        "health check, NHS, check-up, dentist, patient, patients, care plan",
        '<circle cx="24" cy="11" r="6"/><path d="M10 44v-8a14 14 0 0 1 28 0v8"/>'
        '<path d="M18 24v7a6 6 0 0 0 12 0v-7"/><circle cx="30" cy="36" r="2.5"/><path d="M30 31v2.5"/>',
    ),
    _p(
        "hospital",
        "A hospital building with a cross",
        "hospital, hospitals, ward, A&E, emergency, ambulance, discharge, operation, Russells Hall",
        '<path d="M6 44V16h36v28M3 44h42"/><path d="M24 21v12M18 27h12"/><path d="M20 44v-6h8v6M11 38h3M34 38h3"/>',
    ),
    _p(
        "medicine",
        "A bottle of tablets and a tablet",
        "medicine, medicines, tablets, pills, prescription, prescriptions, pharmacy, pharmacist, chemist, "
        "vaccine, vaccination, jab, injection",
        '<rect x="8" y="14" width="20" height="28" rx="3"/><path d="M6 7h24v7H6z"/><path d="M13 28h10M18 23v10"/>'
        '<rect x="29" y="26" width="16" height="9" rx="4.5" transform="rotate(-40 37 30.5)"/>'
        '<path d="M34.5 27.5l5 6"/>',
    ),
    _p(
        "feelings",
        "A head with a heart inside: feelings",
        "mental health, feel, feels, feeling, feelings, wellbeing, well-being, lonely, loneliness, anxious, "
        "anxiety, worried, worry, stress, mood, happy, sad, depression, emotional",
        '<path d="M14 44v-7c-5-3-8-8-8-14a17 17 0 0 1 34 0v1l4 7h-4v5a4 4 0 0 1-4 4h-4v4"/>'
        '<path d="M23 30s-6-3.8-6-7.5a3.3 3.3 0 0 1 6-2 3.3 3.3 0 0 1 6 2c0 3.7-6 7.5-6 7.5z"/>',
    ),
    _p(
        "money",
        "Coins with a pound sign",
        "money, cost, costs, pay, paid, paying, free, £, price, budget, funding, funded, grant, voucher, "
        "vouchers, benefits, bills, afford, spend, spent",
        '<circle cx="20" cy="22" r="15"/><path d="M24 15a4.5 4.5 0 0 0-8 3v11M13 24h9M13 29h13"/>'
        '<path d="M33 10a15 15 0 0 1 0 24M37 13a15 15 0 0 1 0 18M10 39h24M14 44h16"/>',
    ),
    _p(
        "home",
        "A house",
        "home, homes, house, houses, housing, at home, live, lives, living, flat, tenants",
        '<path d="M6 23L24 7l18 16"/><path d="M11 19v23h26V19"/><path d="M20 42V31h8v11"/>',
    ),
    _p(
        "transport",
        "A bus",
        "bus, buses, transport, travel, travelling, car, cars, parking, taxi, tram, journey, lift, "
        "bus stop, get there, getting there",
        '<rect x="9" y="5" width="30" height="32" rx="4"/><path d="M9 14h30M9 26h30"/>'
        '<path d="M14 37v5M34 37v5M15 31h2M31 31h2"/>',
    ),
    _p(
        "police",
        "A police badge",
        "police, police officer, police officers, PCSO, crime, safety, safe, safer, unsafe, antisocial, "
        "anti-social, neighbourhood team, community safety",
        '<path d="M24 4l16 6v11c0 11-7 19-16 23C15 40 8 32 8 21V10z"/>'
        '<path d="M24 14l2.8 5.6 6.2.9-4.5 4.4 1 6.1-5.5-2.9-5.5 2.9 1-6.1-4.5-4.4 6.2-.9z"/>',
    ),
    _p(
        "listen",
        "An ear: listening",
        "listen, listens, listened, listening, hear, hears, heard, hearing, listened to",
        '<path d="M14 20a12 12 0 0 1 24 0c0 6-4 8-6 11s-1 6-4 9-9 2-10-2"/>'
        '<path d="M20 20a6 6 0 0 1 12 0c0 3-3 4-3 6"/>',
    ),
    _p(
        "speak",
        "A speech bubble: saying what you think",
        "tell, tells, told, say, says, said, your say, speak, speaking, talk, talking, view, views, opinion, "
        "opinions, share, voice, what you think, think of",
        '<path d="M8 7h32a4 4 0 0 1 4 4v17a4 4 0 0 1-4 4H20l-9 9v-9H8a4 4 0 0 1-4-4V11a4 4 0 0 1 4-4z"/>'
        '<path d="M13 16h22M13 23h15"/>',
    ),
    _p(
        "write",
        "A pen writing on paper",
        "write, writes, wrote, written, writing, note, notes, sign up, book, booking, booked, register, apply, "
        "application, put your name",
        '<path d="M8 8h20v34H8z"/><path d="M13 16h10M13 22h10M13 28h6"/><path d="M38 10l5 5-16 16-6 1 1-6z"/>',
    ),
    _p(
        "change",
        "Two arrows going round: a change",
        "change, changes, changed, changing, decide, decides, decided, decision, decisions, improve, improved, "
        "improving, better, plan, plans, planned, new, instead, review",
        '<path d="M38 18A15 15 0 0 0 10 16M10 30a15 15 0 0 0 28 2"/><path d="M10 8v8h8M38 40v-8h-8"/>',
    ),
    _p(
        "done",
        "A tick: done",
        "done, finished, we did, completed, complete, agreed, yes, now open, opened, started",
        '<circle cx="24" cy="24" r="19"/><path d="M14 24.5l7 7 13-14"/>',
    ),
    _p(
        "wait",
        "An egg timer: not yet, wait",
        "wait, waiting, not yet, still, later, soon, delay, delayed, late, thinking about, considering, "
        "working on, in progress",
        '<path d="M12 5h24M12 43h24M15 5c0 10 9 13 9 19s-9 9-9 19M33 5c0 10-9 13-9 19s9 9 9 19"/>'
        '<path d="M19 39h10l-5-5z"/>',
    ),
    _p(
        "question",
        "A question mark",
        "question, questions, ask, asks, asked, asking, why, how, query, queries, any questions",
        '<circle cx="24" cy="24" r="19"/><path d="M18.5 19a5.5 5.5 0 1 1 8 4.9c-1.6.8-2.5 2-2.5 3.6V30"/>'
        '<circle cx="24" cy="35.5" r="1.6" fill="currentColor"/>',
    ),
    _p(
        "idea",
        "A light bulb: an idea",
        "idea, ideas, suggest, suggested, suggestion, suggestions, think about, come up with, imagine",
        '<path d="M24 5a13 13 0 0 0-7.5 23.6c1.5 1 2.5 2.7 2.5 4.4v1h10v-1c0-1.7 1-3.4 2.5-4.4A13 13 0 0 0 24 5z"/>'
        '<path d="M19 39h10M21 44h6M24 34v-9l-3-3M24 25l3-3"/>',
    ),
    _p(
        "thanks",
        "A thumbs up: thank you",
        "thank, thanks, thank you, grateful, well done",
        '<path d="M6 21h8v21H6zM14 23l8-15c3 0 5 2 4 6l-1.5 6H38a4 4 0 0 1 4 4.5l-2 13a4 4 0 0 1-4 3.5H14"/>',
    ),
    _p(
        "help",
        "A hand held up: asking for help",
        "help, helps, helped, helping, advice, assist, someone you know, interpreter, interpreters",
        '<path d="M16 44c-3-3-8-9-9-14-.6-2.6 2.5-4 4.3-1.8L15 32V10a2.5 2.5 0 0 1 5 0v12V6a2.5 2.5 0 0 1 5 0v16'
        'V8a2.5 2.5 0 0 1 5 0v15-9a2.5 2.5 0 0 1 5 0v17c0 6-2 10-5 13"/>',
    ),
    _p(
        "learn",
        "An open book: learning",
        "learn, learns, learned, learnt, learning, lesson, lessons, training, course, courses, read, reading, "
        "find out, understand",
        '<path d="M24 12c-5-4-12-5-20-4v30c8-1 15 0 20 4 5-4 12-5 20-4V8c-8-1-15 0-20 4zM24 12v30"/>'
        '<path d="M9 16c4-.3 8 .3 10 1.5M9 23c4-.3 8 .3 10 1.5"/>'
        '<path d="M29 17.5c2-1.2 6-1.8 10-1.5M29 24.5c2-1.2 6-1.8 10-1.5"/>',
    ),
    _p(
        "letter",
        "A letter coming out of an envelope: feedback",
        "letter, letters, post, by post, feedback, newsletter, report, reports, write to us, write back, "
        "let you know, tell you",
        '<path d="M10 24V6h28v18"/><path d="M16 12h16M16 18h10"/>'
        '<path d="M5 20v20a3 3 0 0 0 3 3h32a3 3 0 0 0 3-3V20M5 21l19 13 19-13"/>',
    ),
    _p(
        "access",
        "A person in a wheelchair",
        "wheelchair, accessible, access, disabled, disability, disabilities, step-free, hearing loop, "
        "large print, BSL, sign language, easy read, learning disability",
        '<circle cx="22" cy="7" r="3.5"/><path d="M22 14v12h10l4 10h4M22 19h8"/><path d="M17 21a11 11 0 1 0 13 15"/>',
    ),
    _p(
        "food",
        "A cup of tea",
        "food, drink, drinks, tea, coffee, cuppa, lunch, refreshments, snacks, cake, meal, meals, food bank, "
        "breakfast, eat, eating",
        '<path d="M8 17h26v10a11 11 0 0 1-11 11h-4A11 11 0 0 1 8 27z"/><path d="M34 20h3a5 5 0 0 1 0 10h-3"/>'
        '<path d="M16 5c-2 3 2 5 0 8M24 5c-2 3 2 5 0 8M5 43h32"/>',
    ),
    _p(
        "cannot",
        "A cross in a circle: we cannot",
        "cannot, can't, not possible, unable, no, stop, stopped, closed, cancelled",
        '<circle cx="24" cy="24" r="19"/><path d="M16 16l16 16M32 16L16 32"/>',
    ),
    _p(
        "figures",
        "A bar chart: numbers",
        "results, numbers, number, figures, count, counted, out of 10, out of, per cent, percent, how many, "
        "most, total",
        '<path d="M5 43h38M5 5v38"/><path d="M12 43V29h7v14M23 43V18h7v25M34 43V10h7v33"/>',
    ),
    _p(
        "check",
        "A magnifying glass: looking closely",
        "look, looked, looking, check, checked, checking, find, found, search, evaluate, evaluated, "
        "evaluation, how well, study, research",
        '<circle cx="20" cy="20" r="13"/><path d="M29.5 29.5L43 43"/>',
    ),
    _p(
        "next",
        "An arrow pointing forward: what happens next",
        "next, next year, then, after, afterwards, future, coming, what happens, will, going to",
        '<path d="M5 19h22V9l16 15-16 15V29H5z"/>',
    ),
]

PICTURES: dict[str, Picture] = {picture.name: picture for picture in _ALL}
NAMES = tuple(PICTURES)

# Times such as "10am" or "2.30pm" have no word for a keyword to match, so they always count for the clock.
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)


def default_keywords() -> dict[str, tuple[str, ...]]:
    """Each picture's starting keywords: what a new hub starts with, and what a picture added later starts with."""
    return {picture.name: picture.keywords for picture in _ALL}


def clean_keywords(text: str) -> list[str]:
    """Keywords as a coordinator typed them: separated by commas or lines, spaces tidied, repeats left out."""
    seen, kept = set(), []
    for piece in re.split(r"[,\n]", text or ""):
        word = " ".join(piece.split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            kept.append(word)
    return kept


# Every keyword of every picture is tried on each line, so all of them must fit: with fewer places than
# keywords, a least-recently-used cache read in the same order each time never finds one.
@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern:
    # Whole words only, in any case, with a plural or possessive ending: "carer" finds "carers'" but not "career".
    words = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<![\w£]){words}(?:s|es|'s|s')?(?![\w])", re.IGNORECASE)


def picture_for(text: str, keywords: dict[str, tuple[str, ...]] | None = None) -> str:
    """The name of the picture that best fits a line, from its words, or "" when no keyword is in it.

    The picture with the most keywords found wins; on a tie the one with the longest keyword found, then
    the one listed first. `keywords` maps each picture to its keywords (the starting ones if not given).
    """
    keywords = keywords if keywords is not None else default_keywords()
    best, best_score = "", (0, 0)
    for name in NAMES:
        found = [word for word in keywords.get(name, ()) if _pattern(word).search(text)]
        if name == "clock" and _TIME.search(text):
            found.append("00:00")
        if found:
            score = (len(found), max(len(word) for word in found))
            if score > best_score:
                best, best_score = name, score
    return best


def svg(name: str, *, colour: str = "currentColor", size: int = 96, alt: bool = False) -> str:
    """The picture as an SVG element; "" for no picture.

    On a page the line's words say it all, so the picture is hidden from screen readers; where a picture
    stands alone (a PDF's image) `alt` gives it a title and role instead.
    """
    picture = PICTURES.get(name)
    if picture is None:
        return ""
    drawing = picture.drawing.replace("currentColor", colour)
    if alt:
        a11y = f'role="img" aria-label="{escape(picture.alt)}"'
        drawing = f"<title>{escape(picture.alt)}</title>{drawing}"
    else:
        a11y = 'aria-hidden="true" focusable="false"'
    return (
        f'<svg class="et-easy-read__picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="{size}" '
        f'height="{size}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linecap="round" '
        f'stroke-linejoin="round" {a11y}>{drawing}</svg>'
    )
