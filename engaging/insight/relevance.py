"""Which findings are relevant to something being planned or screened, ranked by what a person would
recognise as shared, and why each is offered.

One ranking serves "before you start" (an activity being planned) and the board's screening (an agenda
item): both ask "what have people already told us about this?".

- A finding shares a group or a strategy priority with the plan when it is filed under it, and a theme
  when the plan names the theme (every telling word of the theme's name is in the plan's title or purpose).
- It shares words when telling words of the plan's title and purpose are in its statement. Words too
  common or too general to tell anything ("the", "review", "local", "service") do not count.
- A finding sharing a group, priority or theme always ranks above one that shares only words; among
  them, priorities and themes count more than groups, and shared words break ties. A finding sharing only
  words needs two of them when the plan has three or more (one word in common out of many is chance);
  one sharing nothing is not offered.
- A stale finding still shows, lower down, and marked.

Each finding offered carries `why`, in words: "Same group: Parents · same priority: Best start ·
words: “school”, “transport”". The work is a fixed number of queries however large the library grows:
only the most recently recorded findings matching the words, or sharing a group, priority or theme,
are compared (see search.POOL).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from engaging.insight import search
from engaging.insight.models import Finding, FindingQuerySet, Theme

CANDIDATES = 40
PRIORITY_WEIGHT = 1.5  # a strategy priority or a theme in common says more about a finding than a group
THEME_WEIGHT = 1.5
GROUP_WEIGHT = 1.0
WORD_WEIGHT = 0.25  # shared words order findings that share the same things, never lift one above another
MOST_WORDS_COUNTED = 4
WORDS_ALONE = 2  # a finding sharing only words needs this many, when the plan has enough
STALE_FACTOR = 0.4
THEMES_READ = 500  # themes are a short shared list; this only bounds the query

# Words that say nothing about what a plan is about, beside search.COMMON_WORDS: the language of
# agendas and plans rather than of what people said. Compared by stem.
GENERAL_WORDS = frozenset(
    """agree approve note decide decision board review plan local service need view involve change propose
    option people person resident council partnership health wellbeing support help work year report strategy
    refresh draft first update make way use get find good better set next how well able area borough""".split()
)
WORD = re.compile(r"[^\W_]+")


def stem(word: str) -> str:
    """A rough stem, so "reviewing", "reviews" and "review" count as one word. Good enough to show why."""
    word = word.casefold()
    for ending, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


GENERAL_STEMS = frozenset(stem(word) for word in GENERAL_WORDS)


def telling_words(text: str) -> dict[str, str]:
    """The plan's words that can tell what it is about: stem -> the word as written, in order, at most 16."""
    words: dict[str, str] = {}
    for word in search.search_terms(text, leave_out_common=True):
        key = stem(word)
        if key not in GENERAL_STEMS and not key.isdigit():
            words.setdefault(key, word)
    return words


def named_themes(words: dict[str, str]) -> set[int]:
    """The themes the plan names: every telling word of the theme's name is among the plan's words."""
    named = set()
    for pk, name in Theme.objects.order_by("pk").values_list("pk", "name")[:THEMES_READ]:
        theirs = {stem(w) for w in WORD.findall(name) if w.casefold() not in search.COMMON_WORDS} - GENERAL_STEMS
        if theirs and theirs <= words.keys():
            named.add(pk)
    return named


@dataclass
class Match:
    """What one finding shares with the plan."""

    pk: int
    groups: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    stale: bool = False
    heard_on: date | None = None

    @property
    def linked(self) -> bool:
        return bool(self.groups or self.priorities or self.themes)

    def offered(self, words_needed: int) -> bool:
        return self.linked or len(self.words) >= words_needed

    @property
    def relevance(self) -> float:
        score = GROUP_WEIGHT * len(self.groups) + PRIORITY_WEIGHT * len(self.priorities)
        score += THEME_WEIGHT * len(self.themes) + WORD_WEIGHT * min(len(self.words), MOST_WORDS_COUNTED)
        return score * (STALE_FACTOR if self.stale else 1)

    @property
    def why(self) -> str:
        parts = []
        for one, many, names in (
            ("same group", "same groups", self.groups),
            ("same priority", "same priorities", self.priorities),
            ("same theme", "same themes", self.themes),
        ):
            if names:
                parts.append(f"{one if len(names) == 1 else many}: {', '.join(names)}")
        if self.words:
            parts.append("words: " + ", ".join(f"“{w}”" for w in self.words))
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]

    def order(self) -> tuple:
        return (not self.linked, -self.relevance, -(self.heard_on.toordinal() if self.heard_on else 0), -self.pk)


