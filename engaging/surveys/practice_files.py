"""GP practices from NHS Digital's files: the practice file (epraccur.csv) and the patients-registered file.

The practice file has no header row; each row is one organisation, with (counting from 1) its ODS code in
column 1, name in 2, postcode in 10, status in 13 (A active, C closed, D dormant, P proposed), commissioner
in 15 and prescribing setting in 26 (4 is a GP practice). Only GP practices are read; a closed or dormant one
already recorded is archived, and an active one archived before is brought back.

The patients-registered file has a header row naming (among others) a practice code column (`CODE` or
`PRACTICE_CODE`) and `NUMBER_OF_PATIENTS`; it sets each recorded practice's list size.

All or nothing, like every import: any problem refuses the file, by row and reason.
"""

import csv
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from engaging.surveys.models import PatientParticipationGroup, Practice

GP_PRACTICE = "4"
OPEN, CLOSED = {"A", "P"}, {"C", "D"}


@dataclass
class PracticeImport:
    created: int = 0
    updated: int = 0
    archived: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(path: str):
    try:
        with open(path, newline="", encoding="utf-8-sig") as source:
            yield from enumerate(csv.reader(source), start=1)
    except UnicodeDecodeError:
        raise ValueError("The file is not in the UTF-8 encoding.") from None


@transaction.atomic
def import_practice_file(*, path: str, area=None, commissioner: str = "") -> PracticeImport:
    """Record the GP practices of an NHS Digital practice file (of one commissioner, if given) in `area`."""
    result = PracticeImport()
    wanted: dict[str, tuple[str, str, str]] = {}
    for number, cells in _rows(path):
        if len(cells) < 26:
            result.problems.append(f"Row {number}: expected at least 26 columns, found {len(cells)}")
            continue
        code, name, postcode, status = cells[0].strip().upper(), cells[1].strip(), cells[9].strip(), cells[12].strip()
        if cells[25].strip() != GP_PRACTICE or (commissioner and cells[14].strip().upper() != commissioner.upper()):
            continue
        if not code or not name:
            result.problems.append(f"Row {number}: the ODS code and the name are needed")
        elif status not in OPEN | CLOSED:
            result.problems.append(f"Row {number}: unknown status “{status}”")
        else:
            wanted[code] = (name.title() if name.isupper() else name, postcode, status)
    if result.problems:
        return result
    known = {p.ods_code: p for p in Practice.everything.filter(ods_code__in=wanted)}
    for code, (name, postcode, status) in wanted.items():
        practice = known.get(code)
        if practice is None:
            if status in CLOSED:
                continue
            practice = Practice.objects.create(ods_code=code, name=name, postcode=postcode, area=area)
            PatientParticipationGroup.objects.create(practice=practice)
            result.created += 1
            continue
        practice.name, practice.postcode = name, postcode
        practice.archived_at = (practice.archived_at or timezone.now()) if status in CLOSED else None
        if status in CLOSED:
            result.archived += 1
        practice.save()
        result.updated += 1
    return result


@transaction.atomic
def import_list_sizes(*, path: str) -> PracticeImport:
    """Set the registered patients of each recorded practice from NHS Digital's patients-registered file."""
    result = PracticeImport()
    sizes: dict[str, int] = {}
    columns = None
    for number, cells in _rows(path):
        if number == 1:
            header = [c.strip().upper() for c in cells]
            code = next((header.index(n) for n in ("CODE", "PRACTICE_CODE", "ORG_CODE") if n in header), None)
            if code is None or "NUMBER_OF_PATIENTS" not in header:
                result.problems.append("The first row must name a CODE column and a NUMBER_OF_PATIENTS column")
                return result
            columns = (code, header.index("NUMBER_OF_PATIENTS"))
            continue
        if not any(c.strip() for c in cells):
            continue
        text = cells[columns[1]].strip() if len(cells) > columns[1] else ""
        if not text.isdigit():
            result.problems.append(f"Row {number}, NUMBER_OF_PATIENTS: enter a whole number, not “{text[:20]}”")
            continue
        sizes[cells[columns[0]].strip().upper()] = int(text)
    if result.problems:
        return result
    for practice in Practice.everything.filter(ods_code__in=sizes):
        practice.list_size = sizes[practice.ods_code]
        practice.save(update_fields=["list_size", "updated_at"])
        result.updated += 1
    return result
