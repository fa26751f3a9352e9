"""The NHS patient-experience framework (version 7): 32 themes in 10 categories, built in.

The theme and category names are the published framework's, exactly as written; the definitions
and keywords are the hub's own short words for what each theme covers. Keywords help the
classifier find a theme that coded comments rarely mention, and are matched at the start of words
("park" finds "parking" and "parked").
"""

KEY = "nhs-patient-experience"
NAME = "NHS patient experience (version 7)"
SOURCE = (
    "Theme names from the NHS England Patient Experience Qualitative Data Categorisation framework, "
    "MIT licence, copyright NHS England."
)

# (category, theme, definition, keywords)
THEMES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "General",
        "Positive experience & gratitude",
        "Praise or thanks for the care or the service as a whole, without a more specific reason.",
        ("thank you", "thanks", "grateful", "excellent service", "brilliant", "fantastic"),
    ),
    (
        "General",
        "Organisation & efficiency",
        "How well the service is run and organised, and whether things happen smoothly and without muddle.",
        ("organised", "disorganised", "efficient", "well run", "admin", "mix up", "shambles"),
    ),
    (
        "General",
        "Funding & use of financial resources",
        "Money: how much the service has, how it is spent, charges and wasted resources.",
        ("funding", "money", "budget", "cost", "cuts", "underfunded", "pay more", "charge"),
    ),
    (
        "General",
        "Feeling safe",
        "Whether people felt safe, secure and protected, or at risk, unsafe or bullied.",
        ("safe", "unsafe", "secure", "bullied", "bullying", "danger", "frightened", "threatened"),
    ),
    (
        "General",
        "Labelling not possible",
        "Too short, unclear or off the subject to be given a theme.",
        (),
    ),
    (
        "Staff",
        "Staff manner & personal attributes",
        "How staff behave towards people: kind, friendly, polite, caring, respectful, or rude and dismissive.",
        ("friendly", "kind", "polite", "caring", "rude", "courteous", "lovely staff", "respectful", "helpful"),
    ),
    (
        "Staff",
        "Competence & training",
        "Whether staff have the skill, knowledge and training for the job, and act professionally.",
        ("professional", "competent", "incompetent", "knowledgeable", "training", "trained", "skilled", "experienced"),
    ),
    (
        "Staff",
        "Staffing levels & responsiveness",
        "Whether there are enough staff, how they are deployed, and how quickly they respond when needed.",
        ("short staffed", "understaffed", "more staff", "not enough staff", "staffing", "busy staff", "call bell"),
    ),
    (
        "Access to medical care & support",
        "Contacting services",
        "Getting through to the service by phone or other means: busy lines, waiting on hold, no reply.",
        ("phone", "call back", "get through", "on hold", "answer the phone", "switchboard", "engaged", "ring"),
    ),
    (
        "Access to medical care & support",
        "Appointment arrangements",
        "Booking, changing and cancelling appointments and the times offered.",
        ("appointment", "booked", "booking", "rebook", "cancelled", "reschedule", "pick up time", "collection time"),
    ),
    (
        "Access to medical care & support",
        "Appointment method",
        "Whether care is given face to face, by phone or by video, and the choice between them.",
        ("face to face", "video call", "telephone appointment", "online consultation", "virtual", "in person"),
    ),
    (
        "Access to medical care & support",
        "Timeliness of care",
        "How long people wait for care, transport or a response, and whether it came on time.",
        ("wait", "waited", "waiting", "delay", "late", "on time", "quick", "prompt", "hours", "slow"),
    ),
    (
        "Communication & involvement",
        "Unspecified communication",
        "Communication in general, without saying who communicated what.",
        ("communication", "communicate"),
    ),
    (
        "Communication & involvement",
        "Staff listening, understanding & involving patients",
        "Whether staff listen, understand what matters to the person, and involve them in decisions.",
        (
            "listened",
            "listen",
            "understanding",
            "involved",
            "took time",
            "ignored",
            "not listened",
            "explained options",
        ),
    ),
    (
        "Communication & involvement",
        "Information directly from staff during care",
        "Explanations and updates given by staff in person during care or treatment.",
        ("explained", "explain", "told me", "kept me informed", "reassured", "reassurance", "talked me through"),
    ),
    (
        "Communication & involvement",
        "Information provision & guidance",
        "Leaflets, letters, websites and advice given to help people understand and manage their care.",
        ("information", "leaflet", "advice", "guidance", "website", "letter", "signposted"),
    ),
    (
        "Communication & involvement",
        "Being kept informed, clarity & consistency of information",
        "Being told what is happening and when, and whether the information is clear and consistent.",
        ("kept informed", "not informed", "updated", "update", "no one told", "conflicting", "let me know"),
    ),
    (
        "Communication & involvement",
        "Interaction with family/ carers",
        "How staff involve, inform and treat family members, carers and escorts.",
        ("family", "carer", "wife", "husband", "daughter", "son", "mother", "relatives", "escort"),
    ),
    (
        "Mental Health specifics",
        "Mental Health Act",
        "Detention, leave, tribunals and rights under the Mental Health Act.",
        ("mental health act", "sectioned", "section 2", "section 3", "tribunal", "detained", "section 17 leave"),
    ),
    (
        "Patient journey & service coordination",
        "Continuity of care",
        "Seeing the same staff, referrals, diagnosis and triage, care plans and how services join up.",
        ("referral", "referred", "same doctor", "continuity", "care plan", "triage", "diagnosis", "follow up"),
    ),
    (
        "Patient journey & service coordination",
        "Discharge",
        "Leaving hospital or a service: planning, timing and what happens afterwards.",
        ("discharge", "discharged", "sent home", "going home"),
    ),
    (
        "Medication & pain",
        "Supplying & understanding medication",
        "Getting the right medicines on time and understanding what they are for.",
        ("medication", "medicine", "prescription", "tablets", "pharmacy", "dose", "drugs"),
    ),
    (
        "Medication & pain",
        "Pain management",
        "How pain is assessed, relieved and taken seriously.",
        ("pain", "painful", "pain relief", "painkillers", "morphine", "gas and air"),
    ),
    (
        "Activities",
        "Activities & access to fresh air",
        "Things to do during a stay, groups, exercise and time outdoors.",
        ("activities", "bored", "boredom", "fresh air", "garden", "outside", "groups", "gym"),
    ),
    (
        "Activities",
        "Electronic entertainment",
        "Television, radio, wifi and devices for entertainment during a stay.",
        ("tv", "television", "wifi", "wi-fi", "radio", "internet", "games console", "phone charger"),
    ),
    (
        "Environment, equipment & catering",
        "Cleanliness, tidiness & infection control",
        "How clean and tidy places and vehicles are, and hygiene against infection.",
        ("clean", "dirty", "hygiene", "tidy", "infection", "mask", "hand gel", "untidy"),
    ),
    (
        "Environment, equipment & catering",
        "Sensory experience",
        "Noise, light, temperature and smells.",
        ("noise", "noisy", "loud", "quiet", "too hot", "too cold", "cold", "smell", "temperature"),
    ),
    (
        "Environment, equipment & catering",
        "Environment, facilities & equipment",
        "Buildings, rooms, vehicles, furniture, toilets and the equipment used in care.",
        ("ward", "building", "facilities", "equipment", "wheelchair", "vehicle", "seat", "toilet", "bed", "stretcher"),
    ),
    (
        "Environment, equipment & catering",
        "Food & drink provision & facilities",
        "Meals, snacks and drinks: choice, quality, and access to them.",
        ("food", "meal", "meals", "drink", "tea", "coffee", "water", "snack", "menu", "hungry", "thirsty"),
    ),
    (
        "Service location, travel & transport",
        "Service location",
        "Where services are, and how near or far they are from home.",
        ("location", "local", "closer to home", "too far", "distance", "nearer"),
    ),
    (
        "Service location, travel & transport",
        "Transport to/ from services",
        "Travel to and from care, including patient transport and ambulances.",
        ("transport", "ambulance", "taxi", "bus", "driver", "journey", "lift home", "pick up", "picked up"),
    ),
    (
        "Service location, travel & transport",
        "Parking",
        "Parking at services: spaces, cost and distance from the door.",
        ("parking", "car park", "park", "parked", "parking space", "disabled bay"),
    ),
]

CATEGORIES = list(dict.fromkeys(category for category, *_ in THEMES))
