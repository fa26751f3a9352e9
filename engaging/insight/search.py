"""Searching findings: ranked full-text search with highlighted matches, and "before you start".

The words people type are never handed to the database's query language: they are split into
plain words (letters and digits) and each is quoted, so no input can change the query's meaning
or make it fail. SQLite ranks by bm25 over the FTS5 index; PostgreSQL by ts_rank over the GIN
index (see search_index.py). Highlighting is done by the database, which knows which words its
stemming matched, between two private-use characters; everything else is escaped here before
those become <mark> tags.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connections, router
from django.db.models import BooleanField, Count, FloatField, Func, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.expressions import Expression, RawSQL, Star
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from engaging.insight.models import Finding
from engaging.insight.search_index import FTS_TABLE, PG_COLUMN

START, STOP = "\ue000", "\ue001"  # private-use characters, which a statement has no reason to hold
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 16
MAX_TERM_LENGTH = 40
SNIPPET_WORDS = 48
MAX_QUERY_LENGTH = 200  # what the search box and the API accept

# Words that say nothing about a finding, left out when matching on an activity's title and purpose.
COMMON_WORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below between both but by
    can could did do does doing down during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your yours
    activity activities engagement people ask asking asked tell us new plan planning what""".split()
)


def search_terms(text: str, *, leave_out_common: bool = False) -> list[str]:
    """The plain words to search for: letters and digits only, lower case, each once, at most MAX_TERMS."""
    terms: list[str] = []
    for word in WORD.findall((text or "")[: MAX_QUERY_LENGTH * 20].casefold()):
        word = word[:MAX_TERM_LENGTH]
        if leave_out_common and (word in COMMON_WORDS or len(word) < 2):
            continue
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def marked(text: str) -> SafeString:
    """Escape `text`, turning the database's highlight markers into <mark> tags (or dropping them if unpaired)."""
    escaped = escape(text)
    pairs_ok = True
    depth = 0
    for character in text:
        if character == START:
            depth += 1
            pairs_ok = pairs_ok and depth == 1
        elif character == STOP:
            depth -= 1
            pairs_ok = pairs_ok and depth == 0
    if not pairs_ok or depth:
        return mark_safe(escaped.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def _with_ellipses(snippet: str, statement: str) -> str:
    """Show with "…" where the database's snippet starts after or ends before the statement."""
    plain = snippet.replace(START, "").replace(STOP, "").strip()
    if not plain:
        return snippet
    whole = statement.strip()
    if not whole.startswith(plain):
        snippet = "…" + snippet.lstrip()
    if not whole.endswith(plain):
        snippet = snippet.rstrip() + "…"
    return snippet


def plain_snippet(statement: str) -> SafeString:
    return escape(Truncator(statement).words(SNIPPET_WORDS, truncate="…"))


# ---- Ranking, one backend per database ----------------------------------------------------------

# "Before you start" ranks only this many of the most recently recorded findings that match, so its
# work stays the same however large the library grows.
POOL = 500


def _matching(queryset, column: str) -> tuple[str, tuple]:
    """`queryset` as a condition on one finding, whose id is `column` in the outer query.

    A correlated EXISTS is checked by primary key for each finding the text search found, which
    costs nothing like listing every finding of the queryset first (as `id IN (…)` does on SQLite).
    """
    compiled = queryset.__dict__.setdefault("_matching", {})  # written once for all the queries of a search
    if column not in compiled:
        condition = queryset.order_by().filter(pk=RawSQL(column, ())).values("pk")
        sql, params = condition.query.sql_with_params()
        compiled[column] = (f"EXISTS ({sql})", params)
    return compiled[column]


class SqliteSearch:
    """FTS5: bm25 (smaller is better) and its own snippet()."""

    def match(self, terms: list[str], any_term: bool) -> str:
        return (" OR " if any_term else " AND ").join(f'"{term}"' for term in terms)

    def count(self, cursor, queryset, terms, any_term) -> int:
        condition, params = _matching(queryset, f"{FTS_TABLE}.rowid")
        cursor.execute(
            f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {condition}",
            [self.match(terms, any_term), *params],
        )
        return cursor.fetchone()[0]

    def newest(self, cursor, queryset, terms, any_term, offset, limit) -> list[int]:
        condition, params = _matching(queryset, f"{FTS_TABLE}.rowid")
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {condition} "
            f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s OFFSET %s",
            [self.match(terms, any_term), *params, limit, offset],
        )
        return [pk for (pk,) in cursor.fetchall()]

    def page(
        self, cursor, queryset, terms, any_term, offset, limit, since=0
    ) -> tuple[list[tuple[int, float, str]], int]:
        condition, params = _matching(queryset, f"{FTS_TABLE}.rowid")
        match = self.match(terms, any_term)
        # Rank and count every match in one pass, then cut snippets for the page alone: snippet()
        # reads the whole statement. The index itself skips findings recorded before `since`.
        cursor.execute(
            f"WITH matched AS MATERIALIZED (SELECT {FTS_TABLE}.rowid AS id, bm25({FTS_TABLE}) AS rank "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid >= %s AND {condition}), "
            "ranked AS (SELECT matched.id, matched.rank, finding.heard_on, COUNT(*) OVER () AS total "
            "FROM matched JOIN insight_finding finding ON finding.id = matched.id "
            "ORDER BY matched.rank, finding.heard_on DESC, finding.id DESC LIMIT %s OFFSET %s) "
            f"SELECT ranked.id, ranked.rank, snippet({FTS_TABLE}, 0, %s, %s, '', {SNIPPET_WORDS}), ranked.total "
            f"FROM ranked JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = ranked.id WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY ranked.rank, ranked.heard_on DESC, ranked.id DESC",
            [match, since, *params, limit, offset, START, STOP, match],
        )
        rows = cursor.fetchall()
        # bm25 is negative, best first; turn it round so that a bigger rank is always better.
        return [(pk, -rank, snippet) for pk, rank, snippet, _ in rows], (rows[0][3] if rows else None)

    def recent_best(self, cursor, queryset, terms, limit) -> list[int]:
        condition, params = _matching(queryset, f"{FTS_TABLE}.rowid")
        cursor.execute(
            f"SELECT id FROM (SELECT {FTS_TABLE}.rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND {condition} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s) "
            "ORDER BY rank, id DESC LIMIT %s",
            [self.match(terms, any_term=True), *params, POOL, limit],
        )
        return [pk for (pk,) in cursor.fetchall()]


