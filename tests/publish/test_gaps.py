"""A missing table leaves a clearly marked gap: words in the profile, never a blank chart or a zero."""

import re

from perthyn.publish import render, sources
from perthyn.publish.profile import build


def test_welsh_language_table_not_bundled_is_a_marked_gap(cardiff_en):
    language = cardiff_en.section("language")
    assert len(language.gaps) == 1
    assert "Welsh language skills (TS032)" in language.gaps[0].text
    assert "not a zero" in language.gaps[0].text
    assert all("TS032" not in f.chart.title and "Welsh language" not in f.chart.title for f in language.figures)


def test_missing_topic_gives_gap_section_without_chart(monkeypatch):
    real = sources.census_shares

    def without_passports(topic):
        return None if topic == "passports" else real(topic)

    monkeypatch.setattr(sources, "census_shares", without_passports)
    profile = build("W06000011", "cy", estimates=None)
    section = profile.section("passports")
    assert section.figures == () and len(section.gaps) == 1
    assert "Pasbortau a ddelir (TS005)" in section.gaps[0].text and "nid sero" in section.gaps[0].text
    html = render.profile_html(profile, standalone=False)
    block = html[html.index('id="passports"'):html.index('id="residence"')]
    assert 'class="gap"' in block and "<svg" not in block and not re.search(r"\b0\.0%", block)
    # the comparison simply leaves the measure out rather than printing a zero for it
    comparison = profile.section("comparison").figures[0].table.table
    assert not any("Pasbort" in r[0] for r in comparison.rows)


def test_area_missing_from_a_table_is_a_gap(monkeypatch):
    real = sources.census_shares

    def drop_area(topic):
        frame = real(topic)
        return frame.drop(index="W06000019") if topic == "residence_length" and frame is not None else frame

    monkeypatch.setattr(sources, "census_shares", drop_area)
    section = build("W06000019", "en", estimates=None).section("residence")
    assert section.figures == () and "Length of residence in the UK (TS016)" in section.gaps[0].text


def test_withheld_aps_years_are_no_data_not_zero():
    profile = build("W06000001", "en", estimates=None)  # Isle of Anglesey: small APS sample
    trend = profile.section("trend")
    rows = [r for r in trend.figures[0].table.table.rows if r[1] == "Isle of Anglesey"] if trend.figures else []
    for r in rows:
        assert r[2] is None or r[2] > 0


def test_no_dashboard_estimates_is_a_gap(cardiff_en):
    dash = cardiff_en.section("dashboard")
    assert dash.figures == () and dash.gaps
