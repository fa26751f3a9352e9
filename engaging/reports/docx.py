"""The Local Account as a Word document: real headings and tables, so it can be edited and read aloud."""

import io
from datetime import date

from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from engaging.core.addresses import absolute_url
from engaging.reports.charts import Bar
from engaging.reports.local_account import AccountFigures

BRAND = RGBColor(0x1D, 0x4E, 0x89)
FONT = "Arial"


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    for name, size in (("Title", 28), ("Heading 1", 18), ("Heading 2", 13)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = BRAND
        style.font.bold = True
    # Tell Word the language, so spelling and screen readers use British English.
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        rpr = document.styles[style_name].element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-GB")
        rpr.append(lang)


def _page_number_footer(document, title: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(f"{title} · Page ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _paragraphs(document, text: str) -> None:
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())


def _table(document, heading: str, unit: str, bars: list[Bar]) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    header.cells[0].text, header.cells[1].text = heading, unit
    _repeat_header(header)
    for bar in bars:
        cells = table.add_row().cells
        cells[0].text = bar.label
        cells[1].text = f"{bar.value:,}"
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _repeat_header(row) -> None:
    """Mark a table's first row as its header, repeated on each page and read as headers."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _quote(document, text: str, source: str) -> None:
    paragraph = document.add_paragraph(style="Intense Quote")
    paragraph.add_run(text)
    document.add_paragraph(source).runs[0].italic = True


def local_account_docx(account, figures: AccountFigures, generated_on: date | None = None) -> bytes:
    generated_on = generated_on or date.today()
    document = Document()
    _styles(document)
    properties = document.core_properties
    properties.title = account.title
    properties.author = settings.PARTNERSHIP_NAME
    properties.subject = f"What we did, who took part, what people said and what changed in {figures.year}"
    properties.language = "en-GB"
    _page_number_footer(document, account.title)

    document.add_heading(f"Local Account {figures.year}", level=0)
    document.add_paragraph(settings.PARTNERSHIP_NAME + (f", {figures.board_name}" if figures.board_name else ""))
    document.add_paragraph(f"Published {generated_on:%B %Y}. An Easy Read version is available.")

    document.add_heading("Introduction", level=1)
    _paragraphs(document, account.introduction)
    key = document.add_table(rows=1, cols=2)
    key.style = "Light Grid Accent 1"
    key.rows[0].cells[0].text, key.rows[0].cells[1].text = "In " + str(figures.year), "Number"
    _repeat_header(key.rows[0])
    for label, value in (
        ("Engagement activities", figures.activity_count),
        ("People who took part", figures.participants),
        ("Groups of people reached", figures.groups_reached),
        ("Changes made because of what people said", figures.changes_done),
    ):
        cells = key.add_row().cells
        cells[0].text, cells[1].text = label, f"{value:,}"
    document.add_paragraph()

    document.add_heading("What we did", level=1)
    document.add_paragraph(
        f"In {figures.year} the partners ran {figures.activity_count:,} engagement "
        f"activit{'y' if figures.activity_count == 1 else 'ies'}."
    )
    document.add_heading("Activities by type of engagement", level=2)
    _table(document, "Type", "Activities", figures.by_type)
    document.add_heading("How much say people had", level=2)
    _table(document, "Level of influence", "Activities", figures.by_level)
    if figures.examples:
        document.add_heading("Some of the activities", level=2)
        for example in figures.examples:
            document.add_paragraph(f"{example.text}, {example.source}", style="List Bullet")

    document.add_heading("Who took part", level=1)
    document.add_paragraph(
        f"{figures.participants:,} people took part. We heard from {figures.groups_reached} "
        f"group{'' if figures.groups_reached == 1 else 's'} of people."
    )
    document.add_heading("Seldom-heard groups", level=2)
    if figures.seldom_heard:
        document.add_paragraph(f"We counted {figures.seldom_heard_people:,} people from seldom-heard groups.")
        _table(document, "Group", "People", figures.seldom_heard)
    else:
        document.add_paragraph("No people from seldom-heard groups were counted this year.")
    document.add_heading("Who led the activities", level=2)
    _table(document, "Organisation", "Activities", figures.by_organisation)

    document.add_heading("What people said", level=1)
    document.add_paragraph(f"We recorded {figures.findings_count:,} findings: things people told us.")
    if figures.top_themes:
        document.add_heading("What people talked about most", level=2)
        _table(document, "Theme", "Findings", figures.top_themes)
    if figures.quotes:
        document.add_heading("In their words", level=2)
        for quote in figures.quotes:
            _quote(document, quote.text, f"From: {quote.source}")
    if figures.stories:
        document.add_heading("Residents' stories", level=2)
        for story in figures.stories:
            _quote(document, f"{story.title}. {story.text}", f"Told by {story.teller}")

    document.add_heading("What changed: you said, we did", level=1)
    document.add_paragraph(
        f"Because of what people told us, {figures.changes_done:,} changes were made and "
        f"{figures.changes_in_progress:,} are under way."
        + (f" We went back to tell {figures.people_told:,} people what happened." if figures.people_told else "")
    )
    for change in figures.changes:
        if change.you_said:
            paragraph = document.add_paragraph()
            paragraph.add_run("You said: ").bold = True
            paragraph.add_run(change.you_said)
        paragraph = document.add_paragraph()
        paragraph.add_run("We did: ").bold = True
        paragraph.add_run(change.we_did)
        if change.outcome:
            paragraph = document.add_paragraph()
            paragraph.add_run("What changed: ").bold = True
            paragraph.add_run(change.outcome)
        document.add_paragraph(f"{change.organisation} · {change.status}").runs[0].italic = True

    document.add_heading("What we learned", level=1)
    _paragraphs(document, account.what_we_learned)
    if figures.ratings:
        document.add_heading("What participants told us about taking part", level=2)
        document.add_paragraph(f"{figures.ratings.people:,} people rated the engagement they took part in.")
        _table(
            document,
            "Statement",
            "Agreed (%)",
            [
                Bar("I felt listened to", figures.ratings.listened_to),
                Bar("It was easy to take part", figures.ratings.easy_to_take_part),
                Bar("I know what will happen next", figures.ratings.know_what_happens_next),
            ],
        )
    if figures.evaluation_rate is not None:
        document.add_paragraph(
            f"{figures.evaluations} of the {figures.finished_activities} activities that finished "
            f"({figures.evaluation_rate}%) have been evaluated."
        )
    if figures.lessons:
        document.add_heading("Lessons from evaluations", level=2)
        for lesson in figures.lessons:
            _quote(document, lesson.text, f"From: {lesson.source}")

    if figures.training_lines():
        document.add_heading("Training for people who engage", level=2)
        for line in figures.training_lines():
            document.add_paragraph(line)
    if figures.survey_lines() or figures.group_lines():
        document.add_heading("Survey indicators and patient groups", level=2)
        for name, words in figures.survey_lines():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{name}. ").bold = True
            paragraph.add_run(words)
        for line in figures.group_lines():
            document.add_paragraph(line)

    document.add_heading("What comes next", level=1)
    _paragraphs(document, account.what_comes_next)
    document.add_paragraph(
        f"Find ways to take part at {absolute_url(reverse('public:activities'))} and read what changed at "
        f"{absolute_url(reverse('yswd:index'))}."
    )

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
