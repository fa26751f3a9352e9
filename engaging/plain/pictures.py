"""Pictures for Easy Read, drawn for this project as simple line icons (SVG), and how one is chosen for an idea.

Each picture is a 48 × 48 drawing in the current text colour. Easy Read puts one beside each
idea; the words carry the meaning, so the pictures are hidden from screen readers.
Pure Python: no Django.
"""

import re

# name: (label for choosing it, the drawing)
PICTURES: dict[str, tuple[str, str]] = {
    "info": (
        "Information",
        '<circle cx="24" cy="24" r="18"/><path d="M24 22v11"/><circle cx="24" cy="15" r="1.6" fill="currentColor"/>',
    ),
    "calendar": (
        "Calendar (dates)",
        '<rect x="6" y="10" width="36" height="32" rx="3"/><path d="M6 18h36M16 6v8M32 6v8"/>'
        '<path d="M14 26h4M22 26h4M30 26h4M14 34h4M22 34h4"/>',
    ),
    "clock": ("Clock (times)", '<circle cx="24" cy="24" r="18"/><path d="M24 13v11l8 5"/>'),
    "place": (
        "Map pin (places)",
        '<path d="M24 44S10 29.5 10 19a14 14 0 0 1 28 0c0 10.5-14 25-14 25z"/><circle cx="24" cy="19" r="5"/>',
    ),
    "speech": (
        "Speech bubble (telling us)",
        '<path d="M8 8h32a4 4 0 0 1 4 4v16a4 4 0 0 1-4 4H20l-9 8v-8H8a4 4 0 0 1-4-4V12a4 4 0 0 1 4-4z"/>'
        '<path d="M13 16h22M13 23h15"/>',
    ),
    "question": (
        "Question mark (questions)",
        '<circle cx="24" cy="24" r="18"/><path d="M18.5 19a5.5 5.5 0 1 1 8 4.9c-1.6.8-2.5 2-2.5 3.6V30"/>'
        '<circle cx="24" cy="35.5" r="1.6" fill="currentColor"/>',
    ),
    "people": (
        "People (groups and meetings)",
        '<circle cx="17" cy="15" r="6"/><circle cx="33" cy="17" r="5"/>'
        '<path d="M5 40c0-7 5.4-12 12-12s12 5 12 12M29 30.5a10 10 0 0 1 14 9.5"/>',
    ),
    "support": (
        "Heart in a hand (care and support)",
        '<path d="M24 24s-8-5-8-10a4.5 4.5 0 0 1 8-2.8 4.5 4.5 0 0 1 8 2.8c0 5-8 10-8 10z"/>'
        '<path d="M6 30v12M6 32h9l8 4h10a3.5 3.5 0 0 0 0-7h-8l-5-3H6"/>',
    ),
    "heart": (
        "Heart (health and feelings)",
        '<path d="M24 40S7 30 7 18.5a8.5 8.5 0 0 1 17-2.5 8.5 8.5 0 0 1 17 2.5C41 30 24 40 24 40z"/>',
    ),
    "doctor": (
        "Medical cross (doctors and hospitals)",
        '<rect x="7" y="7" width="34" height="34" rx="7"/><path d="M24 15v18M15 24h18"/>',
    ),
    "phone": (
        "Telephone",
        '<path d="M14 6h6l3 9-4.5 3a22 22 0 0 0 11.5 11.5l3-4.5 9 3v6a4 4 0 0 1-4 4'
        'C21 38 10 27 10 10a4 4 0 0 1 4-4z"/>',
    ),
    "letter": (
        "Envelope (email and letters)",
        '<rect x="6" y="11" width="36" height="26" rx="3"/><path d="M7 13l17 14 17-14"/>',
    ),
    "computer": (
        "Computer (online)",
        '<rect x="6" y="8" width="36" height="24" rx="2"/><path d="M24 32v8M16 40h16"/>',
    ),
    "money": (
        "Pound coin (money)",
        '<circle cx="24" cy="24" r="18"/><path d="M29 17a5 5 0 0 0-9 3v12M16 26h10M16 32h16"/>',
    ),
    "child": (
        "Adult and child (children and families)",
        '<circle cx="16" cy="11" r="5"/><path d="M8 42V27a8 8 0 0 1 16 0v15"/>'
        '<circle cx="34" cy="22" r="4"/><path d="M28 42v-9a6 6 0 0 1 12 0v9"/>',
    ),
    "bus": (
        "Bus (travel)",
        '<rect x="10" y="6" width="28" height="30" rx="4"/><path d="M10 15h28M10 25h28"/>'
        '<circle cx="17" cy="39" r="3"/><circle cx="31" cy="39" r="3"/>',
    ),
    "access": (
        "Wheelchair (access)",
        '<circle cx="22" cy="8" r="3"/><path d="M22 14v12h10l4 10M22 20h8"/><path d="M17 22a10 10 0 1 0 13 13"/>',
    ),
    "food": (
        "Cup (food and drink)",
        '<path d="M9 16h25v11a10 10 0 0 1-10 10h-5A10 10 0 0 1 9 27z"/><path d="M34 19h3a5 5 0 0 1 0 10h-3"/>'
        '<path d="M17 6v5M25 6v5"/>',
    ),
    "write": ("Pen (forms and booking)", '<path d="M31 8l9 9-22 22H9v-9z"/><path d="M27 12l9 9"/>'),
    "home": ("House (home)", '<path d="M7 23L24 8l17 15"/><path d="M12 19v21h24V19"/><path d="M21 40V30h6v10"/>'),
    "tick": ("Tick (decisions and changes)", '<circle cx="24" cy="24" r="18"/><path d="M15 24l6 6 12-12"/>'),
}

