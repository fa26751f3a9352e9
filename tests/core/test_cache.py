"""The one cache: a value is used again until a table it read is written, and never shared beyond what its key holds.

These run against whatever cache the settings give: Redis when REDIS_URL is set (as in production,
e.g. REDIS_URL=redis://127.0.0.1:6379/15), the in-process cache otherwise.
"""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as shared_cache
from django.db import connection
from django.test import RequestFactory

from engaging.accounts.models import Organisation
from engaging.core import cache, versions
from engaging.evaluation.models import ParticipantFeedback
from engaging.lists.models import Group
from engaging.register.models import Activity
from tests.factories import ActivityFactory, GroupFactory, MembershipFactory

# Committed writes, as the pages see them: inside a test's own transaction PostgreSQL keeps nothing.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def nothing_kept_before():
    cache.recent.items.clear()
    cache.searched.items.clear()
    shared_cache.clear()
    yield
    shared_cache.clear()


class Counted:
    """A work_out that says how often it ran."""

    def __init__(self, work_out):
        self.work_out, self.runs = work_out, 0

    def __call__(self):
        self.runs += 1
        return self.work_out()


def group_names():
    return sorted(Group.objects.values_list("name", flat=True))


def test_a_value_is_worked_out_once_until_a_table_it_read_is_written(world):
    names = Counted(group_names)
    first = cache.cached("groups", ["a"], names)
    assert cache.cached("groups", ["a"], names) == first and names.runs == 1
    cache.cached("groups", ["b"], names)  # other parts, another value
    assert names.runs == 2
    ActivityFactory(lead_organisation=world.council)  # a table it does not read
    cache.cached("groups", ["a"], names)
    assert names.runs == 2
    GroupFactory(name="Veterans")
    assert "Veterans" in cache.cached("groups", ["a"], names) and names.runs == 3


def test_the_key_holds_no_version_so_a_value_is_replaced_rather_than_added_to(world):
    kept = []
    real_set = shared_cache.set

    def noted_set(key, value, *args, **kwargs):
        kept.append(key)
        return real_set(key, value, *args, **kwargs)

    for name in ("Veterans", "Young carers", "Care leavers"):
        GroupFactory(name=name)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cache.shared_cache, "set", noted_set)
            assert name in cache.cached("groups", [], group_names)
    assert len(set(kept)) == 1


def test_a_value_inside_another_adds_its_tables_to_it_found_or_worked_out(world):
    def outer():
        return (cache.cached("groups", [], group_names), Organisation.objects.count())

    first = cache.cached("outer", [], outer)
    cache.recent.items.clear()
    cache.cached("groups", [], group_names)  # the inner value is found, not worked out, from now on
    counted = Counted(outer)
    assert cache.cached("outer-again", [], counted) == first
    GroupFactory(name="Veterans")  # read only by the inner value
    assert "Veterans" in cache.cached("outer", [], outer)[0]
    assert "Veterans" in cache.cached("outer-again", [], counted)[0] and counted.runs == 2


def test_what_reads_a_table_with_no_version_is_not_kept(world):
    def sessions():
        with connection.cursor() as cursor:
            cursor.execute('SELECT count(*) FROM "django_session"')
            return cursor.fetchone()[0]

    counted = Counted(lambda: (group_names(), cache.cached("sessions", [], sessions)))
    cache.cached("with-sessions", [], counted)
    cache.cached("with-sessions", [], counted)
    assert counted.runs == 2


def test_a_value_that_says_skip_is_not_kept_nor_what_holds_it(world):
    inner = Counted(lambda: cache.skip() or group_names())
    outer = Counted(lambda: cache.cached("inner", [], inner))
    for _ in range(2):
        cache.cached("outer", [], outer)
    assert (inner.runs, outer.runs) == (2, 2)


def test_none_is_never_kept(world):
    nothing = Counted(lambda: None)
    cache.cached("nothing", [], nothing)
    cache.cached("nothing", [], nothing)
    assert nothing.runs == 2


def test_a_request_waits_for_a_value_another_request_is_working_out(world):
    now = versions.read()
    cache_key = cache.key("test", ["wait"])
    shared_cache.add(f"{cache_key}:working", True, 60)
    entry = (((Group._meta.db_table, now.get(Group._meta.db_table, 0)),), "worked out elsewhere")
    threading.Timer(0.2, lambda: shared_cache.set(cache_key, entry, 60)).start()
    assert cache.cached("test", ["wait"], lambda: "worked out here") == "worked out elsewhere"


def test_a_request_works_the_value_out_itself_when_the_other_gives_up(world):
    cache_key = cache.key("test", ["gave up"])
    shared_cache.add(f"{cache_key}:working", True, 60)
    threading.Timer(0.2, lambda: shared_cache.delete(f"{cache_key}:working")).start()
    assert cache.cached("test", ["gave up"], lambda: "worked out here") == "worked out here"


def test_a_value_kept_by_an_older_request_is_not_taken_for_a_newer_one(world):
    """A value in the cache with other versions than the request's is worked out again, not waited for."""
    cache.cached("groups", [], group_names)
    GroupFactory(name="Veterans")
    assert "Veterans" in cache.cached("groups", [], group_names)


# --- Who is asking ----------------------------------------------------------------------------


