"""An activity's lifecycle: its statuses, the moves between them, and which of them mean what.

Kept apart from the models so that the rules about an activity (how people take part, say) can ask
where it stands without importing the models that use those rules. The models hand these on, so
`from engaging.register.models import Status` finds them as well.
"""

from django.db import models


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    REPORTED = "reported", "Reported"
    FED_BACK = "fed_back", "Fed back"
    EVALUATED = "evaluated", "Evaluated"
    CANCELLED = "cancelled", "Cancelled"


# Each status and the statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PLANNED: (Status.OPEN, Status.CANCELLED),
    Status.OPEN: (Status.CLOSED, Status.CANCELLED),
    Status.CLOSED: (Status.REPORTED, Status.CANCELLED),
    Status.REPORTED: (Status.FED_BACK,),
    Status.FED_BACK: (Status.EVALUATED,),
    Status.EVALUATED: (),
    Status.CANCELLED: (),
}

# Statuses in which residents can still take part.
UPCOMING = (Status.PLANNED, Status.OPEN)
# Statuses of an activity that has finished taking part (cancelled ones aside).
FINISHED = (Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED)
