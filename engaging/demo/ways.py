"""How residents take part in the demo's public activities: web links, email addresses, phone numbers and places.

Every address is invented and sits at example.org; every phone number is one Ofcom keeps for drama
(01632 960xxx and 020 7946 0xxx), so none of them reaches a real person. The places are real kinds
of Dudley venue, with times written so they read true whatever day the demo is loaded.
"""

# Each organisation's public inbox and phone line, used when an activity offers email or phone.
ORGANISATION_WAYS = {
    "council": ("haveyoursay@dudley-council.example.org", "01632 960 101"),
    "public_health": ("healthier.dudley@example.org", "01632 960 102"),
    "ccg": ("getinvolved@dudley-ccg.example.org", "01632 960 103"),
    "healthwatch": ("hello@healthwatch-dudley.example.org", "01632 960 104"),
    "cvs": ("training@dudley-cvs.example.org", "01632 960 105"),
    "police": ("dudley.neighbourhoods@example.org", "020 7946 0106"),
    "nhs_england": ("dental.survey@nhs-midlands.example.org", "020 7946 0107"),
    "development_group": ("board.coordinator@example.org", "01632 960 108"),
    "acute_trust": ("patient.experience@dudley-hospitals.example.org", "01632 960 109"),
    "mental_health_trust": ("involvement@black-country-mh.example.org", "01632 960 110"),
    "community_health": ("community.nursing@example.org", "01632 960 111"),
    "carers_centre": ("cafe@dudley-carers.example.org", "01632 960 112"),
    "youth_forum": ("research@dudley-youth-forum.example.org", "01632 960 113"),
    "tenants": ("tenants@example.org", "01632 960 114"),
    "refugee_group": ("welcome@dudley-refugees.example.org", "01632 960 115"),
}

