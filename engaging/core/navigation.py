"""The service menu and the footer's links, built once per process for each kind of visitor and section.

Every page shows them, so they are built in Python from the table below rather than from template
tags: reversing some twenty URLs and walking the template's conditions on every request cost more
than many pages' own work. What varies is only the section a page belongs to and what the visitor
may see, so each combination is built once and kept; the sign-out form's CSRF token, which differs
per request, is put in afterwards.

They are kept with functools' lru_cache rather than the hub's cache (engaging/core/cache.py) on
purpose: they read no table, so there is nothing for a write to invalidate, and what they depend on
(the code, the URL configuration, the script prefix and the service's name) is all in their
arguments. A cache key would cost a digest on every page for each of them; an lru_cache costs a
dictionary look-up.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape

EVERYONE = "everyone"
INTERNAL = "internal"  # anyone with a role: coordinators, board members and officers
COORDINATOR = "coordinator"
BOARD = "board"  # board members and coordinators, who read the board's figures
# Officers who read no board figures. Board members and coordinators reach the same pages from the assurance
# dashboard, whose section they belong to, so their menu keeps to one line at desktop width.
OFFICERS_ONLY = "officers only"


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    sections: tuple[str, ...]
    shown_to: str = EVERYONE
    # Where a signed-in partner finds it: "" the menu itself, PUBLIC_PAGES a second level at the menu's end,
    # TOOLS the header's account links. Kept out of the menu's one line at desktop width.
    place: str = ""


PUBLIC_PAGES = "Public pages"
TOOLS = "tools"


MENU = (
    Item("Get involved", "public:activities", ("public",), place=PUBLIC_PAGES),
    Item("You said, we did", "yswd:index", ("yswd",), place=PUBLIC_PAGES),
    Item("Training and events", "learning:index", ("learning",), place=PUBLIC_PAGES),
    Item("Register", "register:list", ("register",), INTERNAL),
    Item("Insight", "insight:library", ("insight",), INTERNAL),
    Item("Themes", "themes:index", ("themes",), INTERNAL),
    Item("Surveys", "surveys:index", ("surveys",), OFFICERS_ONLY),
    Item("Feedback", "loop:index", ("loop", "evaluation"), INTERNAL),
    Item("Board", "board:index", ("board", "voice"), INTERNAL),
    Item("Assurance", "assurance:dashboard", ("assurance", "surveys"), BOARD),
    Item("Joining up", "joining:fatigue", ("joining",), INTERNAL),
    Item("Shared lists", "lists:index", ("lists",), COORDINATOR, place=TOOLS),
    Item("People", "accounts:people", (), COORDINATOR, place=TOOLS),
    Item("Training calendar", "training:manage", ("training",), COORDINATOR, place=TOOLS),
    Item("Data kept", "privacy:your_data", ("privacy", "rights"), COORDINATOR, place=TOOLS),
)
ACCOUNT = Item("Your account", "accounts:profile", ("accounts",), place=TOOLS)

FOOTER = (
    ("About {service}", "public:home"),
    ("Accessibility", "public:accessibility"),
    ("Words we use", "plain:words"),
    ("Local Account", "reports:local_accounts"),
    ("Residents' stories", "voice:public"),
    ("Training and events", "learning:index"),
    ("Your data", "privacy:your_data"),
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
    elif internal:
        shown.add(OFFICERS_ONLY)
    listed = [item for item in MENU if item.shown_to in shown]
    if signed_in:
        # A partner's menu has their sections on one line; the public pages come second, under one item,
        # and their account (with a coordinator's tools) sits in the header: see account_menu.
        items = [_item(item, section) for item in listed if not item.place]
        public = [item for item in listed if item.place == PUBLIC_PAGES]
        if internal and public:
            items.append(_more(PUBLIC_PAGES, public, section))
        else:
            items.extend(_item(item, section) for item in public)
        return "\n".join(items)
    items = [_item(item, section) for item in listed]
    items.append(
        '<li class="govuk-service-navigation__item">\n'
        f'  <a class="govuk-service-navigation__link" href="{escape(link("accounts:login"))}">Sign in</a>\n</li>'
    )
    return "\n".join(items)


def _more(label: str, items: list[Item], section: str) -> str:
    """A second level of the menu: a <details> that opens a short list, with no script needed."""
    active = any(section in item.sections for item in items)
    marked = " govuk-service-navigation__item--active" if active else ""
    inner = "\n".join(
        _item(item, section).replace("govuk-service-navigation__item", "et-more__item", 1) for item in items
    )
    return (
        f'<li class="govuk-service-navigation__item et-more{marked}">\n'
        f'  <details class="et-more__details">\n'
        f'    <summary class="govuk-service-navigation__link et-more__summary">{escape(label)}</summary>\n'
        f'    <ul class="et-more__list">\n{inner}\n    </ul>\n  </details>\n</li>'
    )


@lru_cache(maxsize=64)
def _account_menu(coordinator: bool, internal: bool, section: str, _prefix: str, _urlconf) -> str:
    tools = [item for item in (*MENU, ACCOUNT) if item.place == TOOLS]
    shown = [item for item in tools if item.shown_to == EVERYONE or (internal and coordinator)]
    links = []
    for item in shown:
        current = ' aria-current="true"' if section in item.sections else ""
        links.append(
            f'<li class="et-account__item"><a class="et-account__link" href="{escape(link(item.url_name))}"'
            f"{current}>{escape(item.label)}</a></li>"
        )
    links.append(
        '<li class="et-account__item">'
        f'<form method="post" action="{escape(link("accounts:logout"))}" class="et-inline-form">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN}">'
        '<button type="submit" class="et-link-button et-account__link">Sign out</button></form></li>'
    )
    return "\n".join(links)


def _seen_by(roles) -> tuple[bool, bool, bool]:
    """Whether someone with `roles` has any role, is a coordinator, is a board member; None: someone with none.

    `roles` are the visitor's roles as the accounts app gives them to templates (engaging/accounts/roles.py)."""
    if roles is None:
        return False, False, False
    return roles.internal, roles.coordinator, roles.board_member


def account_menu(section: str, roles, csrf_token: str) -> str:
    """For someone signed in: their account, a coordinator's tools and signing out, for the header."""
    internal, coordinator, _ = _seen_by(roles)
    html = _account_menu(coordinator, internal, section or "", get_script_prefix(), get_urlconf())
    return html.replace(TOKEN, escape(csrf_token))


def menu(section: str, roles, signed_in: bool, csrf_token: str) -> str:
    """The menu's items for a page in `section`, as seen by someone with `roles` (None: no role)."""
    internal, coordinator, board = _seen_by(roles)
    html = _menu(section or "", internal, coordinator, signed_in, get_script_prefix(), get_urlconf(), board=board)
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