class StoredWords(Expression):
    """SQL about the findings' stored words column, under whatever alias the query gives the findings table.

    The column is not a field of the model (see search_index.py), so it cannot be named with F().
    """

    def __init__(self, template: str, params: tuple, output_field, alias: str | None = None):
        super().__init__(output_field=output_field)
        self.template, self.params, self.alias = template, params, alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        words = f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(PG_COLUMN)}"
        return self.template.format(words=words), self.params


class PostgresSearch:
    """PostgreSQL full-text search: ts_rank (bigger is better) over the stored words of each statement.

    The queries are the queryset itself with the match as one more condition, so the finding's own
    filters are checked on the row the index found rather than by looking the finding up again.

    ts_headline is not used for snippets: it drops anything that looks like an HTML tag, so it would
    not show a statement as written. Instead the database says which of the statement's words match,
    and the snippet is cut here.
    """

    def query(self, terms: list[str], any_term: bool) -> str:
        return (" | " if any_term else " & ").join(f"'{term}'" for term in terms)

    def matches(self, queryset, terms, any_term):
        condition = StoredWords(
            "{words} @@ to_tsquery('english'::regconfig, %s)", (self.query(terms, any_term),), BooleanField()
        )
        return queryset.filter(condition)

    def ranked(self, queryset, terms, any_term):
        rank = StoredWords(
            "ts_rank({words}, to_tsquery('english'::regconfig, %s))", (self.query(terms, any_term),), FloatField()
        )
        return queryset.annotate(search_rank=rank)

    def count(self, cursor, queryset, terms, any_term) -> int:
        return self.matches(queryset, terms, any_term).count()

    def newest(self, cursor, queryset, terms, any_term, offset, limit) -> list[int]:
        # The findings are read newest first by primary key, each checked against `queryset` on its own: a
        # subquery the planner cannot join, so that it stops once it has enough rather than gathering every
        # current finding first (its guess of how many are current leads it there otherwise).
        one = queryset.order_by().filter(pk=RawSQL("found.id", ())).values("pk")[:1]
        sql, params = one.query.sql_with_params()
        cursor.execute(
            f"SELECT found.id FROM insight_finding found "
            f"WHERE found.{PG_COLUMN} @@ to_tsquery('english'::regconfig, %s) "
            f"AND ({sql}) IS NOT NULL ORDER BY found.id DESC LIMIT %s OFFSET %s",
            [self.query(terms, any_term), *params, limit, offset],
        )
        return [pk for (pk,) in cursor.fetchall()]

    def page(
        self, cursor, queryset, terms, any_term, offset, limit, since=0
    ) -> tuple[list[tuple[int, float, None]], int]:
        # Only what ranking needs passes through the sort: the statements come with the page's findings.
        if since:
            queryset = queryset.filter(pk__gte=since)
        rows = list(
            self.ranked(self.matches(queryset, terms, any_term), terms, any_term)
            .annotate(total=Window(Count("pk")))
            .order_by("-search_rank", "-heard_on", "-pk")
            .values_list("pk", "search_rank", "total")[offset : offset + limit]
        )
        return [(pk, rank, None) for pk, rank, _ in rows], (rows[0][2] if rows else None)

    def snippets(self, cursor, statements: dict[int, str], terms) -> dict[int, str]:
        words = {word.casefold() for statement in statements.values() for word in WORD.findall(statement)}
        matching = self.matching_words(cursor, sorted(words)[:MAX_SNIPPET_WORDS], terms)
        return {pk: window_snippet(statement, matching) for pk, statement in statements.items()}

    def recent_best(self, cursor, queryset, terms, limit) -> list[int]:
        # Ranked as the pool is read, so its findings are not looked up again by id to be ranked.
        pool = self.ranked(self.matches(queryset, terms, any_term=True), terms, any_term=True)
        pool = pool.order_by("-pk").values_list("pk", "search_rank")[:POOL]
        sql, params = pool.query.sql_with_params()
        cursor.execute(
            f"SELECT pool.pk FROM ({sql}) AS pool ORDER BY pool.search_rank DESC, pool.pk DESC LIMIT %s",
            [*params, limit],
        )
        return [pk for (pk,) in cursor.fetchall()]

    def matching_words(self, cursor, words: list[str], terms: list[str]) -> set[str]:
        """Which of `words` the query matches, as the index would see them (stemmed, stop words left out)."""
        if not words:
            return set()
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word "
            "WHERE to_tsvector('english'::regconfig, word) @@ to_tsquery('english'::regconfig, %s)",
            [words, self.query(terms, any_term=True)],
        )
        return {word for (word,) in cursor.fetchall()}


