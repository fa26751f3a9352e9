"""What community voice shows on the board's pages: the stories heard at a meeting.

Added to the board's place in VoiceConfig.ready() (see engaging/core/hooks.py).
"""

from engaging.accounts.access import roles_for
from engaging.core import hooks
from engaging.voice.models import Story


def meeting_stories(request, meeting) -> dict:
    """The consented stories heard at a meeting, on the meeting's page.

    People with a role hear every consented story; anyone else only the public ones. Each shows its title,
    text, teller and who may hear it (its consent), never its themes or groups, so only those are read: one
    query, however many stories there are, or none.
    """
    user = getattr(request, "user", None)
    return {
        "meeting": meeting,
        "stories": list(Story.objects.visible_to(user).select_related("consent").filter(meeting=meeting)),
        "can_add": user is not None and user.has_perm("voice.add_story"),
        "internal": roles_for(user).internal,
    }


def register() -> None:
    hooks.add("meeting-page", template="voice/_meeting_stories.html", context=meeting_stories, order=10)
