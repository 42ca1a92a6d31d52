"""XLSForm both ways (validated by pyxform) and printable PDF forms (two A4 sides, same order, a reference)."""

import io

import pypdf
import pytest
from openpyxl import load_workbook

from perthyn.errors import InputErrors
from perthyn.outcomes import load
from perthyn.outcomes.paper import form_pdf, form_reference, parse_reference
from perthyn.outcomes.xlsform import export, import_bank, validate

ALL = ["en", "cy", "ar", "fa-af", "ps", "pl", "lt", "uk"]


def test_xlsform_export_validates_with_pyxform():
    bank = load()
    data = export(bank, ALL, audio={("feel_safe", "ar"): "feel_safe-ar.mp3"})
    xml = validate(data)  # raises PyXFormError if the form is not valid
    assert "feel_safe-ar.mp3" in xml and "jr://audio/feel_safe-ar.mp3" in xml
    ws = load_workbook(io.BytesIO(data))["survey"]
    head = [c.value for c in ws[1]]
    for col in ("label::English (en)", "label::Welsh (cy)", "label::Dari (fa-AF)", "hint::Welsh (cy)",
                "audio::Arabic (ar)", "instance::indicator"):
        assert col in head
    assert bank.question("feel_safe").text.get("ps") in xml


def test_xlsform_round_trip_and_import_errors(tmp_path):
    bank = load()
    p = tmp_path / "form.xlsx"
    p.write_bytes(export(bank, ALL))
    raw, back = import_bank(p)
    assert [q.id for q in back.questions] == [q.id for q in bank.questions]
    for q in bank.questions:
        b = back.question(q.id)
        assert (b.indicator, b.domain, b.scale.values, b.positive_from) == (q.indicator, q.domain, q.scale.values, q.positive_from)
        assert b.text.values == q.text.values and b.why.values == q.why.values
    wb = load_workbook(p)
    ws = wb["survey"]
    col = [c.value for c in ws[1]].index("instance::indicator") + 1
    ws.cell(row=5, column=col).value = None
    wb.save(p)
    with pytest.raises(InputErrors) as e:
        import_bank(p)
    assert "row 5" in str(e.value) and "instance::indicator" in str(e.value)


@pytest.mark.parametrize("lang", ALL)
def test_paper_form_fits_two_sides_in_the_same_order(lang):
    bank = load()
    profiles = list(bank.profiles)
    pdf = pypdf.PdfReader(io.BytesIO(form_pdf(bank, lang, profiles)))
    assert len(pdf.pages) <= 2
    text = "".join(p.extract_text() for p in pdf.pages)
    ref = form_reference(bank, lang, profiles)
    assert ref in text.replace("\n", "")
    if lang in ("en", "cy", "pl"):  # left-to-right text extracts in reading order
        qs = bank.select(profiles, "adult")
        flat = " ".join(text.split())
        at = 0
        for q in qs:  # each question is found after the one before it
            found = flat.find(" ".join(q.text.get(lang).split())[:40], at)
            assert found >= at, (q.id, lang)
            at = found + 1


def test_form_reference_round_trip():
    bank = load()
    ref = form_reference(bank, "fa-af", ["housing", "english"], "child")
    back = parse_reference("  " + ref.lower() + " ")
    assert back.lang == "fa-af" and set(back.profiles) == {"housing", "english"} and back.audience == "child"
    assert parse_reference("hello") is None


@pytest.mark.parametrize("lang", ALL)
def test_paper_form_headings_are_in_the_persons_language(lang):
    from perthyn.outcomes.paper import form_html

    bank = load()
    page = form_html(bank, lang, list(bank.profiles))
    assert f'<html lang="{lang}" dir="{"rtl" if lang in ("ar", "fa-af", "ps") else "ltr"}">' in page
    for key in ("title", "intro", "person", "reference"):
        assert bank.form_text[key].values[lang] in page.replace("&#x27;", "'"), key
