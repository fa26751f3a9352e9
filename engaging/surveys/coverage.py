"""Patient participation group coverage: the share of practices, and of registered patients, whose practice has
a working group (active, virtual only, or both), against the target of 100%.

An area counts every practice inside it (a locality, its wards' practices). A group that is forming, or no
group at all, is a gap.
"""

from dataclasses import dataclass, field

from engaging.lists.models import Area
from engaging.surveys.models import PatientParticipationGroup, Practice

TARGET = 100


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Coverage:
    area: Area | None  # None: the whole partnership
    practices: int = 0
    with_active_group: int = 0
    patients: int = 0
    patients_covered: int = 0
    gaps: list[Practice] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return percent(self.with_active_group, self.practices)

    @property
    def patients_percent(self) -> float | None:
        return percent(self.patients_covered, self.patients)

    @property
    def gap_names(self) -> str:
        """The practices without a working group, by name, as a list in words: joined once here rather than
        item by item in the template, since every practice is a gap in each area it lies in."""
        return ", ".join(practice.name for practice in self.gaps)

    @property
    def meets_target(self) -> bool:
        return self.practices > 0 and self.with_active_group == self.practices


def practices_with_groups():
    """Live practices with their group and area, in one query."""
    return Practice.objects.select_related("group", "area").order_by("name")


def is_covered(practice: Practice) -> bool:
    group = getattr(practice, "group", None)
    return group is not None and group.status in PatientParticipationGroup.WORKING


def coverage(practices: list[Practice] | None = None) -> tuple[Coverage, list[Coverage]]:
    """The partnership's coverage, and each area's that has practices inside it (in the tree's order); of
    `practices` as `practices_with_groups` gives them, when they are read already."""
    practices = list(practices_with_groups()) if practices is None else practices
    areas = list(Area.objects.all())
    by_path = {area.path: Coverage(area) for area in areas}
    whole = Coverage(None)
    for practice in practices:
        places = [whole]
        if practice.area is not None:
            path = practice.area.path
            places += [by_path[p] for p in (path[:i] for i in range(Area.PATH_STEP, len(path) + 1, Area.PATH_STEP))
                       if p in by_path]  # fmt: skip
        covered = is_covered(practice)
        for place in places:
            place.practices += 1
            place.patients += practice.list_size or 0
            if covered:
                place.with_active_group += 1
                place.patients_covered += practice.list_size or 0
            else:
                place.gaps.append(practice)
    return whole, [by_path[area.path] for area in areas if by_path[area.path].practices]
