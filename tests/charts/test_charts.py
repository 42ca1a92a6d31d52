"""Charts: accessible markup, numbers that match their data table, gaps shown as gaps, RTL, Welsh, contrast."""

import re
import xml.etree.ElementTree as ET

import pytest

from perthyn.charts import (
    Bar, Estimate, Point, bar, data_table, dot_interval, line_band, number, percent, ranked_bar, stacked_bar,
)
from perthyn.charts import palette

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg):
    return ET.fromstring(svg)


def all_charts(lang="en"):
    return [
        bar([("Cardiff", 16.5), ("Newport", 12.2)], title="Born abroad", desc="Share born outside the UK.", lang=lang),
        ranked_bar([Bar("A", 1.0, "a"), Bar("B", 3.0, "b"), Bar("C", 2.0, "c")], highlight="c", title="Ranked",
                   desc="Three units.", lang=lang),
        dot_interval([Estimate("Employed", "Migrants", 70.0, 65.0, 75.0, 120),
                      Estimate("Employed", "Non-migrants", 73.0, 71.0, 75.0, 900)], title="Dashboard",
                     desc="Migrants against non-migrants.", lang=lang),
        line_band([Point("2016", 5.0, 4.0, 6.0), Point("2017", 5.5, 4.4, 6.6)], title="Trend", desc="APS.", lang=lang),
        stacked_bar([("Cardiff", (80.0, 20.0))], ["UK", "Elsewhere"], title="Stack", desc="Two parts.", lang=lang),
    ]


@pytest.mark.parametrize("index", range(5))
def test_every_chart_is_labelled_svg(index):
    chart = all_charts()[index]
    root = parse(chart.svg)
    assert root.get("role") == "img"
    title, desc = root.find("s:title", NS), root.find("s:desc", NS)
    assert title.text == chart.title and desc.text.startswith(chart.desc.split(".")[0])
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("direction") == "ltr"
    assert data_table(chart).rows, "every chart carries a data table"
    html = chart.table.html()
    assert "<caption>" in html and 'scope="col"' in html


def test_bar_values_match_table_and_labels():
    chart = bar([("Cardiff", 16.5), ("Newport", 12.2), ("Swansea", 9.4)], title="t", desc="d")
    assert [r[1] for r in chart.table.rows] == [16.5, 12.2, 9.4]
    texts = [t.text for t in parse(chart.svg).iter("{http://www.w3.org/2000/svg}text")]
    for v in ("16.5%", "12.2%", "9.4%"):
        assert v in texts
    # bar lengths proportional to the values (independent check on the geometry)
    rects = [r for r in parse(chart.svg).iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") != "#ffffff"]
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] / widths[1] == pytest.approx(16.5 / 12.2, rel=0.01)


