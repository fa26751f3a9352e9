"""What each level of influence means for residents, in one line they can use."""

from engaging.register.models import EngagementLevel, EngagementType

# Shown beside the level on public pages and in the public filter: the levels' own names are the
# partnership's words, not residents'.
LEVEL_MEANINGS = {
    EngagementLevel.INFORM: "We will tell you what is happening",
    EngagementLevel.CONSULT: "We will ask what you think before we decide",
    EngagementLevel.INVOLVE: "We will work with you on the options",
    EngagementLevel.COLLABORATE: "We will decide together",
    EngagementLevel.EMPOWER: "You decide",
}

# For officers choosing a type on the planning form: what each type of engagement is for.
TYPE_MEANINGS = {
    EngagementType.INFORMATION: "Telling people about a service or a change; no views are asked for",
    EngagementType.INSIGHT: "Hearing people's experiences, to understand what it is like for them",
    EngagementType.CONSULTATION: "Asking views on a proposal before a decision is made",
    EngagementType.COLLECTIVE_INVOLVEMENT: "Groups of people helping to shape a service or a plan",
    EngagementType.INDIVIDUAL_INVOLVEMENT: "People taking part in decisions about their own care or support",
    EngagementType.CO_PRODUCTION: "People designing and running something with you, as equal partners",
}
