"""Finding an area from what a spreadsheet says: its official code, or a name only one area has.

Shared by every import that has an `area` column (survey results, imported comments).
"""

from engaging.core.spreadsheets import key, shorten
from engaging.lists.models import Area


class AreaFinder:
    """An area by its official code, or by a name only one area has; a shared name is a problem naming them."""

    def __init__(self):
        areas = list(Area.objects.select_related("parent").only("pk", "name", "code", "kind", "parent__name"))
        self.by_code = {key(a.code): a.pk for a in areas if a.code}
        self.by_name: dict[str, list[Area]] = {}
        for area in areas:
            self.by_name.setdefault(key(area.name), []).append(area)
        self.found: dict[str, int] = {}

    def find(self, text: str) -> int:
        """The area's id; ValueError saying what is wrong when no area, or more than one, answers to `text`."""
        if text in self.found:
            return self.found[text]
        wanted = key(text)
        if wanted in self.by_code:
            pk = self.by_code[wanted]
        else:
            named = self.by_name.get(wanted, [])
            if not named:
                raise ValueError(f"there is no area with the code or name “{shorten(text)}”")
            if len(named) > 1:
                places = "; ".join(
                    f"{a.name} ({a.get_kind_display().lower()} in {a.parent.name})"
                    if a.parent_id
                    else f"{a.name} ({a.get_kind_display().lower()})"
                    for a in named
                )
                raise ValueError(f"several areas are called “{shorten(text)}” ({places}): use the area's official code")
            pk = named[0].pk
        self.found[text] = pk
        return pk
