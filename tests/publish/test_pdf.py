"""PDFs by WeasyPrint: produced, with Welsh and Arabic-script text extractable (so the glyphs are real text
in fonts that have them, not boxes), and the charts printed."""

import io
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from perthyn.publish.cli import profile


@pytest.fixture(scope="module")
def cardiff_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "caerdydd.pdf"
    result = CliRunner().invoke(profile, ["W06000015", "--lang", "cy", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_pdf_has_welsh_and_arabic_text(cardiff_pdf):
    assert cardiff_pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(cardiff_pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for phrase in ("Proffil mudo lleol: Caerdydd", "yng Nghaerdydd", "hŷn", "Ynys Môn", "Ffynhonnell"):
        assert phrase in text, phrase
    assert "العربية" in text and "اردو" in text  # Arabic and Urdu names of the languages
    fonts = set()
    for p in reader.pages:
        for f in p["/Resources"].get("/Font", {}).values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("Noto-Sans" in f for f in fonts)
    assert any("Arabic" in f for f in fonts), fonts


def test_pdf_contains_charts_as_vector_drawings(cardiff_pdf):
    reader = PdfReader(io.BytesIO(cardiff_pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    # axis labels and value labels drawn inside the SVG charts come through as text too
    assert "16.5%" in text and "Canran o'r holl breswylwyr arferol" in text
    assert len(reader.pages) > 5


def test_ranked_bar_charts_print_their_data_table(cardiff_pdf):
    """Every chart keeps its data table in print, the ranking of the 22 authorities too."""
    reader = PdfReader(io.BytesIO(cardiff_pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Data'r siart: Wedi'u geni y tu allan i'r DU: 22 awdurdod lleol Cymru" in text
    from perthyn.publish.render import css

    printed = css()[css().index("@media print"):]
    assert not re.search(r"chart-data[^{]*\{[^}]*display:\s*none", printed)
