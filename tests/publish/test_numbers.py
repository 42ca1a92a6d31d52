"""Numbers on the profiles against the raw bundled CSVs, read here with the csv module (not the loaders)."""

import pytest

from perthyn.publish.profile import build

from publish_raw import raw_lad, raw_quiz, raw_rows

WELSH_CODES = [r[0] for r in raw_rows("wales_la/wales_22_las.csv")[1:]]


def test_cardiff_born_outside_uk(cardiff_en):
    birth = cardiff_en.section("birth")
    assert "16.5% of usual residents of Cardiff were born outside the UK" in birth.intro
    assert "59,850 people" in birth.intro  # ONS LA count (quiz file), not an output-area sum
    assert raw_quiz("W06000015")["born_outside_UK_total"] in ("59850", "59850.0")
    assert "against 6.9% across Wales" in birth.intro
    table = birth.figures[0].table.table
    assert table.rows == (("Cardiff", 83.5, 16.5), ("Wales", 93.1, 6.9))


def test_ranking_matches_raw_order(cardiff_en):
    ranking = cardiff_en.section("birth").figures[1].table.table
    raw = raw_lad("country_of_birth_3a")
    expected = sorted(((raw[c][1], c) for c in WELSH_CODES), reverse=True)
    assert [r[2] for r in ranking.rows] == [v for v, _ in expected]
    assert ranking.rows[0][:2] == ("Cardiff", 1)
    assert ranking.rows[-1][0] == "Caerphilly" and ranking.rows[-1][2] == 2.9


@pytest.mark.parametrize("code", ["W06000001", "W06000022", "W06000024"])
@pytest.mark.parametrize("section,topic", [("passports", "passports_all_4a"), ("residence", "residence_length_6b"),
                                           ("language", "english_proficiency_4a")])
def test_topic_tables_equal_raw_rows(code, section, topic):
    profile = build(code, "en", estimates=None)
    table = profile.section(section).figures[0].table.table
    raw = raw_lad(topic)
    assert list(table.rows[0][1:]) == raw[code]
    assert list(table.rows[1][1:]) == raw["W92000004"]


def test_moves_from_abroad_beside_moves_within_uk(cardiff_en):
    raw = raw_lad("migrant_ind")["W06000015"]  # same, student, within UK, from abroad
    moves = cardiff_en.section("moves")
    bars = dict(moves.figures[0].table.table.rows)
    assert bars["Moved from outside the UK: Cardiff"] == raw[3] == 1.4
    assert bars["Moved within the UK: Cardiff"] == raw[2] == 13.0
    assert "1.4% of residents of Cardiff moved in from outside the UK and 13.0% moved from elsewhere" in moves.intro


def _aps_2021(code):
    rows = raw_rows("ons_aps_cob_la/birth_country_2021.csv", encoding="latin-1")
    row = next(r for r in rows if r and r[0] == code)
    return [v.replace(",", "") for v in row]


def test_aps_trend_share_and_interval_from_raw(cardiff_en):
    row = _aps_2021("W06000015")
    total, non_uk, ci = float(row[3]), float(row[7]), float(row[8])  # All, Non-UK estimate, Non-UK +/- CI
    trend = cardiff_en.section("trend").figures[0].table.table
    last = next(r for r in trend.rows if r[0] == "2021" and r[1] == "Cardiff")
    assert last[2] == pytest.approx(non_uk / total * 100)
    assert last[3] == pytest.approx((non_uk - ci) / total * 100)
    assert last[4] == pytest.approx((non_uk + ci) / total * 100)
    assert round(last[2], 1) == 13.7  # 51,000 of 373,000
    years = [r[0] for r in trend.rows if r[1] == "Cardiff"]
    assert years == ["2016", "2017", "2018", "2019", "2020", "2021"]


def test_aps_2016_is_in_thousands(cardiff_en):
    rows = raw_rows("ons_aps_cob_la/birth_country_2016.csv", encoding="latin-1")
    row = next(r for r in rows if r and r[0] == "W06000015")
    total, non_uk = float(row[2]), float(row[6])  # thousands
    first = next(r for r in cardiff_en.section("trend").figures[0].table.table.rows if r[0] == "2016")
    assert first[2] == pytest.approx(non_uk / total * 100)


def test_comparison_difference_and_rank(cardiff_en):
    table = cardiff_en.section("comparison").figures[0].table.table
    row = table.rows[0]
    assert row[1:4] == (16.5, 6.9, 9.6) and row[4] == 1
    passports = raw_lad("passports_all_4a")
    values = sorted((passports[c][1] for c in WELSH_CODES), reverse=True)
    assert table.rows[1][4] == values.index(passports["W06000015"][1]) + 1


def test_every_figure_names_source_and_period(cardiff_en):
    for section in cardiff_en.sections:
        for table in section.all_tables():
            assert table.sources, table.id
            for note in table.sources:
                d = note.describe("en")
                assert d["publisher"] and d["period"], table.id


def test_overview_ranks_all_22(overview_en):
    raw = raw_lad("country_of_birth_3a")
    chart = overview_en.sections[1].figures[0]
    assert len(chart.table.table.rows) == 22
    assert [r[2] for r in chart.table.table.rows] == sorted((raw[c][1] for c in WELSH_CODES), reverse=True)
    assert "Wales as a whole: 6.9%." in chart.chart.desc
    assert "Highest: Cardiff (16.5%); lowest: Caerphilly (2.9%)." in chart.chart.desc
    summary = overview_en.sections[0].tables[0].table
    assert len(summary.rows) == 22 and len(summary.columns) == 7


def test_english_authority_compared_with_england():
    profile = build("E08000025", "en", estimates=None)  # Birmingham
    raw = raw_lad("country_of_birth_3a")
    birth = profile.section("birth")
    assert f"{raw['E08000025'][1]}% of usual residents of Birmingham" in birth.intro
    assert f"against {raw['E92000001'][1]}% across England" in birth.intro


def test_aps_rounds_to_zero_has_no_interval():
    rows = raw_rows("ons_aps_cob_la/birth_country_2021.csv", encoding="latin-1")
    row = next(r for r in rows if r and r[0] == "W06000001")
    assert row[11] == "Rounds to 0"  # EU14 estimate for the Isle of Anglesey
    table = build("W06000001", "en", estimates=None).section("groups").figures[0].table.table
    eu14 = next(r for r in table.rows if r[0] == "Born in the EU14" and r[1] == "Isle of Anglesey")
    assert eu14[2] == 0.0 and eu14[3] is None and eu14[4] is None
    eu8 = next(r for r in table.rows if r[0] == "Born in the EU8" and r[1] == "Isle of Anglesey")
    assert row[13] == "Confidential" and eu8[2] is None  # withheld: no data, not zero