# The first rule whose words appear in an idea chooses its picture.
_RULES = [
    ("phone", r"phone|telephone|call|ring us|text us|mobile"),
    ("letter", r"e-?mail|letter|post it|write to|contact us"),
    ("computer", r"online|website|internet|web|computer|www|https?|zoom|teams|video"),
    ("money", r"costs?|pay|paid|money|free|£|vouchers?|budget|price"),
    ("access", r"wheelchair|accessible|access|disabled|disability|bsl|sign language|interpreters?|large print"),
    ("bus", r"bus|buses|travel|transport|cars?|parking|taxi"),
    ("food", r"refreshments|tea|coffee|lunch|food|drinks?|snacks?|meals?|cake"),
    ("calendar", r"dates?|days?|weeks?|months?|when|monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
    ("clock", r"time|times|o'clock|hours?|minutes|\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)"),
    ("doctor", r"gps?|doctors?|nurses?|hospitals?|clinics?|appointments?|surgery|pharmacy|medicines?|nhs"),
    ("child", r"child|children|young people|young|schools?|family|families|parents|baby|babies"),
    ("support", r"carers?|caring|support|help|helps"),
    ("heart", r"health|healthy|wellbeing|mental|feel|feelings|happy|lonely"),
    ("question", r"questions?|ask|asks|asking|survey|questionnaire"),
    ("speech", r"tell|say|views?|talk|share|ideas?|think|opinions?|feedback|voice|listen|hear|said"),
    ("write", r"forms?|fill in|sign up|book|register"),
    ("place", r"where|venue|library|centre|center|hall|building|room|park|street|road|town|village|near you"),
    ("home", r"home|homes|house|housing"),
    ("people", r"people|groups?|meet|meeting|together|everyone|community|residents|neighbours"),
    ("tick", r"decide|decided|decision|decisions|change|changes|results?|plans?|happen|happens|next"),
]
_COMPILED = [(name, re.compile(rf"(?<![\w£])(?:{words})(?![\w])", re.IGNORECASE)) for name, words in _RULES]
_MONTHS = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


def picture_for(text: str) -> str:
    """The name of the picture that best fits an idea, from the words in it; "info" if none fits."""
    if _MONTHS.search(text):
        return "calendar"
    if "?" in text:
        return "question"
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return "info"


def svg(name: str) -> str:
    """The picture as an inline SVG element, hidden from screen readers (the idea's words say it all)."""
    _, drawing = PICTURES.get(name, PICTURES["info"])
    return (
        '<svg class="et-easy-read__picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="96" '
        'height="96" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" '
        f'stroke-linejoin="round" aria-hidden="true" focusable="false">{drawing}</svg>'
    )