MAX_SNIPPET_WORDS = 5_000
TOKENS = re.compile(r"([^\W_]+)")


def window_snippet(statement: str, matching: set[str], size: int = SNIPPET_WORDS) -> str:
    """About `size` words of `statement` from just before its first match, matches between the markers."""
    parts = TOKENS.split(statement)  # separators at even positions, words at odd ones
    words = list(range(1, len(parts), 2))
    first = next((n for n, i in enumerate(words) if parts[i].casefold() in matching), 0)
    start = max(0, min(first - size // 4, len(words) - size))
    chosen = words[start : start + size]
    if not chosen:
        return statement
    pieces = [parts[0]] if chosen[0] == words[0] else []  # what comes before the first word, such as a quote mark
    for i in range(chosen[0], chosen[-1] + 1):
        part = parts[i]
        pieces.append(f"{START}{part}{STOP}" if i % 2 and part.casefold() in matching else part)
    if chosen[-1] == words[-1]:
        pieces.append(parts[-1])  # what follows the last word, such as a full stop
    return "".join(pieces)


BACKENDS = {"sqlite": SqliteSearch(), "postgresql": PostgresSearch()}


def _backend(connection):
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Searching findings needs SQLite or PostgreSQL, not {connection.vendor}") from None


# ---- Searching --------------------------------------------------------------------------------


@dataclass
class SearchResult:
    """One page of findings, best first, each with `.snippet` (safe HTML) and `.rank`; and how many match.

    With `most`, `count` is at most `most`, and `capped` says whether more than that matched."""

    findings: list[Finding] = field(default_factory=list)
    count: int = 0
    terms: list[str] = field(default_factory=list)
    capped: bool = False

    @property
    def searched(self) -> bool:
        return bool(self.terms)


def search_findings(
    queryset, text: str = "", *, offset: int = 0, limit: int = 20, any_term: bool = False, most: int | None = None
):
    """The findings in `queryset` that contain every word of `text` (any word with `any_term`), ranked.

    With no words to search for, every finding in `queryset`, newest first. The page's findings are
    loaded through `queryset`, so what it selects and prefetches comes with them.

    With `most`, only the `most` most recently recorded matches are ranked and counted, so a common
    word costs the same however large the library grows: they are the matches from the oldest of them on.
    """
    terms = search_terms(text)
    if not terms:
        ordered = queryset.order_by("-heard_on", "-pk")
        findings = list(ordered[offset : offset + limit])
        for finding in findings:
            finding.snippet, finding.rank = plain_snippet(finding.statement), None
        return SearchResult(findings=findings, count=queryset.count(), terms=[])
    connection = connections[router.db_for_read(Finding)]
    backend = _backend(connection)
    since, capped = 0, False
    with connection.cursor() as cursor:
        if most:
            # The oldest of the pool, and the next older match if there is one: two ids read by the index.
            edge = backend.newest(cursor, queryset, terms, any_term, most - 1, 2)
            since, capped = (edge[0] if edge else 0), len(edge) > 1
        rows, count = backend.page(cursor, queryset, terms, any_term, offset, limit, since)
        if count is None and since:  # a page past the last one of a full pool
            count = most
        elif count is None:  # no match, or a page past the last one: only then count on its own
            count = backend.count(cursor, queryset, terms, any_term) if offset else 0
        loaded = {finding.pk: finding for finding in queryset.filter(pk__in=[pk for pk, _, _ in rows])}
        if hasattr(backend, "snippets"):
            cut = backend.snippets(cursor, {pk: f.statement for pk, f in loaded.items()}, terms)
            rows = [(pk, rank, cut.get(pk)) for pk, rank, _ in rows]
    findings = []
    for pk, rank, snippet in rows:
        finding = loaded.get(pk)
        if finding is None:  # removed between the two queries
            continue
        finding.rank = rank
        finding.snippet = marked(_with_ellipses(snippet or "", finding.statement))
        findings.append(finding)
    return SearchResult(findings=findings, count=count, terms=terms, capped=capped)


def with_theme_names(findings: list[Finding]) -> list[Finding]:
    """Give each finding `theme_names`, its live themes' names in order, read for all of them in one query."""
    names: dict[int, list[str]] = defaultdict(list)
    links = Finding.themes.through.objects.filter(
        finding_id__in=[f.pk for f in findings], theme__archived_at__isnull=True
    ).order_by("theme__name", "theme_id")
    for finding_id, name in links.values_list("finding_id", "theme__name"):
        names[finding_id].append(name)
    for finding in findings:
        finding.theme_names = names[finding.pk]
    return findings


def ranked_ids(queryset, text: str, *, limit: int) -> list[int]:
    """The ids of the findings that best match any of the telling words of `text`, best first.

    Only the POOL most recently recorded findings that contain one of the words are ranked.
    """
    terms = search_terms(text, leave_out_common=True)
    if not terms:
        return []
    connection = connections[router.db_for_read(Finding)]
    with connection.cursor() as cursor:
        return _backend(connection).recent_best(cursor, queryset, terms, limit)


# ---- Before you start ----------------------------------------------------------------------------
# The ranking itself is in relevance.py; this is the part that reads the database's own structures.

CANDIDATES = 40


def sharing_most(candidates, group_ids: set[int], priority_ids: set[int]) -> list[tuple[int, int, int]]:
    """(id, shared groups, shared priorities) of the findings sharing most priorities, then most groups.

    Only the POOL most recently recorded findings that share any group or priority are compared. Each
    finding read has its links counted once, by index alone, and is only then kept or passed over, so
    the work stays the same however large the library grows.
    """

    def shared(through, column, ids):
        if not ids:
            return Value(0)
        links = through.objects.filter(finding_id=OuterRef("pk"), **{f"{column}__in": ids}).order_by()
        return Subquery(links.annotate(n=Func(Star(), function="COUNT", output_field=IntegerField())).values("n"))

    counted = (
        candidates.annotate(
            shared_groups=shared(Finding.groups.through, "group_id", group_ids),
            shared_priorities=shared(Finding.priorities.through, "priority_id", priority_ids),
        )
        .order_by("-pk")
        .values_list("pk", "shared_groups", "shared_priorities", "heard_on")
    )
    connection = connections[router.db_for_read(Finding)]
    sql, params = counted.query.sql_with_params()
    # A fence the database does not see through, so that it neither counts each finding's links twice
    # (once to keep the finding, once to show the counts) nor counts every finding before keeping the newest.
    fence = "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    # PostgreSQL sees that the fenced rows come newest first and stops after POOL of them. SQLite would
    # count every finding's links and sort them all again; left unordered, it reads the fenced rows in
    # their own order (newest first) and stops as soon as POOL are kept.
    newest_first = "ORDER BY pool.pk DESC" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pool.pk, pool.shared_groups, pool.shared_priorities, pool.heard_on "
            f"FROM ({sql} {fence}) AS pool WHERE pool.shared_groups > 0 OR pool.shared_priorities > 0 "
            f"{newest_first} LIMIT %s",
            [*params, POOL],
        )
        pool = [(pk, groups, priorities, _as_date(heard_on)) for pk, groups, priorities, heard_on in cursor.fetchall()]
    best = sorted(pool, key=lambda row: (-row[2], -row[1], -row[3].toordinal(), -row[0]))
    return [(pk, groups, priorities) for pk, groups, priorities, _ in best[:CANDIDATES]]


def _as_date(value) -> date:
    """A date read by a raw query: PostgreSQL's driver gives a date, SQLite's the ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)
