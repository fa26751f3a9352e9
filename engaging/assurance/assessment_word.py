"""The engagement assessment as a Word document, for a report author to drop into a board paper."""

import io

from engaging.assurance.assessment import Assessment, GroupLine, day_text, plural, shorten


def _group_sentence(group: GroupLine) -> str:
    why = []
    if group.targeted:
        why.append("targeted")
    if group.affected:
        why.append("named as affected by the screening")
    reason = f" ({' and '.join(why)})" if why else ""
    if group.reached:
        return f"{group.name}: {plural(group.people, 'person', 'people')} took part{reason}."
    if group.planned:
        return f"{group.name}: nobody counted yet; engagement still to come aims at this group{reason}."
    return f"{group.name}: nobody was counted as taking part{reason}."


def write_docx(assessment: Assessment) -> bytes:
    """The assessment as a Word document: headings, short paragraphs and a table of the activities."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = assessment.title
    document.core_properties.language = "en-GB"
    document.add_heading(assessment.title, level=1)
    meeting = assessment.item.meeting
    document.add_paragraph(
        f"For the meeting of {meeting.board} on {day_text(meeting.starts_at.date())}. "
        f"Prepared from the Engaging Together records on {day_text(assessment.today)}."
    )

    document.add_heading("What engagement took place", level=2)
    for line in assessment.what_took_place():
        document.add_paragraph(line)
    if assessment.happened:
        headings = ("Activity", "Lead", "Type", "Level", "Dates", "Status", "Took part")
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        header = table.rows[0]
        # Repeat the header row on each page, and mark it as a header for screen readers.
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header.cells, headings, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for a in assessment.happened:
            took_part = "Not recorded" if a.took_part is None else f"{a.took_part:,}"
            row = (a.title, a.lead, a.type, a.level, a.dates, a.stage_label, took_part)
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    if assessment.planned:
        document.add_heading("Engagement still to come", level=3)
        for a in assessment.planned:
            document.add_paragraph(
                f"{a.title} ({a.lead}): {a.type.lower()}, {a.level.lower()}, {a.dates}. Planned, not started yet.",
                style="List Bullet",
            )

    document.add_heading("Who was reached and who was missed", level=2)
    for line in assessment.who_was_reached():
        document.add_paragraph(line)
    if assessment.reached:
        document.add_paragraph("Reached:")
        for group in assessment.reached:
            document.add_paragraph(_group_sentence(group), style="List Bullet")
    if assessment.missed:
        document.add_paragraph("Missed:")
        for group in assessment.missed:
            document.add_paragraph(_group_sentence(group), style="List Bullet")
    if assessment.still_to_reach:
        document.add_paragraph("Not reached yet, with engagement planned:")
        for group in assessment.still_to_reach:
            document.add_paragraph(_group_sentence(group), style="List Bullet")

    document.add_heading("What people said", level=2)
    for line in assessment.what_people_said():
        document.add_paragraph(line)
    if assessment.statements:
        document.add_paragraph("Some of what people told us:")
        for statement in assessment.statements:
            document.add_paragraph(f"“{statement}”", style="List Bullet")

    if assessment.indicators:
        document.add_heading("What surveys show", level=2)
        for line in assessment.what_surveys_show():
            document.add_paragraph(line)

    document.add_heading("How it shaped the proposal", level=2)
    for line in assessment.how_it_shaped():
        document.add_paragraph(line)
    for r in assessment.responses:
        text = f"{shorten(r.action, 300)} ({r.organisation}): {r.status_label.lower()}."
        if r.decision_reference:
            text += f" Decision reference: {r.decision_reference}."
        if r.outcome:
            text += f" What changed: {shorten(r.outcome, 300)}"
        document.add_paragraph(text, style="List Bullet")

    document.add_heading("What is still open", level=2)
    if assessment.open_points:
        for point in assessment.open_points:
            document.add_paragraph(point, style="List Bullet")
    else:
        document.add_paragraph("Nothing is outstanding.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
