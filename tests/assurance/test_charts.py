"""The SVG charts: valid, named and described for screen readers, readable without colour."""

import xml.etree.ElementTree as ET

from engaging.assurance import charts
from engaging.assurance.charts import Bar, Series

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str):
    return ET.fromstring(str(markup))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_a_bar_chart_is_an_image_with_a_title_a_description_and_its_values_written():
    svg = parse(
        charts.bar_chart(
            chart_id="c",
            title="Activities by organisation",
            description="Bar chart. Council 12 and Healthwatch 3",
            bars=[Bar("Council", 12), Bar("Healthwatch & friends", 3, "3 activities")],
        )
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").text == "Activities by organisation"
    assert svg.find(f"{SVG}title").get("id") == "c-title"
    assert svg.find(f"{SVG}desc").text == "Bar chart. Council 12 and Healthwatch 3"
    words = [" ".join(t.itertext()) if len(t) else t.text for t in svg.iter(f"{SVG}text")]
    assert {"Council", "12", "Healthwatch & friends", "3 activities"} <= set(words)  # a long label may wrap
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert widths[0] == 4 * widths[1]  # the longest bar fills the width; the others in proportion


def test_long_labels_wrap_and_are_shortened_rather_than_overflowing():
    svg = parse(
        charts.bar_chart(
            chart_id="c", title="t", description="d",
            bars=[Bar("Black Country Mental Health Partnership NHS Foundation Trust and friends", 1)],
        )
    )  # fmt: skip
    lines = [t.text for t in svg.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) * charts.SIZE * charts.CHAR <= charts.WIDTH - 8 for line in lines)


def test_every_word_in_a_chart_shows_at_16_pixels_or_more_at_the_narrowest_a_page_draws_it():
    """SVG text scales with the picture: drawn 320 units wide, a chart is never shown narrower than 19rem
    (304 pixels, frontend/hub.scss), so text of 18 units shows at 17 pixels or more."""
    narrowest = 19 * 16
    drawn = [
        charts.bar_chart(chart_id="b", title="t", description="d", bars=[Bar("Council", 12), Bar("Healthwatch", 3)]),
        charts.stacked_bar_chart(
            chart_id="s", title="t", description="d", categories=["Jan 25", "Feb 25"],
            series=[Series("Consultation", [1, 2]), Series("Insight", [3, 0])],
        ),
        charts.line_chart(
            chart_id="l", title="t", description="d", categories=["Jan 25", "Feb 25"],
            series=[Series("Inform", [1, 2])],
        ),
    ]  # fmt: skip
    for markup in drawn:
        svg = parse(markup)
        width = float(svg.get("viewBox").split()[2])
        sizes = [float(t.get("font-size") or svg.get("font-size")) for t in svg.iter(f"{SVG}text")]
        assert sizes and min(sizes) * narrowest / width >= 16


def test_a_stacked_bar_chart_tells_series_apart_by_pattern_and_writes_totals():
    svg = parse(
        charts.stacked_bar_chart(
            chart_id="s",
            title="By type",
            description="d",
            categories=["Jan 25", "Feb 25"],
            series=[Series("Consultation", [1, 2]), Series("Insight", [3, 0])],
        )
    )
    patterns = svg.findall(f"{SVG}defs/{SVG}pattern")
    assert [p.get("id") for p in patterns] == ["s-p0", "s-p1"]
    assert len(patterns[1]) > 1  # the second series has marks over its colour, not colour alone
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"4", "2", "Consultation", "Insight", "Jan 25", "Feb 25"} <= set(words)  # totals and a legend


def test_a_line_chart_gives_each_series_its_own_marker_and_dash():
    svg = parse(
        charts.line_chart(
            chart_id="l",
            title="By level",
            description="d",
            categories=["Q1 25", "Q2 25"],
            series=[Series("Consult", [1, 2]), Series("Involve", [2, 2])],
        )
    )
    lines = [p for p in svg.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")
    ends = [t for t in svg.iter(f"{SVG}text") if t.text == "2" and t.get("font-weight") == "700"]
    assert len(ends) == 2 and ends[0].get("y") != ends[1].get("y")  # labels ending at the same height are moved apart


def test_an_empty_chart_says_so():
    svg = parse(charts.bar_chart(chart_id="e", title="t", description="d", bars=[]))
    assert "Nothing to show for this period" in [t.text for t in svg.iter(f"{SVG}text")]


def test_colours_meet_aa_contrast_on_white():
    assert contrast_on_white(charts.TEXT) >= 4.5
    assert contrast_on_white(charts.GRID) >= 3
    for colour in charts.PALETTE:
        assert contrast_on_white(colour) >= 4.5, colour


def test_text_is_escaped():
    markup = str(charts.bar_chart(chart_id="x", title="<b>", description="&", bars=[Bar("<script>", 1)]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(markup)


def test_axis_tops_are_round_with_four_equal_steps():
    assert [charts._nice_max(v) for v in (0, 3, 4, 7, 11, 21, 150)] == [4, 4, 4, 8, 20, 40, 200]
