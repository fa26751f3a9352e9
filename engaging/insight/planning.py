"""What an activity being planned is about, as far as "before you start" needs to know."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from engaging.core import cache
from engaging.insight.models import FindingUse
from engaging.insight.relevance import load_ranked, most_relevant

PANEL_SIZE = 5
# What the panel shows of each finding (see insight/_before_you_start.html): never its themes or whole activity.
SHOWN = (
    "statement",
    "heard_on",
    "review_by",
    "superseded_by_id",
    "activity__title",
    "activity__lead_organisation__name",
)


def _as_shown(findings):
    return findings.select_related("activity__lead_organisation").only(*SHOWN)


def _ids(values) -> frozenset[int]:
    return frozenset(int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) < 19)


@dataclass(frozen=True)
class Plan:
    title: str = ""
    purpose: str = ""
    group_ids: frozenset[int] = field(default_factory=frozenset)
    priority_ids: frozenset[int] = field(default_factory=frozenset)
    activity_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.purpose.strip() or self.group_ids or self.priority_ids)

    @classmethod
    def from_data(cls, data, activity=None) -> "Plan":
        """Whatever a submitted (or half-filled) activity form holds, valid or not."""
        return cls(
            title=str(data.get("title", ""))[:400],
            purpose=str(data.get("purpose", ""))[:4000],
            group_ids=_ids(data.getlist("groups")),
            priority_ids=_ids(data.getlist("priorities")),
            activity_id=activity.pk if activity else None,
        )

    @classmethod
    def of(cls, activity, links=None) -> "Plan":
        """What a saved activity is about; `links` (its linked lists, as the activity page reads them) saves
        reading its groups and priorities again."""
        return cls(
            title=activity.title,
            purpose=activity.purpose,
            group_ids=links.ids("groups") if links else frozenset(g.pk for g in activity.groups.all()),
            priority_ids=links.ids("priorities") if links else frozenset(p.pk for p in activity.priorities.all()),
            activity_id=activity.pk,
        )

    @classmethod
    def from_form(cls, form, activity=None) -> "Plan":
        if form.is_bound:
            return cls.from_data(form.data, activity)
        if activity is not None:
            return cls.of(activity)
        initial = form.initial
        return cls(
            title=str(initial.get("title", "")),
            purpose=str(initial.get("purpose", "")),
            group_ids=_ids(str(getattr(g, "pk", g)) for g in initial.get("groups", []) or []),
            priority_ids=_ids(str(getattr(p, "pk", p)) for p in initial.get("priorities", []) or []),
        )

    def findings(self, limit: int = PANEL_SIZE, *, keep: bool = False):
        """The findings most relevant to the plan, best first.

        With `keep`, their ranking is worked out once and reused until a finding, an activity or a shared
        list changes (see core/cache.py): for a saved activity's page, read far more often than
        what it ranks changes. A form being filled in asks something new each time, so it is not kept.
        """
        if self.is_empty:
            return []

        def work_out():
            return most_relevant(
                text=f"{self.title} {self.purpose}",
                group_ids=self.group_ids,
                priority_ids=self.priority_ids,
                exclude_activity_id=self.activity_id,
                limit=limit,
            )

        if keep:
            today = date.today()
            parts = [self.title, self.purpose, sorted(self.group_ids), sorted(self.priority_ids), self.activity_id]
            ranking = cache.cached("before-you-start", [*parts, limit, today], work_out)
        else:
            ranking = work_out()
        return load_ranked(ranking, exclude_activity_id=self.activity_id, loading=_as_shown)


def panel_context(request, plan: Plan, activity=None, *, inside_form: bool, used_ids=None, keep=False) -> dict:
    """What the "before you start" panel shows: relevant findings, and which are marked used for `activity`.

    `used_ids`, the live findings marked used for `activity`, saves asking when the caller has them already;
    `keep` keeps the findings' ranking (see `Plan.findings`).
    """
    findings = plan.findings(keep=keep)
    can_use = activity is not None and request.user.has_perm("insight.use_finding", activity)
    used = set()
    if used_ids is not None:
        used = {finding.pk for finding in findings} & set(used_ids)
    elif activity is not None and findings:
        used = set(
            FindingUse.objects.filter(activity=activity, finding__in=findings).values_list("finding_id", flat=True)
        )
    for finding in findings:
        finding.is_used = finding.pk in used
    return {
        "plan": plan,
        "findings": findings,
        "activity": activity,
        "can_use": can_use,
        "used": used,
        "inside_form": inside_form,
        "next": urlsplit(request.headers.get("HX-Current-URL", "")).path if request.htmx else request.get_full_path(),
    }
