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
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from engaging.insight.models import Finding
from engaging.insight.search_index import FTS_TABLE

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


def _subquery(queryset) -> tuple[str, tuple]:
    return queryset.order_by().values("pk").query.sql_with_params()


class SqliteSearch:
    """FTS5: bm25 (smaller is better) and its own snippet()."""

    def match(self, terms: list[str], any_term: bool) -> str:
        return (" OR " if any_term else " AND ").join(f'"{term}"' for term in terms)

    def count(self, cursor, queryset, terms, any_term) -> int:
        sql, params = _subquery(queryset)
        cursor.execute(
            f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({sql})",
            [self.match(terms, any_term), *params],
        )
        return cursor.fetchone()[0]

    def page(self, cursor, queryset, terms, any_term, offset, limit) -> list[tuple[int, float, str]]:
        sql, params = _subquery(queryset)
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}) AS rank, "
            f"snippet({FTS_TABLE}, 0, %s, %s, '', {SNIPPET_WORDS}) "
            f"FROM {FTS_TABLE} JOIN insight_finding finding ON finding.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid IN ({sql}) "
            "ORDER BY rank, finding.heard_on DESC, finding.id DESC LIMIT %s OFFSET %s",
            [START, STOP, self.match(terms, any_term), *params, limit, offset],
        )
        # bm25 is negative, best first; turn it round so that a bigger rank is always better.
        return [(pk, -rank, snippet) for pk, rank, snippet in cursor.fetchall()]


class PostgresSearch:
    """PostgreSQL full-text search: ts_rank (bigger is better) over the GIN index's expression.

    ts_headline is not used for snippets: it drops anything that looks like an HTML tag, so it would
    not show a statement as written. Instead the database says which of the statement's words match,
    and the snippet is cut here.
    """

    VECTOR = "to_tsvector('english'::regconfig, finding.statement)"

    def query(self, terms: list[str], any_term: bool) -> str:
        return (" | " if any_term else " & ").join(f"'{term}'" for term in terms)

    def count(self, cursor, queryset, terms, any_term) -> int:
        sql, params = _subquery(queryset)
        cursor.execute(
            f"SELECT COUNT(*) FROM insight_finding finding "
            f"WHERE {self.VECTOR} @@ to_tsquery('english'::regconfig, %s) AND finding.id IN ({sql})",
            [self.query(terms, any_term), *params],
        )
        return cursor.fetchone()[0]

    def page(self, cursor, queryset, terms, any_term, offset, limit) -> list[tuple[int, float, str | None]]:
        sql, params = _subquery(queryset)
        cursor.execute(
            f"SELECT finding.id, ts_rank({self.VECTOR}, search.query) AS rank, finding.statement "
            "FROM insight_finding finding CROSS JOIN to_tsquery('english'::regconfig, %s) AS search(query) "
            f"WHERE {self.VECTOR} @@ search.query AND finding.id IN ({sql}) "
            "ORDER BY rank DESC, finding.heard_on DESC, finding.id DESC LIMIT %s OFFSET %s",
            [self.query(terms, any_term), *params, limit, offset],
        )
        rows = cursor.fetchall()
        words = {word.casefold() for _, _, statement in rows for word in WORD.findall(statement)}
        matching = self.matching_words(cursor, sorted(words)[:MAX_SNIPPET_WORDS], terms)
        return [(pk, rank, window_snippet(statement, matching)) for pk, rank, statement in rows]

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
    """One page of findings, best first, each with `.snippet` (safe HTML) and `.rank`; and how many match."""

    findings: list[Finding] = field(default_factory=list)
    count: int = 0
    terms: list[str] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return bool(self.terms)


def search_findings(queryset, text: str = "", *, offset: int = 0, limit: int = 20, any_term: bool = False):
    """The findings in `queryset` that contain every word of `text` (any word with `any_term`), ranked.

    With no words to search for, every finding in `queryset`, newest first. The page's findings are
    loaded through `queryset`, so what it selects and prefetches comes with them.
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
    with connection.cursor() as cursor:
        count = backend.count(cursor, queryset, terms, any_term)
        rows = backend.page(cursor, queryset, terms, any_term, offset, limit) if count > offset else []
    loaded = {finding.pk: finding for finding in queryset.filter(pk__in=[pk for pk, _, _ in rows])}
    findings = []
    for pk, rank, snippet in rows:
        finding = loaded.get(pk)
        if finding is None:  # removed between the two queries
            continue
        finding.rank = rank
        finding.snippet = marked(_with_ellipses(snippet or "", finding.statement))
        findings.append(finding)
    return SearchResult(findings=findings, count=count, terms=terms)


def ranked_ids(queryset, text: str, *, limit: int) -> list[int]:
    """The ids of the findings that best match any of the telling words of `text`, best first."""
    terms = search_terms(text, leave_out_common=True)
    if not terms:
        return []
    connection = connections[router.db_for_read(Finding)]
    with connection.cursor() as cursor:
        rows = _backend(connection).page(cursor, queryset, terms, True, 0, limit)
    return [pk for pk, _, _ in rows]


# ---- Before you start ----------------------------------------------------------------------------

TEXT_WEIGHT = 3.0  # the best text match; later ones count for less
PRIORITY_WEIGHT = 1.5  # each strategy priority the finding shares with the plan
GROUP_WEIGHT = 1.0  # each target group it shares
STALE_FACTOR = 0.4  # a stale finding still shows, lower down and marked
CANDIDATES = 40


def relevant_findings(
    *,
    text: str,
    group_ids=(),
    priority_ids=(),
    exclude_activity_id: int | None = None,
    limit: int = 5,
    today: date | None = None,
) -> list[Finding]:
    """The findings most relevant to an activity being planned, best first.

    A finding scores for the telling words of the plan's title and purpose it contains (the best
    text match most), for each strategy priority and target group it shares with the plan, and
    counts for less once stale. The activity's own findings are left out.
    """
    group_ids, priority_ids = set(group_ids), set(priority_ids)
    candidates = Finding.objects.in_library()
    if exclude_activity_id:
        candidates = candidates.exclude(activity_id=exclude_activity_id)
    scores: dict[int, float] = defaultdict(float)
    matched = ranked_ids(candidates, text, limit=CANDIDATES)
    for position, pk in enumerate(matched):
        scores[pk] += TEXT_WEIGHT * (1 - position / (2 * len(matched)))
    if group_ids or priority_ids:
        shared = (
            candidates.filter(Q(groups__in=group_ids) | Q(priorities__in=priority_ids))
            .annotate(
                shared_groups=Count("groups", filter=Q(groups__in=group_ids), distinct=True),
                shared_priorities=Count("priorities", filter=Q(priorities__in=priority_ids), distinct=True),
            )
            .order_by("-shared_priorities", "-shared_groups", "-heard_on")
            .values_list("pk", "shared_groups", "shared_priorities")[:CANDIDATES]
        )
        for pk, groups, priorities in shared:
            scores[pk] += GROUP_WEIGHT * groups + PRIORITY_WEIGHT * priorities
    if not scores:
        return []
    findings = list(candidates.filter(pk__in=scores).for_lists())
    for finding in findings:
        finding.relevance = scores[finding.pk] * (STALE_FACTOR if finding.is_stale(today) else 1)
    findings.sort(key=lambda f: (-f.relevance, -f.heard_on.toordinal(), -f.pk))
    return findings[:limit]
