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
    first = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == bank.questions[0].id)
    ws.cell(row=first, column=col).value = None
    wb.save(p)
    with pytest.raises(InputErrors) as e:
        import_bank(p)
    assert f"row {first}" in str(e.value) and "instance::indicator" in str(e.value)


def test_xlsform_tells_adults_and_children_apart_and_round_trips_ids_and_guardian_text(tmp_path):
    """An `audience` question first; adult and child questions relevant only for theirs; a round trip keeps
    domain and profile ids and labels, audience, guardian consent text and stated reliability."""
    import copy

    from perthyn.outcomes.bank import parse, read

    raw = copy.deepcopy(read(None).data)
    raw["domains"]["housing"] = {**raw["domains"]["housing"], "reliability": {"value": 0.75, "source": "pilot"}}
    bank = parse(raw)
    data = export(bank, ALL, age_limit=14)
    ws = load_workbook(io.BytesIO(data))["survey"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert rows[0]["type"] == "select_one audience" and rows[0]["name"] == "audience" and rows[0]["required"] == "yes"
    assert "under 14" in rows[0]["hint::English (en)"]
    by_name = {r["name"]: r for r in rows}
    assert by_name["consent_guardian"]["relevant"] == "${audience} = 'child'"
    assert by_name["consent_guardian"]["label::Arabic (ar)"] == bank.consent["guardian"].get("ar")
    for q in bank.questions:
        assert by_name[q.id]["relevant"] == f"${{consent}} = 'yes' and ${{audience}} = '{q.audience}'"
    xml = validate(data)  # pyxform accepts the conditions, the extra sheet and the extra columns
    assert "/perthyn_outcomes/audience  = 'child'" in xml and "/perthyn_outcomes/audience  = 'adult'" in xml
    choices = load_workbook(io.BytesIO(data))["choices"]
    assert {(r[0].value, r[1].value) for r in choices.iter_rows(min_row=2) if r[0].value == "audience"} == {
        ("audience", "adult"), ("audience", "child")}

    p = tmp_path / "form.xlsx"
    p.write_bytes(data)
    raw_back, back = import_bank(p)
    assert [q.id for q in back.questions] == [q.id for q in bank.questions]
    for q in bank.questions:
        b = back.question(q.id)
        assert (b.domain, b.profiles, b.audience, b.indicator) == (q.domain, q.profiles, q.audience, q.indicator)
    assert set(back.domains) == set(bank.domains) and set(back.profiles) == set(bank.profiles)
    assert back.domain_label("work", "cy") == bank.domain_label("work", "cy")
    assert back.profiles["families"] == bank.profiles["families"]
    for part in ("purpose", "guardian", "agree"):
        assert back.consent[part].values == bank.consent[part].values, part
    assert back.consent["guardian"].values != back.consent["purpose"].values
    assert back.reliability["housing"].value == 0.75 and back.reliability["housing"].source == "pilot"
    assert (back.id, back.version) == (bank.id, bank.version)
    assert back.form_text["title"].values == bank.form_text["title"].values
    assert back.select(None, "child") == tuple(back.question(q.id) for q in bank.select(None, "child"))


def test_xlsform_without_instance_audience_reads_it_from_relevant(tmp_path):
    bank = load()
    p = tmp_path / "form.xlsx"
    wb = load_workbook(io.BytesIO(export(bank, ["en", "cy"])))
    ws = wb["survey"]
    col = [c.value for c in ws[1]].index("instance::audience") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=col).value = None
    wb.save(p)
    _raw, back = import_bank(p)
    assert {q.id for q in back.questions if q.audience == "child"} == {q.id for q in bank.questions if q.audience == "child"}


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
