"""Every page the benchmark measures: each page reachable from the menus of each role, and what a person
opens next from them, requested as the role that uses it, with what its answer must show.

The menus (engaging/core/navigation.py) and the landing pages (engaging/accounts/landing.py) are read
from the code: a page named there that is not in the table below is reported as not measured. The
API's list endpoints are read from its OpenAPI description.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from bench import records

ANONYMOUS = "resident"
OFFICER = "officer"
BOARD = "board member"
COORDINATOR = "coordinator"
USERNAMES = {ANONYMOUS: None, OFFICER: records.OFFICER, BOARD: "bench-board-member", COORDINATOR: "bench-coordinator"}

LISTED = (r'href="/register/\d+/"', "link to an activity")
# An overlap still to come, or one that has finished and ran alongside.
OVERLAPS = (r'class="et-overlap[ "]', "overlapping activity")
PUBLIC_ACTIVITY = (r'href="/get-involved/\d+/"', "link to a public activity")
FINDING = (r'href="/insight/findings/\d+/"', "link to a finding")
MEETING = (r'href="/board/meetings/\d+/"', "link to a meeting")
RESPONSE = (r'id="response-\d+"', "response")
COUNTED = (r'"count":\s*[1-9]', "record counted")
ITEMS = (r'"items":\s*\[\s*\{', "record listed")
INDICATOR = (r'href="/surveys/indicators/\d+/"', "link to an indicator")
EVENT = ("BEGIN:VEVENT", "event")
ENTRY = ("<entry>", "entry")
# The API's lists are read in pages of this size, as a client paging through them would.
API_PAGE = 50


@dataclass
class Page:
    """A page to measure, who asks for it, and what its answer must show to count as the full page with data."""

    name: str
    path: str
    role: str = COORDINATOR
    method: str = "GET"
    body: dict = field(default_factory=dict)
    shows: list[tuple[str, str]] = field(default_factory=list)
    # Measured with one client too: the pages people open most.
    key: bool = False


def named(text: str, meaning: str) -> tuple[str, str]:
    """The pattern that finds `text` as a page shows it, escaped."""
    return re.escape(html.escape(text)), meaning


def all_pages() -> tuple[list[Page], list[str]]:
    """Every page, with ids from this database; and why any page cannot be measured here."""
    found = records.find()
    problems = [f"there is no {kind.replace('_', ' ')} in this database" for kind, v in found.items() if v is None]
    table = [*_public(found), *_officer(found), *_board(found), *_coordinator(found), *_api(found)]
    return [page for page in table if page is not None], problems


def _public(r: dict) -> list[Page | None]:
    public, answered, link, account = r["public_activity"], r["answered_activity"], r["feedback_link"], r["account"]
    board = r["board"]
    return [
        Page("home", "/", ANONYMOUS, shows=[PUBLIC_ACTIVITY], key=True),
        Page("get involved", "/get-involved/", ANONYMOUS, shows=[PUBLIC_ACTIVITY], key=True),
        public
        and Page(
            "public activity",
            f"/get-involved/{public.pk}/",
            ANONYMOUS,
            shows=[named(public.title, "its title")],
            key=True,
        ),
        public
        and Page(
            "public activity, Easy Read",
            f"/words-we-use/easy-read/activities/{public.pk}/",
            ANONYMOUS,
            shows=[named(public.title, "its title"), ('<svg class="et-easy-read__picture"', "picture")],
        ),
        Page("get involved calendar (iCalendar)", "/get-involved/calendar.ics", ANONYMOUS, shows=[EVENT]),
        Page("you said, we did", "/you-said-we-did/", ANONYMOUS, shows=[RESPONSE], key=True),
        Page("you said, we did (Atom)", "/you-said-we-did/feed.atom", ANONYMOUS, shows=[ENTRY]),
        answered
        and Page(
            "you said, we did: an activity",
            f"/you-said-we-did/activities/{answered.pk}/",
            ANONYMOUS,
            shows=[named(answered.title, "its title"), RESPONSE],
        ),
        answered
        and Page(
            "you said, we did: Easy Read",
            f"/you-said-we-did/activities/{answered.pk}/easy-read/",
            ANONYMOUS,
            shows=[named(answered.title, "its title")],
        ),
        link
        and Page("feedback form", f"/f/{link.code}/", ANONYMOUS, shows=[named(link.activity.title, "its activity")]),
        Page("accessibility", "/accessibility/", ANONYMOUS, shows=[("<h2", "section")]),
        Page("words we use", "/words-we-use/", ANONYMOUS, shows=[("<dt", "word explained")]),
        Page("Local Accounts", "/local-account/", ANONYMOUS, shows=[(r'href="/local-account/\d{4}/', "year")]),
        account
        and board
        and Page(
            "Local Account",
            f"/local-account/{account.year}/?board={board.pk}",
            ANONYMOUS,
            shows=[named(board.name, "name of the board"), (r'et-figures__number">[1-9]', "activity counted")],
        ),
        account
        and board
        and Page(
            "Local Account, Easy Read",
            f"/local-account/{account.year}/easy-read/?board={board.pk}",
            ANONYMOUS,
            shows=[named(board.name, "name of the board")],
        ),
        Page("residents' stories", "/stories/public/", ANONYMOUS, shows=[(r'id="story-\d+"', "story")]),
        r["questionnaire"]
        and Page(
            "questionnaire",
            f"/questionnaires/{r['questionnaire'].pk}/",
            ANONYMOUS,
            shows=[named(r["questionnaire"].title, "its title"), ('type="radio"|<textarea', "a question")],
        ),
        Page("training and events", "/training/", ANONYMOUS, shows=[("<h1", "heading")]),
        Page(
            "training sessions (iCalendar)",
            "/training/sessions.ics",
            ANONYMOUS,
            shows=[("BEGIN:VCALENDAR", "calendar")],
        ),
        Page("API documentation", "/api/v1/docs", ANONYMOUS, shows=[("swagger", "API browser")]),
        Page("sign in", "/accounts/sign-in/", ANONYMOUS, shows=[('name="password"', "password box")]),
        Page("your data", "/your-data/", ANONYMOUS, shows=[('id="stories"', "kind of data kept")]),
    ]


def _officer(r: dict) -> list[Page | None]:
    activity, own, finding, response, evaluation = (
        r["activity"], r["own_activity"], r["finding"], r["response"], r["evaluation"],
    )  # fmt: skip
    borough, group, indicator = r["borough"], r["group"], r["indicator"]
    # Planning a new activity like one known to overlap with others, by the same lead organisation.
    plan = {
        "lead_organisation": str(activity.lead_organisation_id),
        "groups": [str(pk) for pk in activity.groups.values_list("pk", flat=True)],
        "areas": [str(pk) for pk in activity.areas.values_list("pk", flat=True)],
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
    }
    today = date.today()
    return [
        Page(
            "your work",
            "/register/your-work/",
            OFFICER,
            key=True,
            shows=[('href="/register/new/"', "plan an activity button"), LISTED],
        ),
        Page("register", "/register/", OFFICER, shows=[LISTED], key=True),
        Page(
            "register, filtered",
            f"/register/?type=consultation&group={group.pk}&area={borough.pk}&active=on&sort=-start",
            OFFICER,
            shows=[LISTED],
        ),
        Page("activity with overlaps", f"/register/{activity.pk}/", OFFICER, shows=[OVERLAPS], key=True),
        Page("activity history", f"/register/{activity.pk}/history/", OFFICER, shows=[named(activity.title, "title")]),
        Page("plan an activity", "/register/new/", OFFICER, shows=[('name="title"', "title box")]),
        own and Page("edit an activity", f"/register/{own.pk}/edit/", OFFICER, shows=[named(own.title, "its title")]),
        Page(
            "overlap check while planning", "/joining-up/overlaps/", OFFICER, method="POST", body=plan, shows=[OVERLAPS]
        ),
        Page("register calendar", f"/register/calendar/{today.year}/{today.month}/", OFFICER, shows=[LISTED]),
        Page("register calendar (iCalendar)", "/register/register.ics", OFFICER, shows=[EVENT]),
        Page(
            "fatigue view", f"/joining-up/?area={borough.pk}", OFFICER, shows=[(r'href="/register/\?group=', "month")]
        ),
        Page("join-up proposals", "/joining-up/proposals/", OFFICER, shows=[LISTED]),
        Page("insight library", "/insight/", OFFICER, shows=[FINDING]),
        Page("insight search", "/insight/?q=gp+appointments", OFFICER, shows=[("<mark>", "highlighted result")]),
        Page("themes in comments", "/themes/", OFFICER, shows=[(r'href="/themes/\d+/"', "link to a theme")]),
        Page(
            "frameworks of themes",
            "/themes/frameworks/",
            OFFICER,
            shows=[('href="/themes/frameworks/nhs-patient-experience/"', "the built-in framework")],
        ),
        Page("import comments", "/themes/import/", OFFICER, shows=[('name="text_column"', "column of comments box")]),
        Page("survey indicators", "/surveys/", OFFICER, shows=[INDICATOR]),
        indicator
        and Page(
            "indicator", f"/surveys/indicators/{indicator.pk}/", OFFICER, shows=[named(indicator.name, "its name")]
        ),
        Page("patient participation groups", "/surveys/practices/", OFFICER, shows=[("<td", "a practice")]),
        r["questionnaire"]
        and Page(
            "questionnaire results",
            f"/questionnaires/{r['questionnaire'].pk}/results/",
            OFFICER,
            shows=[named(r["questionnaire"].title, "its title"), ("<svg", "chart")],
        ),
        finding
        and Page(
            "finding", f"/insight/findings/{finding.pk}/", OFFICER, shows=[named(finding.statement[:60], "statement")]
        ),
        Page("feedback loop", "/feedback-loop/", OFFICER, shows=[LISTED]),
        Page("feedback loop: activities", "/feedback-loop/activities/", OFFICER, shows=[LISTED]),
        response
        and Page(
            "response",
            f"/feedback-loop/responses/{response.pk}/",
            OFFICER,
            shows=[named(response.action[:60], "what was done")],
        ),
        evaluation
        and Page(
            "evaluation",
            f"/evaluation/activities/{evaluation.activity_id}/",
            OFFICER,
            shows=[named(evaluation.activity.title, "its activity")],
        ),
        Page("what works", f"/evaluation/what-works/?groups={group.pk}", OFFICER, shows=[("<td", "figure")]),
        Page("stories", "/stories/", OFFICER, shows=[(r'href="/stories/\d+/"', "link to a story")]),
        Page("your account", "/accounts/", OFFICER, shows=[named(records.OFFICER, "username")]),
    ]


def _board(r: dict) -> list[Page | None]:
    board, meeting, item, story = r["board"], r["meeting"], r["item"], r["story"]
    organisation = r["organisation"]
    if board is None:
        return []
    name = named(board.name, "name of the board")
    return [
        Page("board", "/board/", BOARD, shows=[MEETING], key=True),
        Page("a board", f"/board/boards/{board.pk}/", BOARD, shows=[name, MEETING]),
        meeting
        and Page("meeting", f"/board/meetings/{meeting.pk}/", BOARD, shows=[(r'href="/board/items/\d+/"', "item")]),
        item and Page("agenda item", f"/board/items/{item.pk}/", BOARD, shows=[named(item.title, "its title")]),
        item and Page("screening", f"/board/items/{item.pk}/screening/", BOARD, shows=[named(item.title, "its title")]),
        item
        and Page(
            "engagement assessment",
            f"/assurance/items/{item.pk}/assessment/",
            BOARD,
            shows=[named(item.title, "title")],
        ),
        Page("screening actions", "/board/actions/", BOARD, shows=[("govuk-table__cell", "action")]),
        Page("assurance dashboard", f"/assurance/?board={board.pk}", BOARD, shows=[name, ("<svg", "chart")], key=True),
        organisation
        and Page(
            "organisation's evidence",
            f"/assurance/organisations/{organisation}/",
            BOARD,
            shows=[(r'href="/register/\?organisation=', "activities counted")],
        ),
        story and Page("story", f"/stories/{story.pk}/", BOARD, shows=[named(story.title, "its title")]),
    ]


def _coordinator(r: dict) -> list[Page | None]:
    officer = r["officer"]
    return [
        Page("shared lists", "/lists/", COORDINATOR, shows=[(r'href="/lists/[a-z-]+/"', "list")]),
        Page("organisations list", "/lists/organisations/", COORDINATOR,
             shows=[(r'href="/lists/organisations/\d+/"', "organisation")]),
        Page("people", "/accounts/people/", COORDINATOR, shows=[named(records.OFFICER, "a person")]),
        Page("a person", f"/accounts/people/{officer.pk}/", COORDINATOR, shows=[named(records.OFFICER, "username")]),
        Page("stories waiting", "/stories/waiting/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("training calendar", "/training/manage/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("data kept, with its schedule", "/your-data/", COORDINATOR, shows=[('name="stories"', "days box")]),
        Page("who viewed stories", "/your-data/views/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("training report", "/training/report/", COORDINATOR, shows=[("People trained", "figures")]),
        Page("themes", "/insight/themes/", COORDINATOR, shows=[(r'href="/insight/themes/\d+/"', "theme")]),
        Page("board rules", "/board/rules/", COORDINATOR, shows=[("<td", "rule")]),
        # The generated data has nothing archived and no text checked yet: these show their empty state.
        Page("archived activities", "/register/archived/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("public texts", "/words-we-use/public-texts/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("words we use: manage", "/words-we-use/manage/", COORDINATOR, shows=[("<td", "word")]),
        Page("Local Accounts: manage", "/local-account/manage/", COORDINATOR,
             shows=[(r'href="/local-account/manage/\d+/"', "account")]),
        Page("requests to see or erase data", "/your-data/requests/", COORDINATOR, shows=[("<h1", "heading")]),
        Page("find a person's data", "/your-data/requests/find/", COORDINATOR, shows=[('name="email"', "email box")]),
        # Everything held about the benchmark's officer: their account, its roles and every change they made.
        Page("what the hub holds about a person", "/your-data/requests/find/", COORDINATOR, method="POST",
             body={"name": records.OFFICER}, shows=[('id="account"', "their account")]),
    ]  # fmt: skip


def _api(r: dict) -> list[Page]:
    """Every GET list in the API's description that a client pages through, and the findings' search."""
    from engaging.api.api import api

    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        parameters = {parameter["name"] for parameter in get.get("parameters", [])}
        if "limit" not in parameters:
            continue
        query = f"?limit={API_PAGE}"
        if path.endswith("/search"):
            query += "&q=gp+appointments"
        found.append(Page(f"API {path.removeprefix('/api/v1/')}", path + query, OFFICER, shows=[ITEMS]))
    if r["group"] is not None:
        query = f"?type=consultation&group={r['group'].pk}&limit={API_PAGE}"
        found.append(Page("API activities, filtered", f"/api/v1/activities{query}", OFFICER, shows=[COUNTED]))
    return found


def not_measured(measured: list[Page]) -> list[str]:
    """The pages the menus, the footer and the landing pages link to that the table leaves out."""
    from engaging.accounts import landing
    from engaging.core import navigation

    paths = {page.path.split("?")[0] for page in measured}
    names = [item.url_name for item in (*navigation.MENU, navigation.ACCOUNT)]
    names += [name for _, name in navigation.FOOTER] + [landing.YOUR_WORK, landing.BOARD]
    missing = [name for name in dict.fromkeys(names) if reverse(name) not in paths]
    return [f"{name} ({reverse(name)}) is linked from a menu but not measured" for name in missing]
