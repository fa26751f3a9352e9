"""Comments uploaded by officers from a CSV or Excel file: every row checked, then all added or none.

Columns: the comments (a column named `text`, or another the officer names), and optionally `date`
(YYYY-MM-DD, or a date cell) and `area` (an area's official code, or a name only one area has). Other
columns are ignored, and the officer is told which. Rows are numbered as the spreadsheet shows them
(the header is row 1). New comments belong to the officer's organisation, come from an imported file,
and are given suggested themes and a sentiment as soon as they are added.

Small files are checked while the officer waits; larger ones (more than WEB_ROWS comments, or over the
hub's web limits for any import) by the task worker, which shows its progress on the import's page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction

from engaging.core.spreadsheet_files import FileProblem, Limits, weigh
from engaging.core.spreadsheets import (
    CellProblem,
    ImportResult,
    OverTime,
    cell_text,
    check_file,
    day,
    header_key,
)
from engaging.lists.areas import AreaFinder
from engaging.themes import services
from engaging.themes.models import Comment, Framework

logger = logging.getLogger(__name__)

MAX_TEXT = 10000
OPTIONAL = ("date", "area")
# How often, in rows, the worker says how far it has got.
PROGRESS_EVERY = 500


def limits() -> Limits:
    return Limits.from_settings(noun="comments", one="comment")


def column_key(name: str) -> str:
    """The text column's name as headers are compared: case and spaces do not matter."""
    return header_key(name or "text") or "text"


def estimated_rows(data: bytes, filename: str) -> int | None:
    """About how many rows the file has, read without parsing it (for the progress shown)."""
    try:
        return weigh(data, filename, limits()).rows
    except FileProblem:
        return None


def import_comments(
    *,
    data: bytes,
    filename: str,
    framework: Framework,
    organisation,
    text_column: str = "text",
    seconds: float | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> ImportResult:
    """Check every row; only if all are right, add them as comments and suggest their themes.

    With `seconds` (checking in a web request), raises OverTime for a file of more than
    THEMES_IMPORT_WEB_ROWS comments or one that takes longer to check, so the task worker does it.
    `progress(percent, step)` is told how far it has got.
    """
    say = progress or (lambda percent, step: None)
    text_key = column_key(text_column)
    result = ImportResult()
    areas = AreaFinder()
    today = date.today()
    total = estimated_rows(data, filename) or 0
    web_rows = settings.THEMES_IMPORT_WEB_ROWS

    def check_row(cells: list, positions: dict[str, int], number: int):
        if seconds is not None and number > web_rows + 1:
            raise OverTime
        if number % PROGRESS_EVERY == 0 and total:
            say(min(50, int(50 * number / total)), f"Checking the file: {number:,} rows checked")

        def raw(name):
            index = positions.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        problems = result.problem_count
        text = cell_text(raw(text_key))
        if not text:
            result.add(number, text_key, "the comment is empty: write it, or delete the row")
        elif len(text) > MAX_TEXT:
            result.add(
                number, text_key, f"a comment can be at most {MAX_TEXT:,} characters; this one has {len(text):,}"
            )
        written_on = area = None
        when = cell_text(raw("date"))
        if when:
            try:
                written_on = day(raw("date"), when)
            except CellProblem as problem:
                result.add(number, "date", str(problem))
            else:
                if written_on > today:
                    result.add(number, "date", "the date is in the future")
                elif written_on.year < 1990:
                    result.add(number, "date", "the date is before 1990")
        where = cell_text(raw("area"))
        if where:
            try:
                area = areas.find(where)
            except ValueError as problem:
                result.add(number, "area", str(problem))
        if result.problem_count > problems:
            return None
        return text, written_on, area

    say(1, "Checking the file")
    if text_key in OPTIONAL:
        result.add(
            None, "", f"The column of comments cannot be called “{text_key}”: that name is kept for the {text_key}."
        )
        return result
    rows = check_file(
        data,
        filename,
        result=result,
        limits=limits(),
        header=[text_key, *OPTIONAL],
        required=[text_key],
        check_row=check_row,
        seconds=seconds,
    )
    if not result.ok:
        return result
    say(50, f"Adding {len(rows):,} comments")
    with transaction.atomic():
        created = Comment.objects.bulk_create(
            [
                Comment(
                    framework=framework,
                    text=text,
                    source=Comment.Source.IMPORT,
                    written_on=written_on,
                    area_id=area,
                    organisation=organisation,
                )
                for text, written_on, area in rows
            ],
            batch_size=2000,
        )
    result.created = len(created)
    ids = [comment.pk for comment in created]
    if ids[:1] == [None]:  # a database that does not return new ids: the newest ones of this framework
        ids = list(
            Comment.objects.filter(framework=framework).order_by("-pk").values_list("pk", flat=True)[: len(rows)]
        )
    say(60, "Suggesting themes for the new comments")
    try:
        services.classify_comments(
            framework=framework,
            ids=ids,
            progress=lambda done, count: say(
                60 + int(39 * done / max(count, 1)), f"Suggesting themes: {done:,} of {count:,}"
            ),
        )
    except Exception:  # the comments are in; suggestions can be made again from the themes page
        logger.exception("Suggesting themes for imported comments failed")
        result.notes.append(
            "The comments were added, but themes could not be suggested for them yet. "
            "Choose “Gather new comments” on the themes page to try again."
        )
    return result
