"""The partnership's shared lists: priorities, groups, areas and methods."""

from dataclasses import dataclass

from django.db import models
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, LiveManager, Timestamped


class SharedListItem(Archivable, Timestamped):
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Priority(SharedListItem):
    """A priority of the joint health and wellbeing strategy."""

    history = HistoricalRecords()

    class Meta(SharedListItem.Meta):
        verbose_name_plural = "priorities"


# What residents read for the Equality Act's protected characteristics: the legal names say what the law
# protects, not who the people are ("Race", "Disability"), so the public pages name the people instead.
PUBLIC_GROUP_NAMES = {
    "disability": "Disabled people",
    "gender reassignment": "Trans people",
    "marriage and civil partnership": "People who are married or in a civil partnership",
    "pregnancy and maternity": "People who are pregnant or have a new baby",
    "race": "People from Black, Asian and minority ethnic communities",
    "religion or belief": "People of different faiths and beliefs",
    "sexual orientation": "Lesbian, gay and bisexual people",
}
# Everyone has an age and a sex, so as a target these say the activity pays attention to them, not whom
# it is for: "Women and men" would tell a resident nothing, and a men's health check targets "Sex" too.
# No plain name says it truthfully, so residents are not shown them as an audience at all.
NO_AUDIENCE = {"age", "sex"}


def public_group_name(name: str) -> str:
    """The name residents read for a group: a plain one for a protected characteristic, else its own name;
    empty for one that names no audience (NO_AUDIENCE), which the public pages leave out."""
    key = name.strip().lower()
    if key in NO_AUDIENCE:
        return ""
    return PUBLIC_GROUP_NAMES.get(key, name)


def audience_groups(queryset):
    """Groups residents can choose as an audience: all but those that name none (NO_AUDIENCE)."""
    everyone = models.Q()
    for name in NO_AUDIENCE:
        everyone |= models.Q(name__iexact=name)
    return queryset.exclude(everyone)


@dataclass(frozen=True)
class PublicAudience:
    """How an activity's target groups read on a public page: whom it is for, and whom it especially wants
    to hear from (the protected characteristics it pays attention to, by plain names)."""

    for_whom: list[str]
    especially: list[str]

    @classmethod
    def of(cls, groups) -> "PublicAudience":
        for_whom, especially = [], []
        for group in groups:
            name = group.public_name
            if not name:
                continue
            if (
                group.category == Group.Category.PROTECTED_CHARACTERISTIC
                or group.name.strip().lower() in PUBLIC_GROUP_NAMES
            ):
                especially.append(name)
            else:
                for_whom.append(name)
        # In the order residents read them, not that of the legal names behind them.
        return cls(sorted(for_whom), sorted(especially))


class Group(SharedListItem):
    """A community of identity or interest that engagement tries to reach."""

    class Category(models.TextChoices):
        SELDOM_HEARD = "seldom_heard", "Seldom-heard group"
        AGE_BAND = "age_band", "Age band"
        PROTECTED_CHARACTERISTIC = "protected_characteristic", "Protected characteristic"
        CARERS = "carers", "Carers"
        OTHER = "other", "Other"

    category = models.CharField(max_length=30, choices=Category.choices, default=Category.OTHER)

    history = HistoricalRecords()

    class Meta(SharedListItem.Meta):
        pass

    @property
    def public_name(self) -> str:
        """What residents read on the public pages (see PUBLIC_GROUP_NAMES)."""
        return public_group_name(self.name)


class Method(SharedListItem):
    """A way of engaging people: a survey, a focus group, a drop-in…"""

    history = HistoricalRecords()

    class Meta(SharedListItem.Meta):
        pass


class AreaQuerySet(models.QuerySet):
    def meeting(self, areas):
        """Areas that meet any of `areas`: each area itself, its ancestors and its descendants."""
        areas = list(areas)
        if not areas:
            return self.none()
        ancestor_ids: set[int] = set()
        descendants = models.Q()
        for area in areas:
            ancestor_ids.update(area.ancestor_ids)
            descendants |= models.Q(path__startswith=area.path)
        return self.filter(descendants | models.Q(pk__in=ancestor_ids))


class Area(Archivable, Timestamped):
    """A place: borough, locality or ward, held as a tree by a materialised path."""

    class Kind(models.TextChoices):
        BOROUGH = "borough", "Borough"
        LOCALITY = "locality", "Locality"
        WARD = "ward", "Ward"

    PATH_STEP = 6  # digits per level, so paths sort in tree order

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField("official code", max_length=20, blank=True, help_text="For example an ONS ward code.")
    path = models.CharField(max_length=255, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["path"])

    objects = LiveManager.from_queryset(AreaQuerySet)()
    everything = models.Manager.from_queryset(AreaQuerySet)()

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_area_name_within_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // self.PATH_STEP - 1 if self.path else 0

    @property
    def ancestor_ids(self) -> list[int]:
        step = self.PATH_STEP
        return [int(self.path[i : i + step]) for i in range(0, len(self.path) - step, step)]

    @property
    def label(self) -> str:
        """The name indented by depth, for choosing from a list."""
        return "\u2014 " * self.depth + self.name

    def save(self, *args, **kwargs):
        # The path holds the primary key, so a new area learns its path just after insert.
        if self.pk is None:
            super().save(*args, **kwargs)
            self.path = self._compute_path()
            Area.everything.filter(pk=self.pk).update(path=self.path)
            return
        old_path = self.path
        self.path = self._compute_path()
        super().save(*args, **kwargs)
        if old_path != self.path:
            self._rewrite_descendant_paths(old_path)

    def _compute_path(self) -> str:
        own = str(self.pk).zfill(self.PATH_STEP)
        return (self.parent.path if self.parent_id else "") + own

    def _rewrite_descendant_paths(self, old_path: str) -> None:
        from django.db.models import Value
        from django.db.models.functions import Concat, Substr

        Area.everything.filter(path__startswith=old_path).exclude(pk=self.pk).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
        )

    def is_descendant_of(self, other: "Area") -> bool:
        return self.path.startswith(other.path) and self.pk != other.pk
