"""Importing survey results: one row per respondent, from a CSV or Excel file, all or nothing.

Columns: `date` (YYYY-MM-DD), `area` (an area's official code, or its name where only one area has it), an
optional `weight` (a positive number, 1 when absent or blank), and one column per question headed with the
question's text, holding the answer's text (blank: not answered). Columns that would identify a person (a
name, an email address, a respondent number...) are never stored.

The file is read twice, each time a row at a time, so memory stays flat however long it is:
1. every row is checked, and the good ones written to a small temporary file of packed records;
2. only if no row had a problem, the records are saved in one transaction, a few thousand per insert,
   with any new questions and answers, and the survey's count of respondents.
Any problem refuses the whole file, reported by row (as a spreadsheet numbers them: the header is row 1),
column and reason.
"""

import hashlib
import math
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction

from engaging.core.spreadsheet_files import FileProblem
from engaging.core.spreadsheets import ImportResult, cell_text, key, shorten
from engaging.lists.areas import AreaFinder
from engaging.surveys.files import rows_of
from engaging.surveys.models import MAX_ANSWERS, Answer, Question, Respondent, Survey, SurveyImport

BATCH = 5000
RECORD = struct.Struct("<iqdH")  # date (ordinal), area id, weight, length of the answers that follow
PROGRESS_EVERY = 10_000
MAX_QUESTION = 500
MAX_ANSWER = 300
# Headings of columns that would identify a person: ignored, never stored.
IDENTIFYING = {
    "id", "respondent", "respondent id", "respondent number", "reference", "name", "full name", "first name",
    "last name", "surname", "email", "email address", "phone", "telephone", "mobile", "address", "postcode",
    "post code", "nhs number", "date of birth", "dob", "ip address",
}  # fmt: skip
STANDARD = ("date", "area", "weight")


@dataclass
class SurveyImportResult(ImportResult):
    """What an import did; on success also the survey, the dates it covered and what it added."""

    survey: Survey | None = None
    first_date: date | None = None
    last_date: date | None = None
    new_questions: list[str] = field(default_factory=list)
    new_answers: int = 0

    def summary(self) -> str:
        if not self.ok:
            return f"Nothing was imported: the file has {self.problem_count:,} problem(s)."
        span = f" answered from {self.first_date:%-d %B %Y} to {self.last_date:%-d %B %Y}" if self.first_date else ""
        added = f"; {len(self.new_questions)} new question(s)" if self.new_questions else ""
        answers = f", {self.new_answers} new answer(s)" if self.new_answers else ""
        return f"Imported {self.created:,} respondent(s) into “{self.survey}”{span}{added}{answers}."


class _Refused(Exception):
    pass


@dataclass
class _Column:
    index: int
    text: str
    question: Question | None  # None until a new question is saved
    position: int
    answers: dict[str, int]  # answer key → code
    new_answers: dict[int, str] = field(default_factory=dict)  # code → text
    seen: dict[str, int] = field(default_factory=dict)  # a cell exactly as written → its code


def _read_date(raw, text: str, today: date, known: dict[str, date]) -> date:
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    elif text in known:
        return known[text]
    else:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError("enter the date as YYYY-MM-DD, like 2025-03-14" if text else "enter the date")
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{shorten(text)}” is not a real date") from None
    if value > today:
        raise ValueError("the date is in the future")
    if value.year < 1990:
        raise ValueError("the date is before 1990")
    if isinstance(raw, str) or raw is None:
        known[text] = value
    return value


def _read_weight(raw, text: str) -> float:
    if not text:
        return 1.0
    try:
        value = float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else float(text)
    except ValueError:
        raise ValueError(f"“{shorten(text)}” is not a number: enter a positive number, like 1.25") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError("the weight must be a positive number, like 1.25")
    return value


def _digest(path: str) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1024 * 1024):
            sha.update(chunk)
    return sha.hexdigest()


def find_survey(name: str) -> Survey | None:
    """A survey by its name, ignoring case and extra spaces."""
    return Survey.objects.filter(name__iexact=" ".join(name.split())).first()