def _candidates(exclude_activity_id: int | None):
    candidates = Finding.objects.in_library()
    if exclude_activity_id:
        candidates = candidates.exclude(activity_id=exclude_activity_id)
    return candidates


def _sharing_themes(candidates, theme_ids: set[int]) -> list[int]:
    if not theme_ids:
        return []
    links = Finding.themes.through.objects.filter(theme_id__in=theme_ids, finding__in=candidates.values("pk"))
    return list(links.order_by("-finding_id").values_list("finding_id", flat=True).distinct()[: search.POOL])


def rank(
    *,
    text: str,
    group_ids=(),
    priority_ids=(),
    exclude_activity_id: int | None = None,
    limit: int = 5,
    today: date | None = None,
) -> list[Match]:
    """The findings most relevant to a plan, best first, each with what it shares (see the module's docstring)."""
    group_ids, priority_ids = set(group_ids), set(priority_ids)
    words = telling_words(text)
    theme_ids = named_themes(words) if words else set()
    candidates = _candidates(exclude_activity_id)
    pool: list[int] = []
    if words:
        pool += search.ranked_ids(candidates, " ".join(words.values()), limit=CANDIDATES)
    if group_ids or priority_ids:
        pool += [pk for pk, _, _ in search.sharing_most(candidates, group_ids, priority_ids)]
    pool += _sharing_themes(candidates, theme_ids)[:CANDIDATES]
    pool = list(dict.fromkeys(pool))
    if not pool:
        return []
    matches = {}
    for pk, statement, heard_on, review_by, superseded_by_id in candidates.filter(pk__in=pool).values_list(
        "pk", "statement", "heard_on", "review_by", "superseded_by_id"
    ):
        theirs = {stem(w) for w in WORD.findall(statement)}
        matches[pk] = Match(
            pk=pk,
            words=[word for key, word in words.items() if key in theirs],
            stale=Finding.stale_given(review_by=review_by, superseded_by_id=superseded_by_id, today=today),
            heard_on=heard_on,
        )
    for through, column, ids, attribute in (
        (Finding.groups.through, "group", group_ids, "groups"),
        (Finding.priorities.through, "priority", priority_ids, "priorities"),
        (Finding.themes.through, "theme", theme_ids, "themes"),
    ):
        if not ids:
            continue
        shared = (
            through.objects.filter(finding_id__in=list(matches), **{f"{column}_id__in": ids})
            .filter(**{f"{column}__archived_at__isnull": True})
            .order_by(f"{column}__name")
            .values_list("finding_id", f"{column}__name")
        )
        for finding_id, name in shared:
            getattr(matches[finding_id], attribute).append(name)
    # A plan of one or two telling words is matched by one of them; a longer one needs two in common.
    words_needed = min(WORDS_ALONE, max(1, (len(words) + 1) // 2))
    offered = sorted((m for m in matches.values() if m.offered(words_needed)), key=Match.order)
    return offered[:limit]


def most_relevant(**kwargs) -> list[tuple[int, float, str]]:
    """(id, relevance, why) of the findings most relevant to a plan, best first: `rank`, in a form that keeps."""
    return [(m.pk, m.relevance, m.why) for m in rank(**kwargs)]


def load_ranked(ranking, *, exclude_activity_id: int | None = None, loading=None) -> list[Finding]:
    """The findings of `ranking` still in the library, in its order, each with `.relevance` and `.why`."""
    if not ranking:
        return []
    best = {row[0]: row for row in ranking}
    order = {row[0]: n for n, row in enumerate(ranking)}
    findings = list((loading or FindingQuerySet.for_lists)(_candidates(exclude_activity_id).filter(pk__in=best)))
    for finding in findings:
        row = best[finding.pk]
        finding.relevance = row[1]
        finding.why = row[2] if len(row) > 2 else ""
    findings.sort(key=lambda f: order[f.pk])
    return findings


def relevant_findings(
    *,
    text: str,
    group_ids=(),
    priority_ids=(),
    exclude_activity_id: int | None = None,
    limit: int = 5,
    today: date | None = None,
    loading=None,
) -> list[Finding]:
    """The findings most relevant to a plan, best first, each with `.relevance` and `.why`.

    Loaded through `loading(queryset)`; by default with their activity, its lead and their themes.
    """
    ranking = most_relevant(
        text=text,
        group_ids=group_ids,
        priority_ids=priority_ids,
        exclude_activity_id=exclude_activity_id,
        limit=limit,
        today=today,
    )
    return load_ranked(ranking, exclude_activity_id=exclude_activity_id, loading=loading)
