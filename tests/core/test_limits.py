"""The hub's one rate limiter (engaging/core/limits.py), on each cache backend the hub runs on."""

from datetime import UTC

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from engaging.core import limits

BACKENDS = {
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits-test"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "limits_test_cache"},
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, db):
    with override_settings(CACHES={"default": BACKENDS[request.param]}):
        if request.param == "database":
            call_command("createcachetable", verbosity=0)
        caches["default"].clear()
        yield request.param
        caches["default"].clear()


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand, starting at the beginning of a minute."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(limits.time, "time", lambda: now["t"])
    return now


def asking(address="203.0.113.7", **headers):
    return RequestFactory().post("/", REMOTE_ADDR=address, **headers)


def test_a_client_over_its_limit_is_refused_until_its_window_ends(backend, clock):
    limit = limits.Limit("test", allowed=2, window=60)
    counts = [limits.count(asking(), limit) for _ in range(4)]
    assert [usage.exceeded for usage in counts] == [False, False, True, True]
    assert counts[-1].retry_after == 60
    clock["t"] += 30
    assert limits.count(asking(), limit).exceeded


def test_a_client_that_keeps_calling_after_its_limit_gets_back_in_when_the_window_ends(backend, clock):
    # The database cache's incr writes its key again with the default timeout, so a count that only
    # expired could be kept alive for ever by a client that never stops calling.
    limit = limits.Limit("test", allowed=1, window=60)
    for _ in range(90):
        limits.count(asking(), limit)
        clock["t"] += 1
    assert limits.usage(asking(), limit).count == 30  # the second window's calls so far
    clock["t"] = 1_800_000_000.0 + 120
    assert not limits.count(asking(), limit).exceeded


def test_the_count_lives_as_long_as_its_window_on_the_database_cache(db, clock):
    with override_settings(CACHES={"default": BACKENDS["database"]}):
        call_command("createcachetable", verbosity=0)
        cache = caches["default"]
        cache.clear()
        limit = limits.Limit("hourly", allowed=5, window=3600)
        for _ in range(3):
            limits.count(asking(), limit)
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM limits_test_cache")
            (expires,) = cursor.fetchone()
        if timezone.is_naive(expires):
            expires = timezone.make_aware(expires, UTC)
        # Django's default timeout is five minutes: the count must outlive it, to the window's end.
        assert expires.timestamp() - clock["t"] > 3000
        cache.clear()


def test_each_limit_and_scope_and_client_counts_apart(backend, clock):
    limit = limits.Limit("test", allowed=1, window=60)
    other = limits.Limit("other", allowed=1, window=60)
    assert not limits.count(asking(), limit, scope="1").exceeded
    assert limits.count(asking(), limit, scope="1").exceeded
    assert not limits.count(asking(), limit, scope="2").exceeded
    assert not limits.count(asking(), other, scope="1").exceeded
    assert not limits.count(asking("198.51.100.9"), limit, scope="1").exceeded


def test_the_address_is_never_part_of_a_key(backend, clock):
    limits.count(asking("203.0.113.7"), limits.Limit("test", allowed=1, window=60))
    key = limits._key(limits.Limit("test", 1, 60), asking("203.0.113.7"), "", 0)
    assert "203.0.113.7" not in key


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (False, "1.2.3.4", "10.0.0.2"),  # not behind a proxy: the header is anyone's to write
        (True, "1.2.3.4", "1.2.3.4"),
        (True, "9.9.9.9, 203.0.113.7", "203.0.113.7"),  # only the entry the proxy added counts
        (True, "", "10.0.0.2"),
    ],
)
def test_the_client_is_the_address_the_hubs_own_proxy_saw(settings, behind_proxy, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert limits.client_address(asking("10.0.0.2", **headers)) == expected


def test_a_limit_needs_a_window():
    with pytest.raises(ValueError):
        limits.Limit("test", allowed=1, window=0)
