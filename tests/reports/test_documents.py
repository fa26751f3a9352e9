"""The generated files, opened and read back: the Word document, the PDFs, and Easy Read."""

import base64
import io
import re
import shutil
import subprocess
import zlib

import pytest
from docx import Document

from engaging.plain.pictures import PICTURES
from engaging.plain.pictures import svg as easy_read_svg
from engaging.reports import easy_read, pdf
from engaging.reports.docx import local_account_docx
from engaging.reports.local_account import gather
from tests.reports.conftest import YEAR

needs_poppler = pytest.mark.usefixtures("poppler")


@pytest.fixture
def poppler():
    """The PDF checks read the PDF back with poppler; without it they fail rather than skip."""
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils is not installed. Install it with: apt-get install poppler-utils")


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams opened, so that its dictionaries (tags, language…) can be searched."""
    opened = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            opened.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(opened)


def pdf_text(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def figures(year_data):
    return gather(YEAR)


# Word ------------------------------------------------------------------------------------


@pytest.fixture
def word(account, figures):
    return Document(io.BytesIO(local_account_docx(account, figures)))


def test_the_word_document_has_the_sections_as_real_headings(word):
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", f"Local Account {YEAR}")
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one == [
        "Introduction",
        "What we did",
        "Who took part",
        "What people said",
        "What changed: you said, we did",
        "What we learned",
        "What comes next",
    ]


def test_the_word_document_holds_the_figures_in_tables(word):
    tables = {table.rows[0].cells[0].text: table for table in word.tables}
    rows = lambda heading: [[cell.text for cell in row.cells] for row in tables[heading].rows[1:]]  # noqa: E731
    assert ["Consultation", "1"] in rows("Type")
    assert ["Gypsy and Traveller communities", "8"] in rows("Group")
    assert rows("Organisation") == [["Dudley Council", "2"], ["Healthwatch Dudley", "1"]]
    assert ["People who took part", "50"] in rows(f"In {YEAR}")
    assert ["I felt listened to", "50"] in rows("Statement")


def test_the_word_document_has_the_words_and_only_public_stories(word):
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Welcome to our account of 2024." in text
    assert "We will ask carers first." in text
    assert "Public words of 2024." in text
    assert "Carers want one named contact." in text and "We named a contact for every carer." in text
    for hidden in ("Board-only words", "Withdrawn words", "A private finding", "A private change"):
        assert hidden not in text


def test_the_word_document_says_who_made_it_and_in_which_language(word):
    assert word.core_properties.title == f"Local Account {YEAR}"
    assert word.core_properties.language == "en-GB"


# The PDF ---------------------------------------------------------------------------------


@pytest.fixture
def the_pdf(account, figures):
    return pdf.local_account_pdf(account, figures)


@pytest.fixture
def pdf_dictionaries(the_pdf):
    return pdf_objects(the_pdf)


@needs_poppler
def test_the_pdf_reads_as_the_report(the_pdf):
    text = pdf_text(the_pdf)
    for heading in ("Contents", "Introduction", "What we did", "Who took part", "What people said", "What we learned"):
        assert heading in text
    assert f"Local Account {YEAR}" in text
    assert "Welcome to our account of 2024." in text
    assert "Public words of 2024." in text
    assert "Gypsy and Traveller communities" in text
    assert "The partners" in text and "Healthwatch Dudley" in text
    assert re.search(r"\b50\s+people took part", text)
    for hidden in ("Board-only words", "Withdrawn words", "A private finding"):
        assert hidden not in text


@needs_poppler
def test_the_pdf_has_page_numbers_and_a_contents_page_that_points_to_them(the_pdf):
    text = pdf_text(the_pdf)
    pages = int(re.search(r"Page 2 of (\d+)", text).group(1))
    assert pages >= 8
    assert f"Page {pages} of {pages}" in text


def test_the_pdf_is_tagged_with_its_language_and_title(pdf_dictionaries):
    assert b"/StructTreeRoot" in pdf_dictionaries
    assert b"/MarkInfo" in pdf_dictionaries
    assert b"/Lang (en-GB)" in pdf_dictionaries
    assert b"/DisplayDocTitle true" in pdf_dictionaries
    assert b"/S /Figure" in pdf_dictionaries and b"/S /Table" in pdf_dictionaries and b"/S /H2" in pdf_dictionaries


def test_the_pdf_charts_have_text_alternatives_that_state_the_figures(pdf_dictionaries):
    # Each chart is a tagged figure whose alternative text gives every figure.
    assert b"Activities by type of engagement, 2024. Information: 1 activity; Insight: 1 activity" in pdf_dictionaries


# Easy Read -----------------------------------------------------------------------------------


def test_easy_read_ideas_get_pictures_that_fit_their_words_and_short_sentences(account, figures):
    sections = easy_read.build(figures, account)
    assert [s.heading for s in sections] == [
        "About this report",
        "What we did",
        "Who we heard from",
        "What people told us",
        "What we changed",
        "What we learned",
        "What happens next",
    ]
    for section in sections:
        assert section.ideas, section.heading
        for idea in section.ideas:
            assert idea.picture == "" or idea.picture in PICTURES
    pictures = {s: idea.picture for section in sections for idea in section.ideas for s in idea.sentences}
    assert pictures["50 people took part."] == "people"
    assert pictures[f"In {YEAR} we ran 3 activities to ask people what they think."] == "people"
    assert pictures["5 out of 10 felt listened to."] == "listen"
    assert easy_read.long_sentences(sections) == []


FILLER = (
    "It tells you what people told us.",
    "It tells you what we changed.",
    "We use what we learn to ask people in better ways.",
    "For example:",
    "The council, the NHS and local groups work together in the partnership.",
    "Do you want to have your say?",
)


def test_easy_read_has_no_filler_lines_only_facts_from_the_records(account, figures):
    sections = easy_read.build(figures, account)
    sentences = [s for section in sections for idea in section.ideas for s in idea.sentences]
    assert not set(FILLER) & set(sentences)
    # The partnership is named by its own organisations, not a stock sentence.
    about = sections[0].ideas
    assert any(idea.points == tuple(figures.partners) for idea in about) or not figures.partners


def test_easy_read_pictures_follow_the_keywords_coordinators_keep(account, figures):
    from engaging.plain.pictures import default_keywords

    keywords = default_keywords() | {"people": (), "figures": ()}
    pictures = {
        s: idea.picture for section in easy_read.build(figures, account, keywords) for idea in section.ideas
        for s in idea.sentences
    }  # fmt: skip
    assert pictures["50 people took part."] == ""  # no keyword left: no picture rather than a stock one


def test_easy_read_says_the_figures_in_plain_words(account, figures):
    sentences = [s for section in easy_read.build(figures, account) for i in section.ideas for s in i.sentences]
    assert "50 people took part." in sentences
    assert f"In {YEAR} we ran 3 activities to ask people what they think." in sentences
    assert "5 out of 10 felt listened to." in sentences
    assert "We will ask carers first." in sentences and "We will report back within twelve weeks." in sentences


def test_easy_read_names_seldom_heard_groups_and_themes(account, figures):
    ideas = [idea for section in easy_read.build(figures, account) for idea in section.ideas]
    points = [point for idea in ideas for point in idea.points]
    assert "Gypsy and Traveller communities" in points and "Waiting times" in points


@pytest.mark.parametrize(
    "text,expected",
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Line one\n\nLine two.", ["Line one", "Line two."]),
        ("", []),
    ],
)
def test_sentences_of(text, expected):
    assert easy_read.sentences_of(text) == expected


@needs_poppler
def test_the_easy_read_pdf_is_tagged_large_and_described(account, figures):
    data = pdf.easy_read_pdf(account, figures)
    dictionaries = pdf_objects(data)
    assert b"/StructTreeRoot" in dictionaries and b"/Lang (en-GB)" in dictionaries
    assert b"/Alt (A group of people)" in dictionaries  # every picture is described for screen readers
    text = pdf_text(data)
    assert "What we did in 2024" in text and "50 people took part." in text
    # Body text is at least 16pt: measure the height of a word set in it.
    layout = pdf_text(data, "-bbox")
    heights = [
        float(m.group(2)) - float(m.group(1))
        for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">took</word>', layout)
    ]
    assert heights and min(heights) >= 16


def test_pictures_are_hidden_on_the_web_and_described_in_the_pdf():
    assert 'aria-hidden="true"' in easy_read_svg("done")
    uri = pdf.picture_uri("done")
    described = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert 'role="img"' in described and "<title>A tick: done</title>" in described and "#1d4e89" in described
    assert pdf.picture_uri("") == ""


# Training and survey indicators, in the printed and Word reports as on the web page ----------------


@pytest.fixture
def with_training_and_indicators(figures):
    from datetime import date
    from decimal import Decimal

    from engaging.learning.figures import TrainingFigures
    from engaging.surveys.board import ChosenIndicator, ForTheBoard
    from engaging.surveys.models import Indicator, Survey
    from engaging.surveys.statistics import Value

    figures.training = TrainingFigures(
        start=date(YEAR, 1, 1), end=date(YEAR, 12, 31), people_trained=1204, places_attended=1530, elected_members=2,
        network_event_places=40, cost_per_place=Decimal(150), feedback={"answers": 30, "useful": 4.25},
    )  # fmt: skip
    indicator = Indicator(name="Police work hard to engage residents", survey=Survey(name="Feeling the Difference"))
    value = Value(period=str(YEAR), start=date(YEAR, 1, 1), end=date(YEAR, 12, 31), area=None, respondents=1100,
                  effective_respondents=1050.0, proportion=0.7, lower=0.67, upper=0.73, suppressed=False,
                  compared_with_partnership="not_compared", change="increase")  # fmt: skip
    figures.surveys = ForTheBoard(
        indicators=[ChosenIndicator(indicator=indicator, value=value, change="An increase since 2023.", trend="")]
    )
    return figures


@needs_poppler
def test_the_word_document_and_the_pdf_report_training_and_the_boards_indicators(account, with_training_and_indicators):
    expected = [
        "Our own trainers gave free training in community engagement to 1,204 people (1,530 places on courses), "
        "including 2 councillors. 40 places were taken at our network events.",
        "Buying the same training in would have cost about £229,500.",
        "People who came rated how useful it was 4.2 out of 5.",
        "Police work hard to engage residents (Feeling the Difference). "
        f"{YEAR}: 70%, from 1,100 respondents (95% confidence interval 67% to 73%). An increase since 2023.",
    ]
    word = Document(io.BytesIO(local_account_docx(account, with_training_and_indicators)))
    text = " ".join(p.text for p in word.paragraphs)
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Training for people who engage" in headings and "Survey indicators and patient groups" in headings
    printed = " ".join(pdf_text(pdf.local_account_pdf(account, with_training_and_indicators)).split())
    for sentence in expected:
        assert sentence in text
        assert sentence in printed


def test_a_year_without_training_or_indicators_leaves_them_out(account, figures):
    word = Document(io.BytesIO(local_account_docx(account, figures)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Training for people who engage" not in headings
    assert "Survey indicators and patient groups" not in headings