def test_missing_value_is_marked_not_zero():
    chart = bar([("Has data", 10.0), ("Gap", None)], title="t", desc="d")
    texts = [t.text for t in parse(chart.svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "No data" in texts and "0.0%" not in texts
    bars = [r for r in parse(chart.svg).iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") != "#ffffff"]
    assert len(bars) == 1
    assert chart.table.formatted()[1][1] == "No data"
    assert "Dim data" in bar([("Gap", None)], title="t", desc="d", lang="cy").svg


def test_stack_with_missing_part_is_not_drawn_partially():
    chart = stacked_bar([("A", (50.0, None))], ["x", "y"], title="t", desc="d")
    assert "No data" in chart.svg
    assert not [r for r in parse(chart.svg).iter("{http://www.w3.org/2000/svg}rect") if r.get("stroke") == "#ffffff"]


def test_ranked_bar_orders_and_names_the_rank():
    chart = ranked_bar([Bar("A", 1.0, "a"), Bar("B", 3.0, "b"), Bar("C", 2.0, "c"), Bar("D", None, "d")],
                       highlight="c", title="t", desc="Units.")
    assert [r[0] for r in chart.table.rows] == ["B", "C", "A", "D"]
    assert chart.table.notes[0] == "C is ranked 2 of 3."
    assert chart.table.rows[1][1] == 2 and chart.table.rows[3][1] is None
    assert chart.desc.endswith("C is ranked 2 of 3.")
    assert palette.HIGHLIGHT in chart.svg
    cy = ranked_bar([Bar("A", 1.0, "a"), Bar("B", 3.0, "b")], highlight="a", title="t", desc="Unedau.", lang="cy")
    assert cy.desc.endswith("Mae A yn safle 2 o 2.")


def test_dot_interval_table_has_both_series_and_intervals():
    chart = all_charts()[2]
    assert chart.table.rows == (("Employed", "Migrants", 70.0, 65.0, 75.0, 120),
                                ("Employed", "Non-migrants", 73.0, 71.0, 75.0, 900))
    assert [c.key for c in chart.table.columns] == ["label", "series", "estimate", "low", "high", "n"]
    # two series are told apart by shape as well as colour
    root = parse(chart.svg)
    assert root.findall(".//s:circle", NS) and root.findall(".//s:rect[@stroke='#fff']", NS)


def test_line_band_breaks_at_missing_point():
    chart = line_band([Point("2016", 5.0, 4.0, 6.0), Point("2017", None), Point("2018", 6.0, 5.0, 7.0),
                       Point("2019", 6.5, 5.5, 7.5)], title="t", desc="d")
    root = parse(chart.svg)
    assert len(root.findall(".//s:polyline", NS)) == 1  # only 2018-2019 joined
    assert "No data" in chart.svg
    assert chart.table.rows[1] == ("2017", None, None, None)


def test_welsh_tables_and_numbers():
    chart = all_charts("cy")[2]
    assert [c.label for c in chart.table.columns][2:5] == ["Amcangyfrif", "Terfyn isaf 95%", "Terfyn uchaf 95%"]
    assert chart.table.caption == "Data'r siart: Dashboard"
    assert number(1234567.891, "cy", 1) == "1,234,567.9"
    assert percent(16.5, "cy") == "16.5%"
    # a locale with other conventions really is honoured (German: comma decimal, point grouping)
    assert number(1234.5, "de", 1) == "1.234,5"


def test_rtl_mirrors_geometry():
    ltr = bar([("a", 5.0)], title="t", desc="d", lang="en")
    rtl = bar([("a", 5.0)], title="t", desc="d", lang="ar")
    assert parse(rtl.svg).get("direction") == "rtl"

    def the_bar(svg):
        return next(r for r in parse(svg).iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == palette.SERIES[0])

    a, b = the_bar(ltr.svg), the_bar(rtl.svg)
    width = float(parse(ltr.svg).get("width"))
    assert float(b.get("x")) == pytest.approx(width - float(a.get("x")) - float(a.get("width")), abs=0.2)


def test_palette_contrast_against_white():
    # closed forms: black on white is 21:1, white on white 1:1
    assert palette.contrast("#000000") == pytest.approx(21.0)
    assert palette.contrast("#ffffff") == pytest.approx(1.0)
    for colour in (*palette.SERIES, palette.HIGHLIGHT, palette.OTHERS, palette.AXIS):
        assert palette.contrast(colour) >= 3.0, colour
    for colour in (palette.INK, palette.MUTED):
        assert palette.contrast(colour) >= 4.5


def test_text_is_escaped():
    chart = bar([("<b>&", 1.0)], title="A & B", desc="<script>", lang="en")
    root = parse(chart.svg)  # would fail to parse if not escaped
    assert root.find("s:desc", NS).text == "<script>"
    assert "&lt;b&gt;&amp;" in chart.table.html()


def test_ids_unique_per_title_and_language():
    ids = {c.id for c in all_charts("en") + all_charts("cy")}
    assert len(ids) == 10
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_labels_inside_segments_are_readable():
    for colour in palette.SERIES:
        assert palette.contrast(palette.text_on(colour), colour) >= 4.5, colour


def test_font_stack_names_arabic_as_weasyprint_reads_it():
    """WeasyPrint's SVG text splits font-family on commas and strips only quotes: every name must survive that
    unchanged, or Arabic-script labels fall back to DejaVu Sans in the PDF."""
    root = parse(bar([Bar("Arabic (العربية)", 3.0)], title="Languages", desc="d", unit="count", decimals=0).svg)
    families = [f.strip("\"'") for f in root.get("font-family").split(",")]
    assert families[:2] == ["Noto Sans", "Noto Sans Arabic"] and families[-1] == "sans-serif"
    assert all(f == f.strip() for f in families)


def test_svg_arabic_labels_render_in_noto_sans_arabic_in_pdf():
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    chart = bar([Bar("Arabic (العربية)", 10.0), Bar("Urdu (اردو)", 5.0)], title="Languages", desc="d",
                unit="count", decimals=0)
    reader = PdfReader(io.BytesIO(HTML(string=f"<html><body>{chart.svg}</body></html>").write_pdf()))
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"].get("/Font", {}).values()}
    assert any("Noto-Sans-Arabic" in f for f in fonts), fonts
    assert not any("DejaVu" in f for f in fonts), fonts


def test_rank_and_indicator_units_are_whole_numbers():
    chart = ranked_bar([Bar("A", 1.0, "a"), Bar("B", 3.0, "b")], title="Ranked", desc="Two.")
    rank = next(c for c in chart.table.columns if c.key == "rank")
    assert rank.unit == "rank"
    assert [row[1] for row in chart.table.formatted()] == ["1", "2"]
    counted = bar([("Available", 12.0), ("No data", 30.0)], title="Status", desc="d", unit="indicators", decimals=0)
    assert [row[1] for row in counted.table.formatted()] == ["12", "30"]
    assert "indicators" not in counted.svg  # the axis and value labels are bare numbers
