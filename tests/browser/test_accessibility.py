"""Every kind of page, public and staff, passes axe-core with no violations, and reflows at 320px.

Pages are visited in a few groups, one signed-in browser context per group, so the data is
built once per group rather than once per page. A group fails with a summary of every page
in it that has a problem, so one run shows everything there is to fix.

The data comes from `manage.py load_demo` when that command exists, otherwise from the
factories and the `world` personas.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.management import call_command, get_commands
from django.db.models import Q
from django.utils import timezone

from engaging.accounts.models import Membership, Organisation, User
from engaging.lists.models import Area, Group
from engaging.register.models import Activity, JoinUp, ParticipantCount, Status
from engaging.register.overlaps import Plan, overlapping
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.factories import ActivityFactory, MethodFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

MAX_TARGETS = 4
BAD_CSV = {
    "name": "activities.csv",
    "mimeType": "text/csv",
    "buffer": (
        b"title,summary,purpose,lead_organisation,type,level,groups,areas,start_date\n"
        b"Carers' drop-in,,To learn,No such organisation,party,consult,Nobody,Nowhere,31/02/2026\n"
        b",A summary,To learn,,insight,shout,,,2026-13-01\n"
    ),
}


@dataclass
class Site:
    """The people and records that the pages below are about."""

    coordinator: User
    officer: User  # leads `activity`, so may edit it and answer `joinup`
    other_officer: User  # of a different organisation from `officer`
    activity: Activity  # has overlaps and join-ups, and one overlap not yet joined up with
    propose_to: Activity
    joinup: JoinUp  # proposed to `activity`, waiting for an answer
    public_activity: Activity
    area: Area
    group: Group
    from_demo: bool


def demo_exists() -> bool:
    return "load_demo" in get_commands()


def site_from_demo() -> Site | None:
    """The first activity in the demo with a proposal waiting, an officer to answer it and an overlap left to join."""
    call_command("load_demo", force=True, stdout=io.StringIO(), stderr=io.StringIO())
    people = User.objects.filter(is_active=True)
    coordinator = people.filter(memberships__role=Membership.Role.COORDINATOR).first()
    if coordinator is None:
        return None
    proposals = JoinUp.objects.filter(status=JoinUp.Status.PROPOSED, to_activity__archived_at__isnull=True)
    for joinup in proposals.select_related("to_activity__lead_organisation").order_by("pk"):
        activity = joinup.to_activity
        officer = people.filter(
            memberships__organisation=activity.lead_organisation, memberships__role=Membership.Role.OFFICER
        ).first()
        other_officer = (
            people.filter(memberships__role=Membership.Role.OFFICER)
            .exclude(memberships__organisation=activity.lead_organisation)
            .first()
        )
        if officer is None or other_officer is None:
            continue
        joined = set()
        for pair in JoinUp.objects.filter(Q(from_activity=activity) | Q(to_activity=activity)).values_list(
            "from_activity_id", "to_activity_id"
        ):
            joined.update(pair)
        free = [other for other in overlapping(Plan.of(activity)) if other.pk not in joined]
        public = Activity.objects.public().filter(areas__isnull=False, groups__isnull=False).first()
        if not free or public is None:
            continue
        return Site(
            coordinator=coordinator,
            officer=officer,
            other_officer=other_officer,
            activity=activity,
            propose_to=free[0],
            joinup=joinup,
            public_activity=public,
            area=public.areas.first(),
            group=public.groups.first(),
            from_demo=True,
        )
    return None


def site_from_factories(world) -> Site:
    today = date.today()
    trust = OrganisationFactory(name="Black Country Healthcare NHS Trust", kind=Organisation.Kind.PROVIDER)
    survey = ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        groups=[world.young_people, world.carers],
        areas=[world.locality],
        priorities=[world.priority],
        how_to_take_part="Fill in the survey online, or ask for a paper copy at any library.",
        participants_target=60,
    )
    survey.methods.set([world.method, MethodFactory(name="Online survey")])
    survey.partner_organisations.set([world.healthwatch])
    walk_in = ActivityFactory(
        title="Walk-in centre questionnaire",
        lead_organisation=world.healthwatch,
        groups=[world.young_people],
        areas=[world.ward],
        start_date=today + timedelta(days=20),
    )
    focus = ActivityFactory(
        title="Young people's mental health focus group",
        lead_organisation=trust,
        groups=[world.young_people],
        areas=[world.borough],
        start_date=today + timedelta(days=21),
        end_date=today + timedelta(days=21),
    )
    cafe = ActivityFactory(
        title="Carers' café conversations",
        lead_organisation=world.board_org,
        groups=[world.carers],
        areas=[world.ward],
        status=Status.OPEN,
    )
    joinup = JoinUp.objects.create(
        from_activity=walk_in,
        to_activity=survey,
        message="Could we ask our questions in one visit?",
        proposed_by=world.officer_healthwatch,
    )
    JoinUp.objects.create(
        from_activity=cafe,
        to_activity=survey,
        status=JoinUp.Status.AGREED,
        message="Shall we share a stall?",
        proposed_by=world.coordinator,
        responded_by=world.officer_council,
        response_note="Yes please.",
        responded_at=timezone.now(),
    )
    # A change, for the history page, and participants recorded.
    survey.participants_actual = 42
    survey.cost = 250
    survey.save()
    ParticipantCount.objects.create(activity=survey, group=world.carers, count=12)
    # Enough recent activities for one group to go over the fatigue threshold.
    for n in range(4):
        ActivityFactory(
            title=f"Youth voice session {n + 1}",
            lead_organisation=trust if n % 2 else world.council,
            groups=[world.young_people],
            areas=[world.other_ward],
            start_date=today - timedelta(days=35 + n),
            end_date=today - timedelta(days=34 + n),
            status=Status.CLOSED,
            is_public=False,
        )
    ActivityFactory(title="Bus station consultation", lead_organisation=trust, status=Status.CANCELLED)
    ActivityFactory(title="Car parking survey 2023", lead_organisation=world.council).archive()
    return Site(
        coordinator=world.coordinator,
        officer=world.officer_council,
        other_officer=world.officer_healthwatch,
        activity=survey,
        propose_to=focus,
        joinup=joinup,
        public_activity=survey,
        area=world.locality,
        group=world.young_people,
        from_demo=False,
    )


@pytest.fixture
def site(request, live_server) -> Site:
    if demo_exists():
        found = site_from_demo()
        if found is not None:
            return found
        print("The demo data has no activity with a proposal waiting and an overlap left to join: using factories")
    return site_from_factories(request.getfixturevalue("world"))


def describe(violations) -> str:
    lines = []
    for v in violations:
        nodes = v["nodes"]
        targets = ["".join(str(t) for t in node["target"]) for node in nodes[:MAX_TARGETS]]
        more = f" and {len(nodes) - MAX_TARGETS} more" if len(nodes) > MAX_TARGETS else ""
        lines.append(f"    {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"      {len(nodes)} element(s): {', '.join(targets)}{more}")
        summary = nodes[0].get("failureSummary", "").replace("\n", " ") if nodes else ""
        if summary:
            lines.append(f"      first: {nodes[0].get('html', '')[:160]}")
            lines.append(f"      {summary[:300]}")
        lines.append(f"      {v['helpUrl']}")
    return "\n".join(lines)


class Audit:
    """Visits pages in one browser page, runs axe on each, and remembers every problem."""

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.problems: dict[str, str] = {}
        self.checked: list[str] = []

    def visit(self, label: str, path: str, *, status: int = 200, errors: bool = False) -> bool:
        response = self.page.goto(path)
        return self.check(label, response, status=status, errors=errors)

    def submit(
        self, label: str, button: str, *, fill: dict | None = None, errors: bool = False, shows: str = ""
    ) -> bool:
        """Fill in fields (by label) on the current page, press a button, and check the page that comes back."""
        for field, value in (fill or {}).items():
            self.page.get_by_label(field, exact=True).fill(value)
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        return self.check(label, navigation.value, errors=errors, shows=shows)

    def check(self, label: str, response=None, *, status: int = 200, errors: bool = False, shows: str = "") -> bool:
        """Run axe on the page as it is.

        `errors` says the page should be showing an error summary, and `shows` names (by CSS selector)
        anything else it should be showing, so that the state meant to be checked really is.
        """
        self.checked.append(label)
        if response is not None and response.status != status:
            self.problems[label] = f"    {self.page.url}: HTTP {response.status} (expected {status})"
            return False
        for selector in filter(None, [".govuk-error-summary" if errors else "", shows]):
            if self.page.locator(selector).count() == 0:
                self.problems[label] = f"    {self.page.url}: {selector} is missing, so that state was not checked"
                return False
        violations = self.axe.run(self.page).response["violations"]
        if violations:
            self.problems[label] = f"    {self.page.url}\n{describe(violations)}"
            return False
        return True

    def assert_clean(self) -> None:
        if self.problems:
            report = "\n".join(f"  {label}:\n{text}" for label, text in self.problems.items())
            summary = f"{len(self.problems)} of {len(self.checked)} pages have accessibility problems:\n{report}"
            print(summary)
            pytest.fail(summary, pytrace=False)


def test_public_and_account_pages(new_page, site):
    audit = Audit(new_page())
    audit.visit("home", "/")
    audit.visit("get involved", "/get-involved/")
    audit.visit("get involved, filtered", f"/get-involved/?area={site.area.pk}&group={site.group.pk}")
    audit.visit("get involved, filter error", "/get-involved/?area=not-an-area", errors=True)
    audit.visit("public activity", f"/get-involved/{site.public_activity.pk}/")
    audit.visit("accessibility statement", "/accessibility/")
    audit.visit("training and events", "/training/")
    audit.visit("your data", "/your-data/")
    audit.visit("page not found", "/no-such-page/", status=404)
    audit.visit("sign in", "/accounts/sign-in/")
    audit.submit("sign in, nothing entered", "Sign in", errors=True)
    audit.submit("sign in, wrong password", "Sign in", fill={"Username": "nobody", "Password": "wrong"}, errors=True)
    audit.visit("password reset", "/accounts/password/reset/")
    audit.submit("password reset, nothing entered", "Send the link", errors=True)
    audit.submit("password reset sent", "Send the link", fill={"Email": "someone@example.org"})

    audit.page = new_page(user=site.other_officer)
    audit.visit("your account", "/accounts/")
    audit.visit("create token", "/accounts/tokens/new/")
    audit.submit("create token, nothing entered", "Create token", errors=True)
    audit.submit("token created", "Create token", fill={"What is this token for?": "Council CRM nightly sync"})
    audit.visit("change password", "/accounts/password/change/")
    audit.visit("not allowed (403)", "/lists/", status=403)
    audit.assert_clean()


def test_register_and_joining_up_pages(new_page, site):
    audit = Audit(new_page(user=site.officer))
    pk = site.activity.pk
    audit.visit("your work", "/register/your-work/")
    audit.visit("register list", "/register/")
    audit.visit(
        "register list, filtered",
        f"/register/?area={site.area.pk}&group={site.group.pk}&status=planned&active=on&sort=title",
    )
    audit.visit("register list, filter error", "/register/?starts_after=not-a-date&organisation=999999", errors=True)
    audit.visit("activity detail", f"/register/{pk}/")
    screenshot(audit.page, "a11y-activity-detail")
    audit.visit("new activity", "/register/new/")
    audit.submit("new activity, errors", "Save activity", errors=True)
    audit.visit("edit activity", f"/register/{pk}/edit/")
    audit.submit("edit activity, errors", "Save activity", fill={"Title": ""}, errors=True)
    audit.visit("participants", f"/register/{pk}/participants/")
    audit.submit("participants, errors", "Save numbers", fill={"Total number of participants": "-3"}, errors=True)
    audit.visit("archive confirm", f"/register/{pk}/archive/")
    audit.visit("history", f"/register/{pk}/history/")
    start = site.activity.start_date
    audit.visit("calendar month", f"/register/calendar/{start.year}/{start.month}/")

    audit.visit("fatigue", "/joining-up/")
    screenshot(audit.page, "a11y-fatigue")
    audit.visit("join-up proposals", "/joining-up/proposals/")
    audit.visit("propose joining up", f"/joining-up/activities/{pk}/with/{site.propose_to.pk}/")
    audit.visit("answer proposal", f"/joining-up/proposals/{site.joinup.pk}/")
    audit.submit("answer proposal, errors", "Send answer", errors=True)
    audit.assert_clean()


def test_coordinator_pages(new_page, site):
    audit = Audit(new_page(user=site.coordinator))
    audit.visit("archived activities", "/register/archived/")
    audit.visit("shared lists", "/lists/")
    for kind in ("groups", "areas", "priorities", "methods", "organisations"):
        audit.visit(f"list of {kind}", f"/lists/{kind}/")
    audit.visit("archived organisations", "/lists/organisations/?archived=1")
    audit.visit("edit a group", f"/lists/groups/{site.group.pk}/")
    audit.visit("add an area", "/lists/areas/new/")
    audit.submit("add an area, errors", "Save", errors=True)
    audit.visit("people", "/accounts/people/")
    audit.visit("a person", f"/accounts/people/{site.officer.pk}/")
    audit.visit("training calendar", "/training/manage/")
    audit.visit("training report", "/training/report/")
    audit.visit("add a person", "/accounts/people/new/")
    audit.submit("add a person, errors", "Add and send invitation", errors=True)
    audit.visit("single sign-on", "/accounts/single-sign-on/")
    audit.visit("add a sign-on rule", "/accounts/single-sign-on/rules/new/")
    audit.submit("add a sign-on rule, errors", "Add rule", errors=True)
    audit.visit("link an account", "/accounts/single-sign-on/links/new/")
    audit.submit("link an account, errors", "Link account", errors=True)
    audit.visit("import", "/register/import/")
    screenshot(audit.page, "a11y-import")
    audit.submit("import, no file chosen", "Check and import", errors=True)
    audit.page.locator("input[type=file]").set_input_files(BAD_CSV)
    audit.submit("import, problems in the file", "Check and import", shows="#problems")
    screenshot(audit.page, "a11y-import-problems")
    audit.visit("data kept, with the schedule and its runs", "/your-data/")
    audit.submit(
        "data kept, bad days",
        "Save the schedule",
        fill={"Residents' stories: days kept after consent was given": "0"},
        errors=True,
    )
    audit.visit("who viewed stories and equality answers", "/your-data/views/")
    audit.visit("requests to see or erase data", "/your-data/requests/")
    audit.visit("find a person's data", "/your-data/requests/find/")
    audit.submit("find a person's data, nothing entered", "Find their data", errors=True)
    audit.submit(
        "what the hub holds about a person",
        "Find their data",
        fill={"Email address": site.officer.email},
        shows="#account",
    )
    audit.submit("check before you erase", "Erase their data", shows="h1")
    audit.assert_clean()


def test_api_docs(new_page, live_server):
    """The API's Swagger UI (third-party) is held to the same standard as the rest of the hub."""
    page = new_page()
    audit = Audit(page)
    response = page.goto("/api/v1/docs")
    if response.status == 200:
        # Swagger UI draws the page from the OpenAPI document after it loads.
        page.locator(".swagger-ui .info").first.wait_for()
        page.wait_for_load_state("networkidle")
    if audit.check("API docs", response):
        screenshot(page, "a11y-api-docs")
        # Open one operation, as a developer would, and check what it shows too.
        page.locator(".opblock-summary-control").first.click()
        page.locator(".opblock-body").first.wait_for()
        audit.check("API docs, an operation opened")
        screenshot(page, "a11y-api-docs-open")
    audit.assert_clean()


def test_pages_reflow_at_320_css_pixels(new_page, world):
    """WCAG 1.4.10: at 320 CSS pixels wide nothing makes the whole page scroll sideways."""
    site = site_from_factories(world)
    wide = {}
    for label, user, path in [("home", None, "/"), ("register list", site.officer, "/register/")]:
        page = new_page(user=user, viewport={"width": 320, "height": 640})
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"reflow-{label.replace(' ', '-')}")
        if width > 321:
            culprits = page.evaluate(WIDEST_ELEMENTS)
            wide[label] = f"scrollWidth {width}px; widest elements: {', '.join(culprits)}"
    assert not wide, "Pages scroll sideways at 320px:\n" + "\n".join(f"  {k}: {v}" for k, v in wide.items())


WIDEST_ELEMENTS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.govuk-visually-hidden'))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.classList.length ? '.' + [...e.classList].join('.') : '')
              + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + 'px)')"""