# By title: a web link, a place and its times, whether to offer the organisation's email and phone
# (both, unless told), and the notes shown under them when the ways say the rest.
WAYS: dict[str, dict] = {
    "Urgent care consultation: lunchtime and evening sessions": {
        "url": "https://example.org/ccg/urgent-care-consultation",
        "place": "Dudley Council House, Priory Road, Dudley DY1 1HF, and town halls in Halesowen and Stourbridge",
        "times": "Lunchtime sessions 12 to 2pm and evening sessions 6 to 8pm",
        "notes": "Ask us to visit your group, or for the questionnaire on paper or in another language.",
    },
    "Patient participation groups: a group in every GP practice": {
        "notes": "Ask at your GP reception how to join the practice's patient group."
    },
    "Patient participation group network: Halesowen locality meeting": {
        "place": "Halesowen Community Centre, Queensway, Halesowen B63 4AB",
        "times": "Tea from 6pm, meeting from 6.30 to 8pm",
        "notes": "Open to members of any patient group at a Halesowen practice.",
    },
    "Young people's emotional wellbeing services: have your say": {
        "url": "https://example.org/ccg/young-peoples-wellbeing-survey",
        "place": "Focus groups at schools and youth clubs in Brierley Hill, Kingswinford and Wordsley",
        "times": "After school, 4 to 5.30pm. Ask us for the dates near you",
        "notes": "Parents are welcome at their own session.",
    },
    "Diabetes care: designing the pathway with patients": {"url": "https://example.org/ccg/diabetes-pathway-report"},
    "Mental health crisis care: designing the crisis pathway together": {
        "place": "Brierley Hill Civic Hall, Bank Street, Brierley Hill DY5 3DH",
        "times": "Four design workshops on Wednesdays, 10am to 3pm",
        "notes": "We pay travel and provide lunch. You can also talk to us one to one by phone.",
    },
    "Walk-in centre questionnaire: why people came and what they needed": {
        "url": "https://example.org/healthwatch/walk-in-centre-findings"
    },
    "Enter and view: care homes in Halesowen": {},
    "Leaving hospital: patients' and carers' experiences of discharge": {},
    "Getting a GP appointment: tell us how it went": {
        "url": "https://example.org/healthwatch/gp-appointments-survey",
        "place": "Our stall at Dudley market (Market Place, Dudley DY1 1PJ) and at Stourbridge Library",
        "times": "Saturdays 10am to 2pm at the market; Mondays 1 to 4pm at the library",
        "notes": "Phone us and we will fill in the survey with you.",
    },
    "Young people's experience of GP services": {
        "url": "https://example.org/healthwatch/young-people-gp-survey",
        "notes": "You can also fill in the survey at school or youth club, or join a focus group run by young "
        "researchers.",
    },
    "Deaf people's access to health services": {},
    "Finding an NHS dentist: tell us your experience": {
        "url": "https://example.org/healthwatch/dentist-survey",
        "place": "Brierley Hill Library, Moor Street, Brierley Hill",
        "times": "Drop in on Thursdays, 10am to 1pm",
        "notes": "Paper copies of the survey are at every library in the borough.",
    },
    "Homeless people's health: outreach at the night shelter": {},
    "Feeling the Difference survey: this year's Dudley interviews": {
        "url": "https://example.org/police/feeling-the-difference-results",
        "email": False,
        "phone": False,
        "notes": "People are chosen at random and phoned, so you cannot sign up. Results are published every quarter.",
    },
    "Feeling the Difference survey: last year's Dudley results": {
        "url": "https://example.org/police/feeling-the-difference-results"
    },
    "Neighbourhood priorities meeting: Castle and Priory": {
        "place": "Priory Community Centre, Cedar Road, Priory Estate, Dudley DY1 4HN",
        "times": "Drop in any time between 5 and 7pm",
        "notes": "No need to book.",
    },
    "Young people and policing: sessions in schools and youth clubs": {
        "notes": "Ask your school or youth club whether a session is booked."
    },
    "Hate crime: listening to Deaf, disabled, LGBT and minority ethnic residents": {},
    "Ask your neighbourhood team: live online question time": {
        "url": "https://example.org/police/ask-your-neighbourhood-team",
        "phone": False,
        "notes": "You can also post your question on the force's local social media pages.",
    },
    "Dudley Youth Parliament: annual sitting": {},
    "Youth parliament: mental health question time": {
        "place": "Dudley Council House, Priory Road, Dudley DY1 1HF",
        "times": "5 to 7pm",
        "notes": "Any young person aged 11 to 25 can come. Book a free place through your school, youth club or us.",
    },
    "Adult social care Local Account: you said, we did": {"url": "https://example.org/council/local-account"},
    "Adult social care Local Account: join this year's readers' panel": {
        "notes": "We pay travel and can arrange support or a carer's break so you can come."
    },
    "Older people's day opportunities: consultation on changes": {
        "url": "https://example.org/council/day-opportunities-consultation",
        "place": "Any of our day centres, including Queens Cross Centre, Stourbridge Road, Dudley DY1 2DL",
        "times": "Drop-ins on weekdays, 10.30am to 12.30pm",
        "notes": "Ask us for the proposals on paper or in Easy Read.",
    },
    "Carers' strategy refresh: what would help you keep caring?": {
        "url": "https://example.org/council/carers-strategy-survey",
        "place": "Dudley Carers' Centre, 1 Trinity Road, Dudley DY1 1JB",
        "times": "Drop-ins on Wednesdays, 10am to 12 noon; young carers on Fridays, 4 to 6pm",
    },
    "Library services review": {"url": "https://example.org/council/library-review-results"},
    "Tenants' and residents' survey: Castle and Priory estates": {
        "url": "https://example.org/council/tenants-survey",
        "place": "Priory housing office, Priory Road, Dudley DY1 4EU",
        "times": "Weekdays, 9am to 4pm",
        "notes": "We are knocking on doors on the estates this month.",
    },
    "Learning disability partnership board: a day services charter": {},
    "Special educational needs and disabilities: parent carer forum": {
        "place": "Saltwells Education Development Centre, Bowling Green Road, Netherton DY2 9LY",
        "times": "10am to 12.30pm",
        "notes": "Free crèche if you book by the Friday before.",
    },
    "Traveller site improvements: residents' views": {},
    "JSNA community conversations: what keeps people well where you live": {},
    "JSNA refresh: mapping community assets with local groups": {
        "url": "https://example.org/public-health/community-map",
        "place": "Mapping workshops at Dudley Library, St James's Road, and Halesowen Library, Queensway",
        "times": "Tuesdays 6 to 8pm",
    },
    "Healthy families: cooking and activity sessions designed with parents": {},
    "Stop smoking service: online consultation on the new model": {
        "url": "https://example.org/public-health/stop-smoking-consultation"
    },
    "Active ageing: what would help you walk more?": {
        "url": "https://example.org/public-health/walking-survey",
        "place": "Stourbridge Library, Crown Centre, Stourbridge DY8 1YE",
        "times": "Focus groups after the Friday health walk, 11.30am to 12.30pm",
        "notes": "Paper copies of the survey are at every Stourbridge library.",
    },
    "Sexual health services: young people's mystery shop": {},
    "Pharmaceutical needs assessment: public survey": {
        "url": "https://example.org/public-health/pharmacy-survey-results"
    },
    "Faith and health: conversations with faith communities": {
        "notes": "Ask your place of worship to invite us, or contact us to arrange a conversation."
    },
    "NHS dental services: patient survey in the Black Country": {
        "url": "https://example.org/nhs/black-country-dental-survey",
        "notes": "Paper copies are at GP practices and pharmacies.",
    },
    "Screening and immunisation: talking with Gypsy, Roma and Traveller families": {},
    "Engaging together training: introduction to survey design": {},
    "Engaging together training: working in inclusive ways": {},
    "Engaging together training: introduction to running focus groups": {
        "url": "https://example.org/cvs/training-bookings",
        "place": "Dudley CVS, 7 Albion Street, Brierley Hill DY5 3EE",
        "times": "9.30am to 12.30pm",
        "notes": "Free to staff and volunteers of any partner organisation or community group.",
    },
    "Engaging together training: using social media in community engagement": {
        "url": "https://example.org/cvs/training-bookings",
        "place": "Dudley CVS, 7 Albion Street, Brierley Hill DY5 3EE",
        "times": "1.30 to 4.30pm",
        "notes": "Free to staff and volunteers of any partner organisation or community group.",
    },
    "Community engagement network: joining up engagement across the partnership": {},
    "Community engagement network: feeding back to communities": {},
    "Community engagement network: co-production in practice": {
        "url": "https://example.org/cvs/network-bookings",
        "place": "Netherton Arts Centre, Northfield Road, Netherton DY2 9ER",
        "times": "10am to 1pm, lunch from 1pm",
        "notes": "Free and open to anyone who runs or takes part in engagement.",
    },
    "Carers' café conversations": {
        "place": "The carers' café, Stourbridge Town Hall, Market Street, Stourbridge DY8 1AB",
        "times": "Tuesdays and Thursdays, 10am to 12 noon",
        "notes": "Just drop in. Bring the person you care for if you like.",
    },
    "Young people's mental health: peer research by the youth forum": {
        "url": "https://example.org/youth-forum/your-say",
        "notes": "Join the research team if you are 14 to 25: training is free.",
    },
    "Registering with a GP: refugees' and asylum seekers' experiences": {},
    "Maternity services: listening events for new parents": {
        "place": "Children's centres across the borough, including Wrens Nest Children's Centre, Dudley DY1 3NQ",
        "times": "Mondays and Thursdays, 10am to 12 noon",
        "notes": "Babies and toddlers are very welcome.",
    },
    "Outpatient appointments: patient experience survey": {},
    "Inpatient wards: patient and carer focus groups on the ward environment": {
        "notes": "Contact us to book a place. We pay travel and you can bring someone with you."
    },
    "Recovery college: designing next term's courses": {},
    "District nursing: planning care together with patients": {
        "notes": "If you see a district nurse, ask them about your care plan."
    },
}


def ways_for(spec: dict) -> dict:
    """The ways-to-take-part fields for a public activity in the demo (none for a private one)."""
    if not spec.get("is_public", True):
        return {}
    known = WAYS.get(spec["title"], {})
    email, phone = ORGANISATION_WAYS[spec["lead"]]
    fields = {
        "take_part_url": known.get("url", ""),
        "take_part_email": email if known.get("email", True) else "",
        "take_part_phone": phone if known.get("phone", True) else "",
        "take_part_place": known.get("place", ""),
        "take_part_times": known.get("times", ""),
    }
    if "notes" in known:
        fields["how_to_take_part"] = known["notes"]
    return fields