def officer_request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_a_part_shared_by_roles_that_reads_the_persons_name_is_theirs_alone(world):
    another = MembershipFactory(user__username="officer-two", organisation=world.council).user
    named = Counted(lambda: request.user.username)
    request = officer_request(world.officer_council)
    assert cache.cached("name", [], named, request=request, by_roles=True) == world.officer_council.username
    request = officer_request(another)
    assert cache.cached("name", [], named, request=request, by_roles=True) == "officer-two"
    request = officer_request(world.officer_council)
    assert cache.cached("name", [], named, request=request, by_roles=True) == world.officer_council.username
    assert named.runs == 2  # once for each person, then kept for each


def test_a_part_that_reads_only_roles_and_permissions_is_shared_by_everyone_with_them(world):
    another = MembershipFactory(user__username="officer-two", organisation=world.council).user
    activity = ActivityFactory(lead_organisation=world.council)

    def may_edit():
        user = request.user
        return user.is_authenticated, user.has_perm("register.change_activity", activity), user.is_superuser

    checked = Counted(may_edit)
    for person in (world.officer_council, another):
        request = officer_request(person)
        assert cache.cached("may-edit", [activity.pk], checked, request=request, by_roles=True) == (True, True, False)
    assert checked.runs == 1
    request = officer_request(world.officer_healthwatch)  # other roles: another value
    assert cache.cached("may-edit", [activity.pk], checked, request=request, by_roles=True)[1] is False


def test_a_part_shared_by_everyone_is_worked_out_for_a_visitor_who_has_not_signed_in(world):
    request = officer_request(world.coordinator)
    seen = cache.cached("who", [], lambda: (request.user.is_authenticated, str(request.user)), request=request)
    assert seen == (False, str(AnonymousUser()))
    assert request.user == world.coordinator  # the request's own user is back afterwards


# --- Keys from bounded values -----------------------------------------------------------------------


def entries_added(client, paths: list[str]) -> int:
    added = set()
    real_set = shared_cache.set

    def noted_set(key, value, *args, **kwargs):
        added.add(key)
        return real_set(key, value, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache.shared_cache, "set", noted_set)
        for path in paths:
            assert client.get(path).status_code in (200, 400), path
    return len(added)


def test_made_up_page_numbers_and_offsets_cannot_fill_the_cache(client, world):
    for n in range(30):
        ActivityFactory(lead_organisation=world.council, is_public=True, title=f"Public activity {n}")
    # "You said, we did": two entries for the first page as the hub links it (its list, the page around it),
    # and the count and list of responses, which are keyed by the page they show.
    pages = entries_added(client, [f"/you-said-we-did/?page={n}" for n in range(1, 45)])
    assert pages <= 6
    offsets = entries_added(client, [f"/api/v1/activities?offset={n}" for n in range(40)])
    assert offsets <= 2
    client.force_login(world.coordinator)
    searches = entries_added(client, [f"/register/?q=word{n}" for n in range(20)])
    assert searches <= 2  # the shared lists of the filters, kept in this process, are not in it at all


def test_an_api_page_the_lists_own_steps_reach_is_kept(client, world):
    for n in range(3):
        ActivityFactory(lead_organisation=world.council, is_public=True, title=f"Public activity {n}")
    assert entries_added(client, ["/api/v1/activities?limit=1&offset=1"]) == 1
    assert entries_added(client, ["/api/v1/activities?limit=2&offset=1"]) == 0


def test_a_residents_answer_leaves_values_that_do_not_read_answers_as_they_were(world):
    activity = ActivityFactory(lead_organisation=world.council)
    listed = Counted(lambda: list(Activity.objects.values_list("title", flat=True)))
    cache.cached("titles", [], listed)
    ParticipantFeedback.objects.create(activity=activity, listened_to=5, easy_to_take_part=4, know_what_happens_next=3)
    cache.cached("titles", [], listed)
    assert listed.runs == 1


def test_a_value_kept_here_only_is_used_again_but_never_reaches_the_shared_cache(world):
    written = []
    real_set, real_add = shared_cache.set, shared_cache.add
    names = Counted(group_names)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache.shared_cache, "set", lambda key, *a, **k: written.append(key) or real_set(key, *a, **k))
        patch.setattr(cache.shared_cache, "add", lambda key, *a, **k: written.append(key) or real_add(key, *a, **k))
        first = cache.cached("groups", ["made up words"], names, here_only=True)
        assert cache.cached("groups", ["made up words"], names, here_only=True) == first and names.runs == 1
        GroupFactory(name="Veterans")
        assert "Veterans" in cache.cached("groups", ["made up words"], names, here_only=True) and names.runs == 2
    assert written == []


def test_values_kept_here_only_are_the_last_few_asked_for_and_push_out_nothing_else(world):
    cache.cached("groups", ["kept for everyone"], group_names)
    for n in range(cache.SEARCHED * 3):
        cache.cached("groups", [f"words {n}"], group_names, here_only=True)
    assert len(cache.searched.items) == cache.SEARCHED
    names = Counted(group_names)
    cache.cached("groups", ["kept for everyone"], names)
    cache.cached("groups", [f"words {cache.SEARCHED * 3 - 1}"], names, here_only=True)
    assert names.runs == 0  # neither the shared value nor the latest search was pushed out
    cache.cached("groups", ["words 0"], names, here_only=True)
    assert names.runs == 1  # the oldest search was
