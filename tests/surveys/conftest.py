"""Survey files made in the tests: respondents with dates, areas, weights and answers."""

import csv
import io

import pytest
from openpyxl import Workbook

from tests.factories import AreaFactory

QUESTION = "The police work hard to engage local residents"
AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]


@pytest.fixture
def coded_world(world):
    """The shared world, with official codes on its wards and a second ward that shares a name."""
    world.ward.code = "E05001234"
    world.ward.save()
    world.other_ward.code = "E05005678"
    world.other_ward.save()
    world.twin_a = AreaFactory(name="Central", kind="ward", parent=world.locality, code="E05000001")
    world.twin_b = AreaFactory(name="Central", kind="ward", parent=world.other_locality, code="E05000002")
    return world


def write_csv(tmp_path, rows, name="results.csv", header=("date", "area", "weight", QUESTION)) -> str:
    path = tmp_path / name
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def write_xlsx(tmp_path, rows, name="results.xlsx", header=("date", "area", "weight", QUESTION)) -> str:
    path = tmp_path / name
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return str(path)
