"""What the assurance pages share: their crumbs. Who may read them is asked with engaging.accounts.access."""

from django.urls import NoReverseMatch

from engaging.core.navigation import link

HOME = ("Home", "/")
DASHBOARD = ("Assurance dashboard", "/assurance/")


def board_crumb() -> tuple[str, str | None]:
    try:
        return ("Board", link("board:index"))  # reversed once per process
    except NoReverseMatch:
        return ("Board", None)
