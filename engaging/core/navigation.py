"""The service menu and the footer's links, built once per process for each kind of visitor and section.

Every page shows them, so they are built in Python from the table below rather than from template
tags: reversing some twenty URLs and walking the template's conditions on every request cost more
than many pages' own work. What varies is only the section a page belongs to and what the visitor
may see, so each combination is built once and kept; the sign-out form's CSRF token, which differs
per request, is put in afterwards.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape

EVERYONE = "everyone"
INTERNAL = "internal"  # anyone with a role: coordinators, board members and officers
COORDINATOR = "coordinator"
BOARD = "board"  # board members and coordinators, who read the board's figures


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    sections: tuple[str, ...]
    shown_to: str = EVERYONE


MENU = (
    Item("Get involved", "public:activities", ("public",)),
    Item("You said, we did", "yswd:index", ("yswd",)),
    Item("Register", "register:list", ("register",), INTERNAL),
    Item("Insight", "insight:library", ("insight",), INTERNAL),
    Item("Feedback and evaluation", "loop:index", ("loop", "evaluation"), INTERNAL),
    Item("Board", "board:index", ("board", "voice"), INTERNAL),
    Item("Assurance", "assurance:dashboard", ("assurance",), BOARD),
    Item("Joining up", "joining:fatigue", ("joining",), INTERNAL),
    Item("Shared lists", "lists:index", ("lists",), COORDINATOR),
    Item("People", "accounts:people", (), COORDINATOR),
)
ACCOUNT = Item("Your account", "accounts:profile", ("accounts",))

FOOTER = (
    ("About {service}", "public:home"),
    ("Accessibility", "public:accessibility"),
    ("Words we use", "plain:words"),
    ("Local Account", "reports:local_accounts"),
    ("Residents' stories", "voice:public"),
    ("API", "api:openapi-view"),
)

# Stands in for the CSRF token in kept HTML; it cannot occur in an escaped label or URL.
TOKEN = "\x00csrf\x00"


def link(url_name: str) -> str:
    """The path of a view that takes no arguments, reversed once per process."""
    return _link(url_name, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=128)
def _link(url_name: str, _prefix: str, urlconf) -> str:
    return reverse(url_name, urlconf=urlconf)


def _item(item: Item, section: str) -> str:
    active = section in item.sections
    marked = " govuk-service-navigation__item--active" if active else ""
    current = ' aria-current="true"' if active else ""
    return (
        f'<li class="govuk-service-navigation__item{marked}">\n'
        f'  <a class="govuk-service-navigation__link" href="{escape(link(item.url_name))}"{current}>'
        f"{escape(item.label)}</a>\n</li>"
    )


@lru_cache(maxsize=512)
def _menu(
    section: str, internal: bool, coordinator: bool, signed_in: bool, _prefix: str, _urlconf, board: bool = False
) -> str:
    shown = {EVERYONE, *([INTERNAL] if internal else []), *([COORDINATOR] if internal and coordinator else [])}
    if internal and (board or coordinator):
        shown.add(BOARD)
    items = [_item(item, section) for item in MENU if item.shown_to in shown]
    if signed_in:
        items.append(_item(ACCOUNT, section))
        items.append(
            '<li class="govuk-service-navigation__item">\n'
            f'  <form method="post" action="{escape(link("accounts:logout"))}" class="et-inline-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN}">\n'
            '    <button type="submit" class="et-link-button govuk-service-navigation__link">Sign out</button>\n'
            "  </form>\n</li>"
        )
    else:
        items.append(
            '<li class="govuk-service-navigation__item">\n'
            f'  <a class="govuk-service-navigation__link" href="{escape(link("accounts:login"))}">Sign in</a>\n</li>'
        )
    return "\n".join(items)


def menu(section: str, roles, signed_in: bool, csrf_token: str) -> str:
    """The menu's items for a page in `section`, as seen by someone with `roles`."""
    html = _menu(
        section or "",
        roles.internal,
        roles.coordinator,
        signed_in,
        get_script_prefix(),
        get_urlconf(),
        board=roles.board_member,
    )
    return html.replace(TOKEN, escape(csrf_token)) if signed_in else html


@lru_cache(maxsize=32)
def _footer(service_name: str, _prefix: str, _urlconf) -> str:
    return "\n".join(
        f'<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{escape(link(name))}">'
        f"{escape(label.format(service=service_name))}</a></li>"
        for label, name in FOOTER
    )


def footer(service_name: str) -> str:
    return _footer(service_name, get_script_prefix(), get_urlconf())
