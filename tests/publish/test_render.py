"""Rendered pages: every chart is an accessible SVG with its data table beside it; Welsh reads as Welsh."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from perthyn.publish import render
from perthyn.publish.content import content
from perthyn.publish.site import build_all
from perthyn.publish.welsh import and_place, in_place

SVG = "{http://www.w3.org/2000/svg}"
MUTATED = {"area": {"area", "in_area"}, "comp": {"comp", "and_comp"}}


def figures(html):
    return re.findall(r"<figure class=\"chart-figure.*?</figure>", html, flags=re.S)


@pytest.mark.parametrize("fixture", ["cardiff_en", "cardiff_cy", "overview_en"])
def test_each_chart_has_title_desc_and_matching_table(request, fixture):
    doc = request.getfixturevalue(fixture)
    html = render.profile_html(doc, standalone=False)
    found = figures(html)
    assert len(found) == sum(len(s.figures) for s in doc.sections) > 0
    for fig, model in zip(found, [f for s in doc.sections for f in s.figures]):
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", fig, flags=re.S).group(0))
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("role") == "img" and title.text == model.chart.title and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        caption = unescape(re.search(r"<caption>(.*?)</caption>", fig).group(1))
        assert model.chart.title in caption
        body_rows = re.findall(r"<tbody>(.*?)</tbody>", fig, flags=re.S)[0].count("<tr>")
        assert body_rows == len(model.table.table.rows)


def test_every_number_has_its_source_line(cardiff_en):
    html = unescape(render.profile_html(cardiff_en, standalone=False))
    sections = re.findall(r'<section class="profile-section.*?</section>', html, flags=re.S)
    for block in sections:
        if "<figure" in block or "<table" in block:
            assert 'class="provenance">Source:' in block and "Period:" in block
    assert "Census Day, 21 March 2021" in html and "Year to June 2021" in html


def test_content_is_complete_in_welsh():
    def walk(node, path):
        if isinstance(node, dict) and "en" in node:
            assert node.get("cy"), f"no Welsh for {path}"
            if node["en"].strip() not in ("Excel",):  # a product name; the publisher "Perthyn" alone is not Welsh
                assert node["cy"] != node["en"] or len(node["en"]) < 12, f"Welsh identical to English at {path}"
            welsh = set(re.findall(r"\{(\w+)\}", node["cy"]))
            for name in re.findall(r"\{(\w+)\}", node["en"]):  # Welsh may use the mutated form of a place name
                assert welsh & MUTATED.get(name, {name}), f"{path}: {{{name}}} missing in Welsh"
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(content(), "content")


def test_every_source_publisher_has_its_own_welsh_name():
    for source_id, source in content()["sources"].items():
        publisher = source["publisher"]
        assert publisher.get("cy") and publisher["cy"] != publisher["en"], source_id
    assert content()["sources"]["synthetic"]["publisher"]["cy"] == "Cynhyrchydd data synthetig Perthyn"


def test_welsh_profile_has_no_english_headings(cardiff_en, cardiff_cy):
    for en, cy in zip(cardiff_en.sections, cardiff_cy.sections):
        assert en.heading != cy.heading
        for fe, fc in zip(en.figures, cy.figures):
            assert fe.chart.title != fc.chart.title
            assert [c.label for c in fe.table.table.columns] != [c.label for c in fc.table.table.columns]
    html = unescape(render.profile_html(cardiff_cy))
    for english in ("Source:", "Period:", "Estimate", "No data", "Born outside the UK", "Data gap"):
        assert english not in html, english
    assert "21 Mawrth 2021" in html and "Ffynhonnell:" in html


@pytest.mark.parametrize("name,expected", [
    ("Caerdydd", "yng Nghaerdydd"), ("Powys", "ym Mhowys"), ("Torfaen", "yn Nhorfaen"),
    ("Blaenau Gwent", "ym Mlaenau Gwent"), ("Gwynedd", "yng Ngwynedd"), ("Merthyr Tudful", "ym Merthyr Tudful"),
    ("Bro Morgannwg", "ym Mro Morgannwg"), ("Pen-y-bont ar Ogwr", "ym Mhen-y-bont ar Ogwr"),
    ("Rhondda Cynon Taf", "yn Rhondda Cynon Taf"), ("Wrecsam", "yn Wrecsam"), ("Ynys Môn", "yn Ynys Môn"),
])
def test_nasal_mutation_after_yn(name, expected):
    assert in_place(name) == expected


def test_aspirate_mutation_and_english_names_untouched():
    assert and_place("Cymru") == "Chymru" and and_place("Lloegr") == "Lloegr"
    assert in_place("Birmingham", welsh_name=False) == "yn Birmingham"


def test_site_build_writes_linked_html(tmp_path):
    results = build_all(tmp_path, langs=("cy",), codes=["W06000022"], jobs=1, formats=("html",))
    assert {(c, lang) for c, lang, _ in results} == {("W06000022", "cy"), ("overview", "cy")}
    html = (tmp_path / "cy" / "W06000022.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\.\./opendata/cy/w06000022/[^"]+)"', html)
    assert links and all((tmp_path / "cy" / link).exists() for link in links)
    assert (tmp_path / "perthyn-opendata.zip").exists()
    assert not list(tmp_path.rglob(".*.part"))
