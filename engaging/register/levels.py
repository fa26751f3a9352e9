"""What each level of influence means for residents, in one line they can use."""

from engaging.register.models import EngagementLevel

# Shown beside the level on public pages and in the public filter: the levels' own names are the
# partnership's words, not residents'.
LEVEL_MEANINGS = {
    EngagementLevel.INFORM: "We will tell you what is happening",
    EngagementLevel.CONSULT: "We will ask what you think before we decide",
    EngagementLevel.INVOLVE: "We will work with you on the options",
    EngagementLevel.COLLABORATE: "We will decide together",
    EngagementLevel.EMPOWER: "You decide",
}
