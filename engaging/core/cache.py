"""One cache for what the hub works out again and again, kept until a table it read is written.

`cached(name, parts, work_out)` gives what `work_out()` gives, or what it gave before for the same
name and parts if no table it read has been written since. While `work_out` runs, the tables its SQL
names are recorded; the value is stored with their versions (engaging/core/versions.py) as read
before it ran, under a key holding the name, the parts, a digest of the hub's code and the settings
its pages depend on, but no version. It is used again only while every one of those versions is the
same, so a write invalidates only what reads the table written.

- A value worked out inside another adds its tables to every value it is inside, found or worked out.
- What reads a table that is not versioned (the session, say) is not kept, nor anything it is inside.
- `skip()`, called by `work_out`, keeps nothing of this value: for an address not written as the hub
  writes its own links (page "03", a page past the last), or words to search for, which would let
  anyone fill the cache or push everyone else's pages out of it.
- None is never kept: `work_out` returns it for what should be worked out each time.
- Inside a transaction, what reads a table it has written is not kept (PostgreSQL: see versions.py).

Given the request, a value is part of its page: KEEP_PAGES=False works it out afresh, the versions are
read once for everything the request keeps (once per value for anything but GET and HEAD, which may
write between), and while `work_out` runs the request's user stands for no more than what the key holds:
- `by_roles=True` adds the visitor's roles to the key and shares the value between everyone with the
  same roles. The user is then a guard (`RolesOnly`) that lets their roles and permissions be read;
  reading anything else of the person (their id, name, email, memberships...) makes the value
  theirs alone, kept under a key of their own.
- otherwise the value is shared by everyone who asks, and is worked out for a visitor who has not
  signed in.

Values are looked for in this process (the last RECENT), then in the cache every app server shares
(Redis in production, see settings.py), and only then worked out: by one request at a time, while
others asking for the same wait for it rather than all working it out at once just after a write.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as shared_cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from engaging.core import versions as table_versions
from engaging.core.recent import Recent

T = TypeVar("T")
log = logging.getLogger(__name__)

# Settings that change what pages show.
SETTINGS = ("FATIGUE_THRESHOLD", "LOOP_CLOSURE_WEEKS", "OVERLAP_WEEKS", "PARTNERSHIP_NAME", "SERVICE_NAME", "SITE_URL")
# Values are dropped after a day even if nothing changed, so the cache does not fill with old ones.
KEEP_SECONDS = 24 * 60 * 60
# While one request works a value out, others asking for the same wait for it, checking this often,
# for at most this long; the mark that it is working lasts at most WORKING_SECONDS.
WAIT_STEP = 0.05
WAIT_SECONDS = 10
WORKING_SECONDS = 60
# How many values each process keeps for itself, besides the shared cache: a kept page takes two or three.
RECENT = 128
# How many values kept in this process alone (`here_only`) it keeps.
SEARCHED = 64
# Stored under a shared key when the value read the person: theirs is under a key of their own.
PERSONAL = "\x00personal\x00"


# --- What a value reads -----------------------------------------------------------------------


class Recording:
    """What one value being worked out has read: versioned tables, and whether it may be kept and shared."""

    __slots__ = ("tables", "keep", "personal")

    def __init__(self):
        self.tables: set[str] = set()
        self.keep = True
        self.personal = False


# The values being worked out, outermost first.
_recordings: ContextVar[tuple[Recording, ...]] = ContextVar("recordings", default=())
# The versions read for the request being answered, or for the value being worked out.
_versions: ContextVar[dict[str, int] | None] = ContextVar("versions", default=None)

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@lru_cache(maxsize=4096)
def tables_read(sql: str) -> tuple[frozenset[str], bool]:
    """The versioned tables `sql` names, and whether it names one that is not versioned.

    A name that is not a table but starts with one (insight_finding_fts, an index) stands for it."""
    versioned, ignored = table_versions.versioned_tables(), table_versions.ignored_tables()
    unversioned = table_versions.unversioned_tables()
    found: set[str] = set()
    spoiled = False
    for word in set(WORD.findall(sql)):
        name = word.lower()
        while name not in versioned and name not in unversioned and name not in ignored and "_" in name:
            name = name.rsplit("_", 1)[0]
        if name in versioned:
            found.add(name)
        elif name in unversioned:
            spoiled = True
    return frozenset(found), spoiled


def _note_query(execute, sql, params, many, context):
    tables, spoiled = tables_read(sql)
    for recording in _recordings.get():
        recording.tables |= tables
        recording.keep = recording.keep and not spoiled
    return execute(sql, params, many, context)


def skip() -> None:
    """Keep nothing of the value being worked out, nor of any value it is inside."""
    for recording in _recordings.get():
        recording.keep = False


def recorded(work_out: Callable[[], T], versions: dict[str, int]) -> tuple[T, dict[str, int] | None]:
    """`work_out()`, with the version, among `versions`, of every table it read: for what is stored elsewhere than
    this cache (figures kept in the database), to be checked with `unchanged`. None instead of versions when it
    read a table that has none, or asked to be kept nowhere: it is then never current."""
    value, recording = _work_out(work_out, versions, None, False)
    return value, dict(_stored(recording.tables, versions)) if _may_keep(recording, versions) else None


def note_read(read: dict[str, int] | None) -> None:
    """Count the tables in `read` (as `recorded` gave it) as read by every value being worked out: for what it
    takes from a store of its own, worked out from them. None: that store is never current, so nothing is kept."""
    if read is None:
        skip()
        return
    for recording in _recordings.get():
        recording.tables |= set(read)


def unchanged(read: dict[str, int] | None, versions: dict[str, int]) -> bool:
    """Whether no table in `read` (as `recorded` gave it) has been written since."""
    return read is not None and all(table in versions and versions[table] == version for table, version in read.items())


def _mark_personal() -> None:
    for recording in _recordings.get():
        recording.personal = True


# --- Who is asking ------------------------------------------------------------------------------

# The function that gives a person's roles, as a value that compares equal for people who may see the same,
# and the attributes it reads (besides whether they are signed in and active).
_roles_for: Callable[[Any], Any] | None = None
_role_attributes: frozenset[str] = frozenset()
SHARED_ATTRIBUTES = frozenset({"is_authenticated", "is_anonymous", "is_active", "is_superuser", "_perm_cache"})


def read_roles_with(reader: Callable[[Any], Any], attributes: Iterable[str] = ()) -> None:
    """Key what is kept for a visitor's roles by `reader(user)`, which reads `attributes` of them besides
    SHARED_ATTRIBUTES: the accounts app calls this when it is ready."""
    global _roles_for, _role_attributes
    _roles_for, _role_attributes = reader, frozenset(attributes)


def roles_of(user) -> tuple:
    """What a visitor may see follows from this: their roles, and whether they are a superuser (who may do anything,
    so is never served what was kept for a coordinator, nor the other way round)."""
    if _roles_for is None:
        # Without them, a page kept for a coordinator could be served to anyone.
        raise ImproperlyConfigured("No app has said how to read a visitor's roles (see cache.read_roles_with).")
    return _roles_for(user), bool(getattr(user, "is_superuser", False))


class RolesOnly:
    """The signed-in person while a value shared by everyone with their roles is worked out.

    Their roles and permissions may be read (permission rules are given this guard, so a rule that
    reads more of the person counts too); reading anything else of them marks the value as theirs alone.
    """

    __slots__ = ("_person",)

    def __init__(self, person):
        object.__setattr__(self, "_person", person)

    def __getattr__(self, name: str):
        if name not in SHARED_ATTRIBUTES and name not in _role_attributes:
            log.debug("A shared value read %s of the person: kept for them alone", name)
            _mark_personal()
        return getattr(self._person, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._person, name, value)

    @property
    def __class__(self):  # isinstance() sees the person's own class
        return self._person.__class__

    def has_perm(self, perm, obj=None) -> bool:
        return self._person.__class__.has_perm(self, perm, obj)

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        return self._person.__class__.has_module_perms(self, app_label)

    def __eq__(self, other) -> bool:
        _mark_personal()
        return self._person == (other._person if isinstance(other, RolesOnly) else other)

    def __hash__(self) -> int:
        _mark_personal()
        return hash(self._person)

    def __str__(self) -> str:
        _mark_personal()
        return str(self._person)


class _AsUser:
    """Puts `user` in place of the request's while a value is worked out."""

    def __init__(self, request, user):
        self.request, self.user = request, user

    def __enter__(self):
        self.before = self.request.__dict__.get("user")
        self.request.user = self.user

    def __exit__(self, *exc):
        if self.before is None:
            del self.request.user
        else:
            self.request.user = self.before


