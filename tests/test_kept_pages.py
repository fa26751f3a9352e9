"""Parts of busy pages are kept, rendered, until a record they show changes; and kept for each set of roles."""

import re
from datetime import date

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from engaging.core import cache, kept, versions
from engaging.insight.models import Finding
from engaging.register.models import Activity, JoinUp
from tests.factories import ActivityFactory, MembershipFactory

# Each write is committed, as in the running hub: on PostgreSQL, nothing is kept inside a transaction that
# has written, since other requests could not yet see what it wrote.
pytestmark = pytest.mark.django_db(transaction=True)


def queries_for(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    # The sign-out form's token is masked afresh on every request.
    return len(captured), re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def test_a_kept_register_list_is_served_again_until_an_activity_changes(client, world, council_activity):
    client.force_login(world.coordinator)
    working, first = queries_for(client, "/register/?type=consultation")
    served, again = queries_for(client, "/register/?type=consultation")
    assert served < working and again == first
    assert council_activity.title.replace("'", "&#x27;") in again
    ActivityFactory(title="A new listening event", lead_organisation=world.healthwatch, type="consultation")
    assert "A new listening event" in client.get("/register/?type=consultation").content.decode()


def test_each_query_has_its_own_kept_list(client, world, council_activity):
    client.force_login(world.coordinator)
    assert "1 activity match" in client.get("/register/").content.decode()
    assert "0 activities match" in client.get("/register/?type=insight").content.decode()
    assert "1 activity match" in client.get("/register/").content.decode()


def test_people_with_other_roles_are_never_served_anothers_kept_list(client, world, council_activity):
    client.force_login(world.coordinator)
    page = client.get("/register/").content.decode()
    assert "Plan an activity" in page and "Archived activities" in page
    client.force_login(world.board_member)
    page = client.get("/register/").content.decode()
    assert "Plan an activity" not in page and "Archived activities" not in page
    client.force_login(world.officer_council)
    page = client.get("/register/").content.decode()
    assert "Plan an activity" in page and "Archived activities" not in page


def test_a_kept_search_finds_a_finding_recorded_since(client, world, council_activity):
    client.force_login(world.board_member)
    assert "0 findings" in client.get("/insight/?q=transport").content.decode()
    Finding.objects.create(
        activity=council_activity, statement="Transport to the clinic is hard.", heard_on=date.today(),
        review_by=date(date.today().year + 1, 1, 1),
    )  # fmt: skip
    page = client.get("/insight/?q=transport").content.decode()
    assert "1 finding matching" in page and "<title>“transport” – Insight library" in page


def test_a_kept_part_never_keeps_anyones_csrf_token(tmp_path, settings):
    (tmp_path / "kept_form.html").write_text('<form method="post">{% csrf_token %}</form>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    served = []
    for secret in ("a" * 32, "b" * 32):
        request = RequestFactory().get("/somewhere/")
        request.user = type("Anonymous", (), {"is_authenticated": False, "is_active": False})()
        request.META["CSRF_COOKIE"] = secret
        html = str(kept.kept_html(request, "csrf-test", "kept_form.html", dict))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert _unmask_cipher_token(token) == secret  # each request's own token, not the first one's
        assert kept.TOKEN not in html
        served.append(html)
    assert served[0] != served[1]


def test_a_page_with_pieces_is_the_page_rendered_whole(tmp_path, settings):
    """render_page puts each piece's bytes where its marker is: the same bytes as rendering the page whole,
    however often a piece is shown and whatever characters it holds."""
    (tmp_path / "shell.html").write_text("<title>{{ title }} – hub</title><h1>{{ title }}</h1><main>{{ body }}</main>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    title, body = kept.Piece("Carers’ voices".encode()), kept.Piece("<p>Ask once — tell back</p>".encode())
    context = {"title": title, "body": body}
    request = RequestFactory().get("/somewhere/")
    served = kept.render_page(request, "shell.html", context).content
    assert served == render_to_string("shell.html", context).encode()
    assert served.count("Carers’ voices".encode()) == 2 and b"\x00" not in served


def test_a_piece_a_filter_changed_is_still_served_whole(tmp_path, settings):
    (tmp_path / "shouting.html").write_text("<main>{{ body|upper }}</main>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    context = {"body": kept.Piece(b"<p>quiet</p>")}
    served = kept.render_page(RequestFactory().get("/"), "shouting.html", context).content
    assert served == render_to_string("shouting.html", context).encode() == b"<main>&lt;P&gt;QUIET&lt;/P&gt;</main>"


def test_text_is_kept_in_this_process_as_it_is_and_anything_changeable_as_a_copy():
    recent = cache.Recent(4)
    page = ("body", b"<p>kept</p>")
    recent.put("page", page)
    assert recent.get("page") is page
    figures = {"activities": [1, 2]}
    recent.put("figures", figures)
    copy = recent.get("figures")
    copy["activities"].append(3)
    assert recent.get("figures") == {"activities": [1, 2]}


@pytest.mark.parametrize(
    "path",
    [
        "/register/?type=consultation&active=on",
        "/joining-up/",
        "/insight/?theme=1&include_stale=on",
        "/api/v1/activities?type=consultation&limit=5",
        "/you-said-we-did/",
        "POST /joining-up/overlaps/",
        "/register/ACTIVITY/",
    ],
)
def test_what_a_page_keeps_is_kept_with_every_table_it_read(client, world, council_activity, path):
    """Each value is stored with the versions of the tables its queries named, and of the values inside it."""
    read: set[str] = set()
    kept_with: set[str] = set()
    cache.recent.items.clear()
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as captured:
        if path.startswith("POST "):
            plan = {"groups": [world.carers.pk], "areas": [world.ward.pk], "start_date": date.today().isoformat()}
            assert client.post(path.removeprefix("POST "), plan).status_code == 200
        else:
            assert client.get(path.replace("ACTIVITY", str(council_activity.pk))).status_code == 200
    for query in captured.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    for cache_key in list(cache.recent.items):
        entry = cache.recent.get(cache_key)
        kept_with |= {table for table, _ in entry[0]}
    # What the request read besides what it kept: the session, the person, their roles and the versions.
    around = {"django_session", "accounts_user", "accounts_membership", "accounts_organisation", versions.TABLE}
    assert read - around <= kept_with
    assert kept_with <= set(versions.versioned_tables())


def test_a_write_leaves_what_does_not_read_its_table_as_it_was(client, world, council_activity):
    from engaging.evaluation.models import ParticipantFeedback

    worked_out = []

    def list_activities():
        return list(Activity.objects.values_list("title", flat=True))

    def count_answers():
        return ParticipantFeedback.objects.count()

    def both():
        cache.cached("activities", [], lambda: worked_out.append("activities") or list_activities())
        cache.cached("answers", [], lambda: worked_out.append("answers") or count_answers())

    both()
    both()
    assert worked_out == ["activities", "answers"]
    ParticipantFeedback.objects.create(
        activity=council_activity, listened_to=5, easy_to_take_part=4, know_what_happens_next=3
    )
    both()
    assert worked_out == ["activities", "answers", "answers"]
    ActivityFactory(title="A new listening event", lead_organisation=world.healthwatch, type="consultation")
    both()
    assert worked_out == ["activities", "answers", "answers", "activities"]


def test_the_api_keeps_partners_and_the_publics_lists_apart(client, world, council_activity):
    from engaging.register.models import Status

    ActivityFactory(title="Open drop-in", lead_organisation=world.healthwatch, status=Status.OPEN, is_public=True,
                    start_date=date(2099, 1, 1), end_date=date(2099, 1, 2))  # fmt: skip
    ActivityFactory(title="Partners only", lead_organisation=world.council, is_public=False)
    public = client.get("/api/v1/activities").json()
    client.force_login(world.board_member)
    partner = client.get("/api/v1/activities").json()
    assert "Partners only" in {item["title"] for item in partner["items"]}
    assert "Partners only" not in {item["title"] for item in public["items"]} and public["count"] >= 1
    client.logout()
    assert client.get("/api/v1/activities").json() == public
    bad = client.get("/api/v1/activities?group=999999")
    assert bad.status_code == 400 and "group" in bad.content.decode()


def test_the_overlap_check_is_kept_for_the_plan_not_the_rest_of_the_form(client, world, council_activity):
    client.force_login(world.officer_healthwatch)
    plan = {
        "groups": [world.carers.pk],
        "areas": [world.locality.pk],
        "start_date": council_activity.start_date.isoformat(),
        "lead_organisation": world.healthwatch.pk,
    }
    working, first = queries_for_post(client, {**plan, "title": "Carers' survey"})
    served, again = queries_for_post(client, {**plan, "title": "Carers' survey, with a longer title"})
    assert served < working and again == first and "Young carers" in first
    later = {**plan, "start_date": date(2099, 1, 1).isoformat()}
    assert "No other partner" in client.post("/joining-up/overlaps/", later).content.decode()


def queries_for_post(client, data: dict) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/joining-up/overlaps/", data)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_kept_activity_page_shows_a_join_up_proposed_since(client, world, council_activity, healthwatch_activity):
    client.force_login(world.officer_council)
    path = f"/register/{council_activity.pk}/"
    working, first = queries_for(client, path)
    served, again = queries_for(client, path)
    assert served < working and again == first and "Proposed by" not in first
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=council_activity, message="Shall we?")
    page = client.get(path).content.decode()
    assert "Proposed by Healthwatch Dudley" in page and "Answer this proposal" in page


def test_an_activity_page_kept_for_its_lead_is_not_shown_to_another_partner(client, world, council_activity):
    path = f"/register/{council_activity.pk}/"
    client.force_login(world.officer_council)
    assert "Archive this activity" in client.get(path).content.decode()
    client.force_login(world.officer_healthwatch)
    page = client.get(path).content.decode()
    assert council_activity.title.replace("'", "&#x27;") in page and "Archive this activity" not in page
    assert client.get("/register/999999/").status_code == 404


def test_the_forms_on_a_kept_activity_page_carry_the_viewers_own_token(world, council_activity):
    from django.test import Client

    path = f"/register/{council_activity.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.officer_council)
    first.get(path)  # kept now, with a stand-in for the token
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.officer_council)
    page = second.get(path).content.decode()
    form = page[page.index(f'action="/register/{council_activity.pk}/status/"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    status = re.search(r'name="status" value="(\w+)"', form)[1]
    assert (
        second.post(
            f"/register/{council_activity.pk}/status/", {"csrfmiddlewaretoken": token, "status": status}
        ).status_code
        == 302
    )
    council_activity.refresh_from_db()
    assert council_activity.status == status


def test_a_kept_local_account_follows_its_words_and_its_publication(client, world):
    from django.utils import timezone

    from engaging.reports.models import LocalAccount

    year = date.today().year - 1
    account = LocalAccount.objects.create(
        year=year, is_published=True, published_at=timezone.now(), introduction="Welcome to our account."
    )
    path = f"/local-account/{year}/"
    assert "Welcome to our account." in client.get(path).content.decode()
    LocalAccount.objects.filter(pk=account.pk).update(introduction="A year of listening.")
    assert "A year of listening." in client.get(path).content.decode()
    LocalAccount.objects.filter(pk=account.pk).update(is_published=False)
    assert client.get(path).status_code == 404


def test_every_form_on_a_kept_activity_page_carries_its_viewers_own_token(world, council_activity):
    """Panels rendered by template tags write tokens of their own; none may be kept for the next viewer."""
    from django.test import Client

    from engaging.evaluation.models import FeedbackLink

    another_officer = MembershipFactory(user__username="officer-council-2", organisation=world.council).user
    path = f"/register/{council_activity.pk}/"
    pages = []
    for user in (world.officer_council, another_officer):  # the same roles, so the same kept page
        viewer = Client(enforce_csrf_checks=True)
        viewer.force_login(user)
        page = viewer.get(path).content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        secret = viewer.cookies["csrftoken"].value
        assert len(tokens) >= 3 and all(_unmask_cipher_token(token) == secret for token in tokens)
        pages.append((viewer, page))
    viewer, page = pages[1]
    action = f"/evaluation/activities/{council_activity.pk}/feedback-link/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page[page.index(f'action="{action}"') :])[1]
    answer = viewer.post(action, {"csrfmiddlewaretoken": token, "action": "create"})
    assert answer.status_code in (200, 302) and FeedbackLink.objects.filter(activity=council_activity).exists()


def test_an_address_with_parameters_a_page_does_not_read_is_answered_afresh(client, world, council_activity):
    client.force_login(world.coordinator)
    client.get("/register/?made-up=1")
    first, page = queries_for(client, "/register/?made-up=1")
    again, _ = queries_for(client, "/register/?made-up=1")
    assert first == again and "1 activity match" in page


def test_a_permission_granted_in_the_admin_does_not_get_past_the_rules(client, world):
    from django.contrib.auth.models import Permission

    world.board_member.user_permissions.add(Permission.objects.get(codename="add_activity"))
    client.force_login(world.board_member)
    assert "Plan an activity" not in client.get("/register/").content.decode()
    assert client.get("/register/new/").status_code == 403


def without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def test_a_page_is_served_around_its_kept_parts_without_rendering_a_template(client, world, council_activity):
    from django.test.signals import template_rendered

    rendered = []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    client.force_login(world.coordinator)
    for path in ("/register/?type=consultation", f"/register/{council_activity.pk}/", "/assurance/", "/joining-up/"):
        first = client.get(path)  # rendered whole, and kept: the parts, and the page around them
        rendered.clear()
        template_rendered.connect(note)
        try:
            again = client.get(path)
        finally:
            template_rendered.disconnect(note)
        assert again.status_code == 200 and rendered == [], path
        assert without_tokens(again) == without_tokens(first), path
        assert "<title>" in again.content.decode() and "Sign out" in again.content.decode()


def test_the_menu_around_a_kept_page_is_the_visitors_own(client, world):
    signed_out = client.get("/you-said-we-did/").content.decode()
    assert "Sign in" in signed_out and "Sign out" not in signed_out and ">Register<" not in signed_out
    client.force_login(world.coordinator)
    coordinator = client.get("/you-said-we-did/").content.decode()
    assert "Sign out" in coordinator and ">Register<" in coordinator and ">Shared lists<" in coordinator
    client.force_login(world.board_member)
    member = client.get("/you-said-we-did/").content.decode()
    assert ">Register<" in member and ">Shared lists<" not in member
    client.logout()
    assert without_tokens(client.get("/you-said-we-did/")) == signed_out


def test_a_kept_page_shows_a_message_waiting_for_the_visitor_once(client, world, council_activity):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(world.coordinator)
    path = f"/register/{council_activity.pk}/"
    client.get(path)  # kept
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Your plan was shared.")])
    assert "Your plan was shared." in client.get(path).content.decode()
    assert "Your plan was shared." not in client.get(path).content.decode()


def test_the_sign_out_form_around_a_kept_page_carries_the_viewers_own_token(world):
    from django.test import Client

    first = Client(enforce_csrf_checks=True)
    first.force_login(world.board_member)
    first.get("/assurance/")  # kept now, with a stand-in for the token
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.board_member)
    page = second.get("/assurance/").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*><input[^>]+value="([^"]+)"', page)
    assert kept.TOKEN not in page and "\x00" not in page
    assert second.post(form[1], {"csrfmiddlewaretoken": form[2]}).status_code == 302
    assert second.get("/assurance/").status_code == 302  # signed out: sent to sign in


def templates_rendered_for(client, path: str) -> list[str]:
    from django.test.signals import template_rendered

    rendered = []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        assert client.get(path).status_code == 200
    finally:
        template_rendered.disconnect(note)
    return rendered


def test_a_residents_answer_leaves_the_pages_that_read_no_answers_as_they_were(client, world, council_activity):
    from engaging.evaluation.models import ParticipantFeedback

    client.force_login(world.coordinator)
    unread = ["/register/?type=consultation", "/joining-up/", "/insight/?theme=1", "/you-said-we-did/"]
    reads_answers = f"/register/{council_activity.pk}/"  # its evaluation panel counts the ratings
    for path in [*unread, reads_answers]:
        client.get(path)
    ParticipantFeedback.objects.create(
        activity=council_activity, listened_to=5, easy_to_take_part=4, know_what_happens_next=3
    )
    for path in unread:
        assert templates_rendered_for(client, path) == [], path
    assert "register/_detail_body.html" in templates_rendered_for(client, reads_answers)


def test_an_address_with_made_up_parameters_keeps_nothing_around_the_page(client, world):
    client.force_login(world.coordinator)
    cache.recent.items.clear()
    client.get("/you-said-we-did/?made_up=0")  # keeps the count and the list of responses, which ignore it
    kept_before = len(cache.recent.items)
    for n in range(1, 6):
        assert client.get(f"/you-said-we-did/?made_up={n}").status_code == 200
    assert len(cache.recent.items) == kept_before < cache.RECENT
    client.get("/you-said-we-did/")
    assert templates_rendered_for(client, "/you-said-we-did/") == []


def test_words_in_the_address_that_look_like_a_pieces_marker_are_shown_as_they_are(client, world):
    client.force_login(world.coordinator)
    for forged in ("%00piece0%00", "%00piece7%00", "%00csrf-token%00"):
        response = client.get(f"/assurance/?from={forged}")
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()


def test_a_new_build_of_the_static_files_renders_the_page_around_kept_parts_again(client, world, monkeypatch):
    client.force_login(world.coordinator)
    monkeypatch.setattr(kept, "_static_version", lambda: "build-1")
    client.get("/register/")
    assert templates_rendered_for(client, "/register/") == []
    monkeypatch.setattr(kept, "_static_version", lambda: "build-2")  # its links name other files now
    assert "base.html" in templates_rendered_for(client, "/register/")


def test_nothing_is_kept_for_a_visitor_before_an_app_says_how_to_read_their_roles(monkeypatch):
    """Without the roles in the key, a part kept for a coordinator could be served to anyone."""
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(cache, "_roles_for", None)
    with pytest.raises(ImproperlyConfigured):
        cache.roles_of(None)


def test_a_search_asked_again_is_answered_from_this_process_and_never_from_the_shared_cache(
    client, world, council_activity
):
    from django.core.cache import cache as shared_cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Finding.objects.create(
        activity=council_activity, statement="Transport to the clinic is hard.", heard_on=date.today(),
        review_by=date(date.today().year + 1, 1, 1),
    )  # fmt: skip
    client.force_login(world.board_member)
    first = client.get("/insight/?q=clinic+transport").content.decode()
    assert "1 finding matching" in first
    written = []
    real_set = shared_cache.set
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shared_cache, "set", lambda key, *a, **k: written.append(key) or real_set(key, *a, **k))
        with CaptureQueriesContext(connection) as asked_again:
            again = client.get("/insight/?q=clinic+transport").content.decode()
        with CaptureQueriesContext(connection) as asked_other:
            other = client.get("/insight/?q=hard+clinic").content.decode()
    assert again.count("Transport to the clinic is hard") == first.count("Transport to the clinic is hard")
    assert "1 finding matching" in other
    assert written == []  # neither search, nor the page around it, went to the shared cache
    assert not any("insight_finding" in q["sql"] for q in asked_again)
    assert any("insight_finding" in q["sql"] for q in asked_other)
