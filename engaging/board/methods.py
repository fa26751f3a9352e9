"""Which methods the screening suggests for the groups affected, and why each, in words a board member reads.

A method suits a group when
- evaluations show it worked with that group: an evaluated activity that used the method counted people
  from the group among its participants, and its participants did not rate it poorly; or
- a fit the partnership keeps (`MethodFit`) says the method suits the group.
A method a fit says does not suit one of the groups affected is never suggested, whatever else it has
going for it, and the recommendation says why it was left out. Methods with evidence come first (more
groups, then more evaluations, then better ratings), then those the fits alone support.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count

from engaging.board.models import MethodFit
from engaging.lists.models import Group, Method
from engaging.register.models import ParticipantCount, Status

METHODS_SUGGESTED = 5
# Participants rate three statements from 1 (strongly disagree) to 5 (strongly agree): below 3, on
# average, they disagreed that the engagement went well, so it did not work for them.
POOR_RATING = 3.0
GOOD_RATING = 3.5


@dataclass
class Evidence:
    evaluations: int
    rating: float | None  # participants' mean rating, 1 to 5, when any rated it


@dataclass
class Suggestion:
    method: Method
    evidence: dict[int, Evidence] = field(default_factory=dict)  # by group id
    fits: list[MethodFit] = field(default_factory=list)  # fits saying it suits a group
    why: str = ""

    def order(self) -> tuple:
        """Methods that worked well with more of the groups first, then those that reached more of them."""
        well = sum(1 for e in self.evidence.values() if e.rating is not None and e.rating >= GOOD_RATING)
        evaluations = sum(e.evaluations for e in self.evidence.values())
        return (-well, -len(self.evidence), -len(self.fits), -evaluations, self.method.name)


@dataclass
class MethodAdvice:
    suggested: list[Suggestion] = field(default_factory=list)
    left_out: list[tuple[Method, str]] = field(default_factory=list)  # unsuitable, with why

    @property
    def methods(self) -> list[Method]:
        return [s.method for s in self.suggested]


def evidence_by_method(groups) -> dict[int, dict[int, Evidence]]:
    """For each method and group: the evaluated activities that used the method and counted people from the
    group, and their participants' mean rating. One query, however many activities there are."""
    rows = (
        ParticipantCount.objects.filter(
            group__in=[g.pk for g in groups],
            count__gt=0,
            activity__evaluation__isnull=False,
            activity__archived_at__isnull=True,
            activity__methods__isnull=False,
        )
        .exclude(activity__status=Status.CANCELLED)
        .values("activity__methods", "group")
        .annotate(
            evaluations=Count("activity", distinct=True),
            listened=Avg("activity__participant_feedback__listened_to"),
            easy=Avg("activity__participant_feedback__easy_to_take_part"),
            next=Avg("activity__participant_feedback__know_what_happens_next"),
        )
        .order_by()
    )
    result: dict[int, dict[int, Evidence]] = defaultdict(dict)
    for row in rows:
        means = [row[name] for name in ("listened", "easy", "next") if row[name] is not None]
        rating = sum(means) / len(means) if means else None
        result[row["activity__methods"]][row["group"]] = Evidence(row["evaluations"], rating)
    return result


# Group names start with a capital in lists; inside a sentence, those that begin with an ordinary word
# read better in lower case ("worked well with adult carers"), while names such as "Gypsy, Roma and
# Traveller communities" keep theirs.
ORDINARY_FIRST_WORDS = frozenset(
    """adult adults age carers children deaf disability gender marriage older parent parents patients people
    pregnancy race refugees religion residents sex sexual working-age young""".split()
)


def in_sentence(name: str) -> str:
    first = name.split(" ", 1)[0].casefold()
    return name[0].lower() + name[1:] if first in ORDINARY_FIRST_WORDS else name


def _names(groups) -> str:
    names = [in_sentence(g.name) for g in groups]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _why(suggestion: Suggestion, groups_by_id: dict[int, Group]) -> str:
    parts = []
    for group_id, evidence in sorted(suggestion.evidence.items(), key=lambda kv: -kv[1].evaluations):
        name = _names([groups_by_id[group_id]])
        times = f"{evidence.evaluations} evaluation{'s' if evidence.evaluations != 1 else ''}"
        if evidence.rating is not None and evidence.rating >= GOOD_RATING:
            parts.append(f"worked well with {name} in {times} (rated {evidence.rating:.1f} out of 5)")
        elif evidence.rating is not None:
            parts.append(f"reached {name} in {times} (rated {evidence.rating:.1f} out of 5)")
        else:
            parts.append(f"reached {name} in {times}")
    for fit in suggestion.fits:
        if fit.group_id not in suggestion.evidence:
            parts.append(f"suits {_names([fit.group])}: {fit.reason[0].lower() + fit.reason[1:]}".rstrip("."))
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def suggest_methods(groups, *, limit: int = METHODS_SUGGESTED) -> MethodAdvice:
    """The methods to suggest for reaching `groups`, each with why, and the methods left out as unsuitable.

    Three queries, however many methods, groups or activities there are.
    """
    groups = list(groups)
    if not groups:
        return MethodAdvice()
    groups_by_id = {g.pk: g for g in groups}
    evidence = evidence_by_method(groups)
    fits = list(
        MethodFit.objects.filter(group__in=list(groups_by_id), method__archived_at__isnull=True).select_related(
            "method", "group"
        )
    )
    unsuitable: dict[int, list[MethodFit]] = defaultdict(list)
    suiting: dict[int, list[MethodFit]] = defaultdict(list)
    for fit in fits:
        (suiting if fit.suits else unsuitable)[fit.method_id].append(fit)
    methods = {m.pk: m for m in Method.objects.filter(pk__in=set(evidence) | {f.method_id for f in fits})}
    advice = MethodAdvice()
    for method_id, method in methods.items():
        if method_id in unsuitable:
            reasons = " ".join(f"Not for {_names([fit.group])}: {fit.reason}" for fit in unsuitable[method_id])
            advice.left_out.append((method, reasons))
            continue
        worked = {
            group_id: e
            for group_id, e in evidence.get(method_id, {}).items()
            if e.rating is None or e.rating >= POOR_RATING
        }
        if not worked and not suiting.get(method_id):
            continue
        advice.suggested.append(Suggestion(method=method, evidence=worked, fits=suiting.get(method_id, [])))
    advice.suggested.sort(key=Suggestion.order)
    advice.suggested = advice.suggested[:limit]
    for suggestion in advice.suggested:
        suggestion.why = _why(suggestion, groups_by_id)
    advice.left_out.sort(key=lambda pair: pair[0].name)
    return advice


def methods_with_reasons(screening) -> list[dict]:
    """The suggested methods, each with why it was suggested (screenings from before reasons were kept show none)."""
    stored = next((r.get("methods") for r in screening.reasons if r.get("methods")), None) or []
    why = {m["id"]: m.get("why", "") for m in stored if isinstance(m, dict) and "id" in m}
    order = {m["id"]: n for n, m in enumerate(stored) if isinstance(m, dict) and "id" in m}
    methods = sorted(screening.recommended_methods.all(), key=lambda m: (order.get(m.pk, len(order)), m.name))
    return [{"method": m, "why": why.get(m.pk, "")} for m in methods]
