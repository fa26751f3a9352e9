"""Demo stories: residents' experiences, told in different ways, with consent; one whose consent was withdrawn.

The tellers are invented. Stories are linked to the demo board's meetings when there are any.
"""

from datetime import date, timedelta

from engaging.insight.models import Theme
from engaging.voice import services
from engaging.voice.models import Consent, Story

THEMES = {
    "carers": "Support for carers",
    "transport": "Getting to appointments",
    "mental": "Mental health support",
    "gp": "Getting a GP appointment",
    "housing": "Housing and health",
}

# title, naming, told by, scope, group keys, theme keys, meeting index (or None), days into the year, text
STORIES = [
    (
        "Waiting for a carer's assessment",
        Story.Naming.FIRST_NAME,
        "Maureen",
        Consent.Scope.PUBLIC,
        ["carers", "older"],
        ["carers"],
        0,
        40,
        "I have looked after my husband since his stroke. I asked for a carer's assessment in the spring.\n"
        "I rang every week. Each time I spoke to someone new and had to explain everything again.\n"
        "It was the autumn before anyone came. By then I had stopped sleeping. I just wanted one person "
        "who knew us.",
    ),
    (
        "The last bus home from the hospital",
        Story.Naming.DESCRIPTION,
        "An older man from Sedgley",
        Consent.Scope.PUBLIC,
        ["older"],
        ["transport"],
        1,
        95,
        "My clinic at Russells Hall runs late most weeks. The last bus that gets me home leaves at ten to six.\n"
        "Twice I have had to choose between seeing the consultant and getting home. A taxi costs more than "
        "I spend on food in a week.",
    ),
    (
        "Nobody asked me how I was",
        Story.Naming.ANONYMOUS,
        "",
        Consent.Scope.BOARD,
        ["young"],
        ["mental"],
        1,
        100,
        "I went to my GP three times about feeling low. Each time I got a leaflet.\n"
        "At college a youth worker sat with me for an hour and asked how I actually was. That was the first "
        "time anyone did. I would not have gone back to the doctor without her.",
    ),
    (
        "Signing at the GP surgery",
        Story.Naming.FULL_NAME,
        "Jordan Ellis",
        Consent.Scope.PUBLIC,
        ["deaf"],
        ["gp"],
        None,
        150,
        "To book an interpreter I have to phone the surgery, and I am Deaf. My neighbour makes the call for me, "
        "so she knows my business.\n"
        "When the surgery started taking requests by text, everything changed. Please make that normal "
        "everywhere.",
    ),
    (
        "Moving between sites",
        Story.Naming.DESCRIPTION,
        "A Traveller mum from Pensnett",
        Consent.Scope.BOARD,
        ["grt"],
        ["gp"],
        2,
        200,
        "We were told we could not register without a fixed address. My youngest missed two of his jabs "
        "because of it.\n"
        "The health visitor who came to the site was brilliant. She should not have been the only way in.",
    ),
    (
        "Finding my feet after leaving care",
        Story.Naming.FIRST_NAME,
        "Kayla",
        Consent.Scope.PUBLIC,
        ["care_leavers", "young"],
        ["mental", "housing"],
        2,
        210,
        "At eighteen I had a flat, a bus pass and a phone number. The phone number did not answer after five.\n"
        "The care leavers' group on Thursdays is what kept me going. We cook, we talk, and nobody writes "
        "anything down.",
    ),
    (
        "A bed, but no doctor",
        Story.Naming.ANONYMOUS,
        "",
        Consent.Scope.BOARD,
        ["homeless"],
        ["housing", "gp"],
        None,
        260,
        "When I was in the hostel I could not register with a GP, so I used A&E for everything, even my "
        "tablets.\n"
        "The nurse who came to the hostel on Tuesdays sorted more in one visit than A&E did in a year.",
    ),
    (
        "The food bank told me about the drop-in",
        Story.Naming.FIRST_NAME,
        "Sunita",
        Consent.Scope.PUBLIC,
        ["adults"],
        ["mental"],
        None,
        300,
        "I only found the wellbeing drop-in because a volunteer at the food bank mentioned it.",
    ),
]
WITHDRAWN = "The food bank told me about the drop-in"
# Public stories left for a coordinator to approve, so the demo shows the queue; the others are approved.
WAITING = {"Finding my feet after leaving care", "Signing at the GP surgery"}


def _meetings(builder) -> list:
    """Three of the board's demo meetings that have happened, oldest first, if the board's demo is loaded."""
    from engaging.board.models import Meeting

    return list(Meeting.objects.filter(starts_at__date__lte=builder.today).order_by("starts_at")[:3])


def load(builder) -> None:
    themes = {key: builder._get_or_create("themes", Theme.everything, name=name) for key, name in THEMES.items()}
    meetings = _meetings(builder)
    recorder = builder.users.get("coordinator")
    start_of_year = date(builder.today.year - 1, 1, 1)
    for title, naming, told_by, scope, groups, theme_keys, meeting_index, day, text in STORIES:
        if Story.everything.filter(title=title).exists():
            continue
        meeting = meetings[meeting_index] if meeting_index is not None and meeting_index < len(meetings) else None
        heard_on = meeting.starts_at.date() if meeting else start_of_year + timedelta(days=day)
        story = services.record_story(
            recorded_by=recorder,
            title=title,
            naming=naming,
            told_by=told_by,
            text=text,
            themes=[themes[key] for key in theme_keys],
            groups=[builder.groups[key] for key in groups if key in builder.groups],
            meeting=meeting,
            consent_given_by=told_by or "The teller",
            consent_given_on=min(heard_on, builder.today),
            scope=scope,
        )
        builder.result.created["stories"] += 1
        if scope == Consent.Scope.PUBLIC and title not in WAITING:
            services.approve_story(story=story, user=recorder)
        if title == WITHDRAWN:
            services.withdraw_consent(story=story, user=recorder, note="The teller asked us by phone to remove it.")
