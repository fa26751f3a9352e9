"""Demo records for theme analysis: the hub's comments gathered, a few coded by an officer, the rest suggested.

The coded comments are invented for the demo. The classifier learns from them alone, so its
suggestions for the other comments are rough: that is what an officer's coding then improves.
"""

from engaging.themes import frameworks, services, training
from engaging.themes.models import Comment, Theme

CODED = [
    ("The bus to the health centre only runs twice a day.", ["Transport to/ from services"], "negative"),
    ("No buses after six, so I could not get to the evening session.", ["Transport to/ from services"], "negative"),
    ("A lift was arranged for me, which made all the difference.", ["Transport to/ from services"], "positive"),
    (
        "The community transport driver was patient and kind.",
        ["Transport to/ from services", "Staff manner & personal attributes"],
        "positive",
    ),
    ("Waited six weeks for a call back about my referral.", ["Timeliness of care", "Continuity of care"], "negative"),
    (
        "It took months to get an appointment with the memory clinic.",
        ["Timeliness of care", "Appointment arrangements"],
        "negative",
    ),
    ("Seen quickly and on time.", ["Timeliness of care"], "positive"),
    ("The staff listened to what mattered to me.", ["Staff listening, understanding & involving patients"], "positive"),
    (
        "Nobody asked what I thought about the plan for my mum.",
        ["Staff listening, understanding & involving patients", "Interaction with family/ carers"],
        "negative",
    ),
    ("They involved my husband in every decision.", ["Interaction with family/ carers"], "positive"),
    ("The receptionist was rude and dismissive.", ["Staff manner & personal attributes"], "negative"),
    ("Friendly, welcoming people at every session.", ["Staff manner & personal attributes"], "positive"),
    ("Could not get through on the phone all morning.", ["Contacting services"], "negative"),
    ("The phone line is always engaged.", ["Contacting services"], "negative"),
    (
        "Nobody told us the meeting had moved.",
        ["Being kept informed, clarity & consistency of information"],
        "negative",
    ),
    ("The letters were clear and arrived in good time.", ["Information provision & guidance"], "positive"),
    ("Too much jargon in the leaflet.", ["Information provision & guidance"], "negative"),
    ("The room was cold and noisy.", ["Sensory experience"], "negative"),
    ("The hall had no step-free access.", ["Environment, facilities & equipment"], "negative"),
    ("Tea and biscuits were a nice touch.", ["Food & drink provision & facilities"], "positive"),
    ("Nowhere to park near the library.", ["Parking"], "negative"),
    ("I felt safe talking in a small group.", ["Feeling safe"], "positive"),
    ("Thank you, it was a really good evening.", ["Positive experience & gratitude"], "positive"),
    ("Brilliant session, thanks to everyone.", ["Positive experience & gratitude"], "positive"),
]


def load(builder) -> None:
    framework = frameworks.get_framework("nhs-patient-experience")
    services.gather_comments(framework=framework)
    officer = builder.users.get("officer-council")
    themes = {t.name: t for t in Theme.objects.filter(framework=framework)}
    for text, names, sentiment in CODED:
        comment, created = Comment.objects.get_or_create(framework=framework, source=Comment.Source.IMPORT, text=text)
        if created:
            services.confirm_themes(
                comment=comment, themes=[themes[n] for n in names], sentiment=sentiment, user=officer
            )
    if training.current_model(framework) is None:
        coded = services.coded_from_confirmed(framework)
        training.train(framework=framework, coded=coded, source="the demo's coded comments", evaluate=False)
    services.classify_comments(framework=framework)