def _header(cells: list, survey: Survey | None, result: SurveyImportResult) -> tuple[dict[str, int], list[_Column]]:
    """Where date, area and weight are, and a column for each question (new questions get the next positions)."""
    questions = {key(q.text): q for q in survey.questions.all()} if survey else {}
    answers: dict[int, dict[str, int]] = {}
    if survey:
        for answer in Answer.objects.filter(question__survey=survey).only("question_id", "code", "text"):
            answers.setdefault(answer.question_id, {})[key(answer.text)] = answer.code
    next_position = max((q.position for q in questions.values()), default=-1) + 1
    standard: dict[str, int] = {}
    columns: list[_Column] = []
    seen: set[str] = set()
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        text = " ".join(cell_text(cell).lstrip("\ufeff").split())
        name = key(text)
        if not name:
            continue
        if name in seen:
            result.add(None, "", f"The column “{shorten(text, 40)}” appears more than once. Keep one of them.")
            continue
        seen.add(name)
        if name in STANDARD:
            standard[name] = index
        elif name.replace("_", " ") in IDENTIFYING:
            ignored.append(text)
        elif len(text) > MAX_QUESTION:
            result.add(None, "", f"The heading “{shorten(text, 40)}” is longer than {MAX_QUESTION} characters.")
        elif name in questions:
            question = questions[name]
            columns.append(_Column(index, question.text, question, question.position, answers.get(question.pk, {})))
        else:
            columns.append(_Column(index, text, None, next_position, {}))
            next_position += 1
    missing = [name for name in ("date", "area") if name not in standard]
    if missing:
        result.add(None, "", "The file needs a column headed " + " and ".join(f"“{n}”" for n in missing) + ".")
    if not columns and not result.problem_count:
        result.add(None, "", "The file has no question columns: head each with the question's text.")
    if ignored:
        result.notes.append(
            "These columns would identify people, so they were not imported: "
            + ", ".join(f"“{shorten(n, 40)}”" for n in ignored)
            + "."
        )
    return standard, columns


def check_file(
    *, path: str, filename: str, survey: Survey | None, records, progress: Callable[[int, int], None] | None = None
) -> tuple[SurveyImportResult, list[_Column]]:
    """Check every row, writing each good row to `records` as a packed record; problems go into the result."""
    import os

    result = SurveyImportResult()
    size = os.path.getsize(path)
    if size > settings.SURVEY_IMPORT_MAX_BYTES:
        result.add(None, "", f"The file must be smaller than {settings.SURVEY_IMPORT_MAX_BYTES // 2**20:,} MB.")
        return result, []
    if size == 0:
        result.add(None, "", "The file is empty.")
        return result, []
    areas = AreaFinder()
    today = date.today()
    known_dates: dict[str, date] = {}
    columns: list[_Column] = []
    standard: dict[str, int] = {}
    rows = 0
    try:
        for row in rows_of(path, filename, size):
            cells = row.cells
            if row.number == 1:
                standard, columns = _header(cells, survey, result)
                if result.problem_count:
                    return result, []
                width = max(column.position for column in columns) + 1
                continue
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            rows += 1
            if rows > settings.SURVEY_IMPORT_MAX_ROWS:
                result.add(None, "", f"The file has more than {settings.SURVEY_IMPORT_MAX_ROWS:,} respondents.")
                return result, []
            if progress and rows % PROGRESS_EVERY == 0:
                progress(rows, row.position)
            record = _check_row(row.number, cells, standard, columns, width, areas, today, known_dates, result)
            if record is not None and result.problem_count == 0:
                records.write(record)
            if record is not None:
                answered_on = date.fromordinal(RECORD.unpack_from(record)[0])
                if result.first_date is None or answered_on < result.first_date:
                    result.first_date = answered_on
                if result.last_date is None or answered_on > result.last_date:
                    result.last_date = answered_on
    except FileProblem as problem:
        result.add(None, "", str(problem))
        return result, []
    if not standard and not result.problem_count:
        result.add(None, "", "The file is empty.")
    elif not rows and not result.problem_count:
        result.add(None, "", "The file has no respondents: add one row per respondent under the column names.")
    result.created = rows if result.ok else 0
    return result, columns


def _cell(cells: list, index: int):
    return cells[index] if index < len(cells) else None


def _check_row(number, cells, standard, columns, width, areas, today, known_dates, result) -> bytes | None:
    """One respondent as a packed record, or None after noting each problem of the row."""
    problems_before = result.problem_count
    raw = _cell(cells, standard["date"])
    answered_on = None
    try:
        answered_on = _read_date(raw, cell_text(raw), today, known_dates)
    except ValueError as problem:
        result.add(number, "date", str(problem))
    area_text = cell_text(_cell(cells, standard["area"]))
    area_id = 0
    if not area_text:
        result.add(number, "area", "enter the area's official code or name")
    else:
        try:
            area_id = areas.find(area_text)
        except ValueError as problem:
            result.add(number, "area", str(problem))
    weight = 1.0
    if "weight" in standard:
        raw = _cell(cells, standard["weight"])
        try:
            weight = _read_weight(raw, cell_text(raw))
        except ValueError as problem:
            result.add(number, "weight", str(problem))
    answers = bytearray(width)
    for column in columns:
        raw = _cell(cells, column.index)
        # Most cells repeat one of a few answers word for word: those are looked up as they stand.
        code = column.seen.get(raw) if isinstance(raw, str) else None
        if code is None:
            code = _answer_code(number, column, cell_text(raw), result)
            if code is None:
                continue
            if isinstance(raw, str):
                column.seen[raw] = code
        if code:
            answers[column.position] = code
    if result.problem_count > problems_before:
        return None
    return RECORD.pack(answered_on.toordinal(), area_id, weight, len(answers)) + bytes(answers)


