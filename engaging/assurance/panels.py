"""What assurance shows on the board's pages: an agenda item's engagement assessment.

Added to the board's place in AssuranceConfig.ready() (see engaging/core/hooks.py).
"""

from engaging.core import hooks


def agenda_item_assessment(request, agenda_item) -> dict | None:
    """On an agenda item's page: a link to its generated engagement assessment, and to the Word version."""
    if agenda_item is None or request is None or not request.user.has_perm("assurance.view_assessment"):
        return None
    return {"item": agenda_item}


def register() -> None:
    hooks.add("agenda-item-page", template="assurance/_assessment_link.html", context=agenda_item_assessment, order=10)