# --- Versions ---------------------------------------------------------------------------------------


def current_versions(request=None) -> dict[str, int] | None:
    """The versions what is kept is checked against: read once for a GET or HEAD request, the same as the
    enclosing value's for a value worked out inside another, and read afresh otherwise (a request that may
    write reads them again for each value)."""
    if request is not None and request.method in ("GET", "HEAD"):
        if not hasattr(request, "_table_versions"):
            request._table_versions = table_versions.read()
        return request._table_versions
    if request is None and _recordings.get():
        return _versions.get()
    return table_versions.read()


def _stored(tables: Iterable[str], versions: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((table, versions.get(table, 0)) for table in tables))


def _current(entry, versions: dict[str, int]) -> bool:
    return all(table in versions and versions[table] == version for table, version in entry[0])


# --- Keys and the layer kept in this process ----------------------------------------------------------


@cache
def code_digest() -> str:
    """A digest of the hub's Python code and templates: what other code drew is never used again."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html") and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(name: str, parts: Iterable[Any]) -> str:
    """The cache key of value `name` for `parts`: no version is in it, so a value is replaced, not added to."""
    database = settings.DATABASES["default"].get("NAME")  # two hubs may share one Redis
    described = repr((name, tuple(parts), database, code_digest(), [getattr(settings, s, None) for s in SETTINGS]))
    return f"cache:{name}:{hashlib.sha256(described.encode()).hexdigest()}"


recent = Recent(RECENT)
# Values kept in this process alone (`here_only`): searches, say. Anyone asking for new ones pushes out only these.
searched = Recent(SEARCHED)


# --- Keeping ---------------------------------------------------------------------------------------


def cached(
    name: str, parts: Iterable[Any], work_out: Callable[[], T], *, request=None, by_roles: bool = False,
    here_only: bool = False,
) -> T:  # fmt: skip
    """`work_out()`, or what it gave before for the same `name` and `parts` if no table it read has been written since.

    See the module's docstring for `request` and `by_roles`. `here_only` keeps the value in this process alone,
    among the last few such (`searched`), never in the shared cache: for addresses anyone can make up, such as
    words to search for, which would otherwise let anyone fill the shared cache or push others' pages out of it."""
    if request is not None and not settings.KEEP_PAGES:
        return work_out()
    versions = current_versions(request)
    if versions is None:  # versions are not kept on this database
        return work_out()
    parts = list(parts)
    user = getattr(request, "user", None) if request is not None else None
    if by_roles:
        parts.append(roles_of(user))
    cache_key = key(name, parts)
    entry = _find(cache_key, versions, here_only)
    if entry is not None and entry[1] == PERSONAL:
        _mark_personal()
        if user is None or not user.is_authenticated:
            return _work_out(work_out, versions, request, by_roles)[0]
        cache_key = f"{cache_key}:person:{user.pk}"
        entry = _find(cache_key, versions, here_only)
    if entry is not None:
        _note_tables(entry)
        return entry[1]
    # Nothing kept here alone is marked in the shared cache as being worked out: two asking at once both work it out.
    working = not here_only and shared_cache.add(f"{cache_key}:working", True, WORKING_SECONDS)
    if not working and not here_only:
        entry = _wait_for(cache_key, versions)
        if entry is not None and entry[1] != PERSONAL:
            _note_tables(entry)
            return entry[1]
    try:
        value, recording = _work_out(work_out, versions, request, by_roles)
        if value is not None and _may_keep(recording, versions):
            _keep(cache_key, value, recording, versions, user, here_only)
        elif request is not None and not _may_keep(recording, versions):
            request._cache_kept_nothing = True  # so the page around it is not kept either
    finally:
        if working:
            shared_cache.delete(f"{cache_key}:working")
    return value


