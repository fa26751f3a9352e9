"""Where a signed-in person starts: the page that holds what their role is for.

Officers and coordinators plan and fix the register, so they start on "Your work". A board member
changes nothing in the register and reads the board's papers and figures, so they start on the
board's pages, with the assurance dashboard one click away. Someone who is both a board member and
an officer starts on "Your work": it lists what they have to do, and the menu still has the board.
"""

from django.contrib.auth.views import LoginView

from engaging.accounts.roles import roles_for
from engaging.core.navigation import link

YOUR_WORK = "register:dashboard"
BOARD = "board:index"


def landing_name(roles) -> str | None:
    """The URL name of the page someone with `roles` starts on; None for someone with no role."""
    if roles.coordinator or roles.officer_of:
        return YOUR_WORK
    if roles.board_member:
        return BOARD
    return None


def starts_on_board(user) -> bool:
    """A board member with no other role: the hub's home takes them to the board's pages."""
    return landing_name(roles_for(user)) == BOARD


def landing_url(user) -> str:
    """The address a person is taken to after signing in, when they were not on their way somewhere."""
    return link(landing_name(roles_for(user)) or YOUR_WORK)


class SignInView(LoginView):
    """Django's sign-in, sending each person to their own starting page unless they were on their way elsewhere."""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        from engaging.accounts import sso

        context = super().get_context_data(**kwargs)
        context["sign_on"] = sso.button_label() if sso.enabled() else ""
        return context
