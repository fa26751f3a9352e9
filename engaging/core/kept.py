"""Parts of pages kept, rendered, until a record they show changes.

The register, the fatigue view and the insight library answer the same questions again and again
between changes: the same filters, the same search, by people with the same roles. Each answer is
rendered once and kept under the data stamp (see engaging.assurance.data_version), so any write to
a table these pages read gives the next request a fresh answer, worked out from the data as it now is.

A kept part is keyed by everything it may depend on besides the data:
- the page's query string, as a sorted list of its parameters;
- the visitor's roles: every permission these pages check follows from them (rules.py in each app),
  so two people with the same roles may be shown the same part;
- today's date, since "active", "upcoming" and the default months move with it.

KEEP_PAGES = False (an environment variable too) renders every part afresh on every request.

A part never keeps anyone's CSRF token: it is rendered with a stand-in, and each request's own token
is put in as it is served.
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from engaging.accounts.roles import roles_for

# Stands in for the CSRF token while a part is rendered for keeping; it cannot occur in escaped HTML.
TOKEN = "\x00csrf-token\x00"


def parts_of(request, *more) -> list:
    """What a kept part of this request's page depends on, besides the data and `more`."""
    htmx = request.headers.get("HX-Request") == "true"
    user = request.user
    # A superuser may do anything, so is never served what was kept for a coordinator, nor the other way round.
    roles = (roles_for(user), bool(getattr(user, "is_superuser", False)))
    return [request.path, sorted(request.GET.lists()), htmx, roles, date.today(), *more]


def kept(name: str, parts: list, work_out: Callable[[], object]):
    """`work_out()`, or what it gave for the same `parts` if no record it may read has changed since."""
    from engaging.assurance.data_version import remember

    if not settings.KEEP_PAGES:
        return work_out()
    return remember(f"page:{name}", parts, work_out)


def kept_parts(request, name: str, templates: dict[str, str], context: Callable[[], dict], *more) -> dict:
    """Each of `templates` rendered with `context()` for this request, or as they were last rendered for
    the same path, query, roles and day if nothing they show has changed since; `more` adds to what
    they depend on. Several parts of one page (its title and its body, say) share one `context()`."""

    def render() -> dict[str, str]:
        values = {**context(), "csrf_token": TOKEN}
        return {part: render_to_string(template, values, request=request) for part, template in templates.items()}

    rendered = kept(name, parts_of(request, *more), render)
    token = None
    served = {}
    for part, html in rendered.items():
        if TOKEN in html:
            token = token or get_token(request)
            html = html.replace(TOKEN, token)
        served[part] = mark_safe(html)  # noqa: S308 - rendered by a template, which escapes what it shows
    return served


def kept_html(request, name: str, template: str, context: Callable[[], dict], *more) -> SafeString:
    """`template` rendered with `context()`, kept as kept_parts keeps it."""
    return kept_parts(request, name, {"body": template}, context, *more)["body"]