def _may_keep(recording: Recording, versions) -> bool:
    """Whether a value worked out may be kept for others: not if it read a table this transaction has written,
    whose later writes in it would change no version (see versions.py), nor a table with no version yet (every
    table has one from migrate on: none means its marks were emptied, and it would match any other such state)."""
    return (
        recording.keep
        and not recording.tables & getattr(versions, "written", frozenset())
        and recording.tables <= versions.keys()
    )


def _note_tables(entry) -> None:
    """A value found adds the tables it read to every value it is inside, as if it had read them again."""
    for recording in _recordings.get():
        recording.tables.update(table for table, _ in entry[0])


# Values kept in this process alone, as they are: (tables' versions, value) by key.
_in_process: OrderedDict[str, tuple] = OrderedDict()
_in_process_lock = threading.Lock()
IN_PROCESS = 256


def in_process(name: str, parts: Iterable[Any], work_out: Callable[[], T], *, versions=None) -> T:
    """`cached`, kept in this process alone and never copied: for large values that nothing changes in place
    and that cost more to copy than to check (the rows of a shared list, say). `versions`, when given, are
    those read once for several such values."""
    versions = current_versions() if versions is None else versions
    if versions is None:
        return work_out()
    cache_key = key(name, parts)
    with _in_process_lock:
        entry = _in_process.get(cache_key)
        if entry is not None:
            _in_process.move_to_end(cache_key)
    if entry is not None and _current(entry, versions):
        _note_tables(entry)
        return entry[1]
    value, recording = _work_out(work_out, versions, None, False)
    if value is not None and _may_keep(recording, versions) and not recording.personal:
        with _in_process_lock:
            _in_process[cache_key] = (_stored(recording.tables, versions), value)
            while len(_in_process) > IN_PROCESS:
                _in_process.popitem(last=False)
    return value