def _answer_code(number: int, column: _Column, text: str, result) -> int | None:
    """The code of an answer (0 for a blank), giving a new answer the next code; None after noting a problem."""
    if not text:
        return 0
    wanted = key(text)
    code = column.answers.get(wanted)
    if code is not None:
        return code
    if len(text) > MAX_ANSWER:
        result.add(number, shorten(column.text, 80), f"an answer is at most {MAX_ANSWER} characters")
        return None
    code = len(column.answers) + 1
    if code > MAX_ANSWERS:
        result.add(
            number,
            shorten(column.text, 80),
            f"this question has more than {MAX_ANSWERS} different answers: "
            "only questions with a list of answers can be imported (leave out free-text comments)",
        )
        return None
    column.answers[wanted] = code
    column.new_answers[code] = " ".join(text.split())
    return code


def _read_records(source):
    header = RECORD.size
    while chunk := source.read(header):
        ordinal, area_id, weight, length = RECORD.unpack(chunk)
        yield date.fromordinal(ordinal), area_id, weight, source.read(length)


def _insert(survey_id: int, batch_id: int, records) -> None:
    """Insert respondents straight to the table: at a million rows, building a model object for each would take
    most of the time. PostgreSQL takes them by COPY; SQLite a few thousand at a time."""
    table = Respondent._meta.db_table
    names = ("survey_id", "batch_id", "answered_on", "area_id", "weight", "answers")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for answered_on, area_id, weight, answers in records:
                    copy.write_row((survey_id, batch_id, answered_on, area_id, weight, answers))
            return
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
        pending = []
        for answered_on, area_id, weight, answers in records:
            pending.append((survey_id, batch_id, answered_on.isoformat(), area_id, weight, answers))
            if len(pending) >= BATCH:
                cursor.executemany(sql, pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)


def _save(*, survey_name, organisation, user, filename, digest, columns, records, result) -> None:
    """Save the checked records, and any new questions and answers, in one transaction."""
    with transaction.atomic():
        survey = find_survey(survey_name)
        if survey is None:
            survey = Survey.objects.create(name=" ".join(survey_name.split()), organisation=organisation)
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        taken = set(survey.questions.values_list("position", flat=True))
        for column in columns:
            if column.question is None:
                if column.position in taken:
                    raise _Refused("The survey's questions changed while this file was checked. Import it again.")
                column.question = Question.objects.create(survey=survey, position=column.position, text=column.text)
                result.new_questions.append(column.text)
            new = [Answer(question=column.question, code=c, text=t) for c, t in column.new_answers.items()]
            Answer.objects.bulk_create(new)
            result.new_answers += len(new)
        batch = SurveyImport.objects.create(
            survey=survey,
            filename=filename[:255],
            digest=digest,
            rows=result.created,
            first_date=result.first_date,
            last_date=result.last_date,
            imported_by=user,
        )
        _insert(survey.pk, batch.pk, _read_records(records))
        survey.respondent_count = survey.respondents.count()
        survey.save(update_fields=["respondent_count", "updated_at"])
        result.survey = survey


def import_survey(
    *,
    path: str,
    filename: str,
    survey_name: str,
    organisation=None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> SurveyImportResult:
    """Import a file of respondents into the survey of that name (created if new), or nothing at all."""
    survey = find_survey(survey_name)
    digest = _digest(path)
    if survey is not None and survey.questionnaire_id is not None:
        result = SurveyImportResult()
        result.add(
            None,
            "",
            f"“{survey}” is a questionnaire answered in the hub: its respondents are its responses, "
            "so a file cannot be imported into it. Import the file as a survey with another name.",
        )
        return result
    if survey is not None:
        earlier = survey.imports.filter(digest=digest).first()
        if earlier is not None:
            result = SurveyImportResult()
            result.add(
                None,
                "",
                f"This file was already imported into “{survey}” on {earlier.imported_at:%-d %B %Y} "
                f"({earlier.rows:,} respondents). Nothing was imported again.",
            )
            return result
    with tempfile.TemporaryFile() as records:
        result, columns = check_file(path=path, filename=filename, survey=survey, records=records, progress=progress)
        if not result.ok:
            return result
        records.seek(0)
        try:
            _save(
                survey_name=survey_name,
                organisation=organisation,
                user=user,
                filename=filename,
                digest=digest,
                columns=columns,
                records=records,
                result=result,
            )
        except _Refused as refusal:
            failed = SurveyImportResult()
            failed.add(None, "", str(refusal))
            return failed
    return result