def _find(cache_key: str, versions: dict[str, int], here_only: bool = False):
    """The stored (tables' versions, value) under `cache_key` if every table's version is still the same."""
    entry = (searched if here_only else recent).get(cache_key)
    if entry is not None and _current(entry, versions):
        return entry
    if here_only:
        return None
    entry = shared_cache.get(cache_key)
    if entry is not None and _current(entry, versions):
        recent.put(cache_key, entry)
        return entry
    return None


def _work_out(work_out: Callable[[], T], versions, request, by_roles: bool) -> tuple[T, Recording]:
    recording = Recording()
    outer = _recordings.get()
    reset = _recordings.set((*outer, recording))
    reset_versions = _versions.set(versions)
    user = getattr(request, "user", None) if request is not None else None
    stand_in = None if user is None else RolesOnly(user) if by_roles else AnonymousUser()
    try:
        with _AsUser(request, stand_in) if stand_in is not None else _nothing():
            if outer:  # the outermost value's wrapper sees every query
                value = work_out()
            else:
                with connection.execute_wrapper(_note_query):
                    value = work_out()
    finally:
        _recordings.reset(reset)
        _versions.reset(reset_versions)
    return value, recording


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def _keep(cache_key: str, value, recording: Recording, versions, user, here_only: bool = False) -> None:
    stored = _stored(recording.tables, versions)

    def put(at: str, kept) -> None:
        if not here_only:
            shared_cache.set(at, (stored, kept), KEEP_SECONDS)
        (searched if here_only else recent).put(at, (stored, kept))

    if recording.personal:
        if user is None or not user.is_authenticated:
            return
        put(cache_key, PERSONAL)
        cache_key = f"{cache_key}:person:{user.pk}"
    put(cache_key, value)


def _wait_for(cache_key: str, versions: dict[str, int]):
    """What another request is working out, once it is kept; None if it gives up or takes too long."""
    waited = 0.0
    while waited < WAIT_SECONDS:
        time.sleep(WAIT_STEP)
        waited += WAIT_STEP
        found = shared_cache.get_many([cache_key, f"{cache_key}:working"])
        entry = found.get(cache_key)
        if entry is not None and _current(entry, versions):
            return entry
        if f"{cache_key}:working" not in found:
            return None
    return None
