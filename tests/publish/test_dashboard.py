"""The indicator dashboard: estimate output read, scaled to percentages, gated, labelled synthetic or not."""

import re
from html import unescape

import pandas as pd
import pytest

from perthyn.errors import InputErrors
from perthyn.publish import render
from perthyn.publish.estimates import from_output
from perthyn.publish.profile import build

from estimate_output import write_output


def test_dashboard_from_own_microdata_output(tmp_path):
    estimates = from_output(write_output(tmp_path))
    assert not estimates.synthetic
    section = build("W06000015", "en", estimates=estimates).section("dashboard")
    assert "computed from the microdata supplied" in section.banner and "SYNTHETIC" not in section.banner
    table = section.figures[0].table.table
    rows = {(r[0], r[1]): r for r in table.rows}
    employed = rows[("Employment rate", "Migrants (born outside the UK)")]
    assert employed[2:5] == pytest.approx((72.0, 67.0, 77.0)) and employed[5] == 495
    hidden = rows[("Overcrowding", "Migrants (born outside the UK)")]
    assert hidden[2] is None or pd.isna(hidden[2])  # n = 6 < 10: hidden by the disclosure gate
    assert "No data" in section.figures[0].chart.svg
    assert section.notes and "hidden by disclosure control" in section.notes[0]
    gaps = {r[0]: r for r in section.tables[0].table.rows}
    assert gaps["Employment rate"][1] == pytest.approx(72.0 - 63.0)
    assert gaps["Employment rate"][2:] == pytest.approx((4.0, 15.0))
    assert pd.isna(gaps["Overcrowding"][1]) or gaps["Overcrowding"][1] is None  # one side hidden: gap hidden
    assert section.figures[0].table.from_microdata


def test_synthetic_output_is_labelled(tmp_path):
    estimates = from_output(write_output(tmp_path, synthetic=True))
    profile = build("W06000015", "cy", estimates=estimates)
    assert profile.synthetic
    assert profile.section("dashboard").banner.startswith("DATA SYNTHETIG")


def test_area_without_estimates_is_a_marked_gap(tmp_path):
    estimates = from_output(write_output(tmp_path, source="council_survey_2023"))
    profile = build("W06000001", "en", estimates=estimates)
    section = profile.section("dashboard")
    assert section.figures == () and section.tables == () and not section.banner
    assert len(section.gaps) == 1
    assert "no indicator estimates for Isle of Anglesey" in section.gaps[0].text
    assert "council_survey_2023" in section.gaps[0].text and "not a zero" in section.gaps[0].text
    html = render.profile_html(profile, standalone=False)
    block = re.search(r'<section class="profile-section dashboard".*?</section>', html, flags=re.S).group(0)
    assert '<div class="gap" role="note"><strong>Data gap:</strong>' in block


@pytest.mark.parametrize("lang,banner,gap", [
    ("en", "SYNTHETIC DATA", "no indicator estimates for Birmingham"),
    ("cy", "DATA SYNTHETIG", "nid oes ynddo amcangyfrifon dangosyddion ar gyfer Birmingham"),
])
def test_english_authority_under_synthetic_default_is_a_marked_gap_not_a_synthetic_banner(lang, banner, gap):
    """The synthetic microdata simulate Welsh residents only: an English profile shows the gap, unlabelled."""
    profile = build("E08000025", lang)  # the default estimates
    section = profile.section("dashboard")
    assert section.figures == () and not section.banner and section.sources == ()
    assert len(section.gaps) == 1 and gap in section.gaps[0].text
    assert not profile.synthetic
    html = unescape(render.profile_html(profile))
    block = re.search(r'<section class="profile-section dashboard".*?</section>', html, flags=re.S).group(0)
    assert 'class="gap"' in block
    assert banner not in html and 'class="synthetic-label"' not in html


def test_own_estimates_are_labelled_with_their_source(tmp_path):
    estimates = from_output(write_output(tmp_path, source="council_survey_2023", period="2023"))
    assert estimates.source == "council_survey_2023" and estimates.period == "2023" and not estimates.synthetic
    for lang, word in (("en", "source: council_survey_2023"), ("cy", "ffynhonnell: council_survey_2023")):
        profile = build("W06000015", lang, estimates=estimates)
        section = profile.section("dashboard")
        assert word in section.banner and str(tmp_path) not in section.banner
        assert not profile.synthetic
        (note,) = section.sources
        described = note.describe(lang)
        assert "council_survey_2023" in described["title"] and described["period"] == "2023"
        assert "synthetic" not in described["publisher"].lower() + described["title"].lower()
        html = unescape(render.profile_html(profile))
        assert "SYNTHETIC" not in html and "SYNTHETIG" not in html
        assert "council_survey_2023" in html


def test_bad_output_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputErrors) as err:
        from_output(tmp_path)
    assert "estimates.csv" in str(err.value) and "perthyn estimate framework" in str(err.value)
    pd.DataFrame({"indicator_id": ["x"]}).to_csv(tmp_path / "estimates.csv", index=False)
    with pytest.raises(InputErrors) as err:
        from_output(tmp_path)
    assert "column 'estimate'" in str(err.value)


def test_default_dashboard_runs_the_estimate_job_on_synthetic_data():
    from perthyn.publish.estimates import synthetic_default

    estimates = synthetic_default()
    assert estimates is not None and estimates.synthetic
    cardiff = estimates.frame[estimates.frame["area_code"] == "W06000015"]
    assert set(cardiff["group"]) == {"migrant", "non_migrant"}
    shown = cardiff["estimate"].dropna()
    assert len(shown) >= 4 and shown.between(0, 100).all()
    profile = build("W06000015", "en")  # the default: synthetic estimates, labelled
    assert profile.synthetic and profile.section("dashboard").banner.startswith("SYNTHETIC DATA")


def test_default_dashboard_keeps_to_the_core_set():
    from perthyn.framework import load
    from perthyn.publish.estimates import synthetic_default

    est = synthetic_default()
    shown = set(est.frame["indicator_id"])
    core = {i.id for i in load().core}
    assert shown and shown <= core
    assert "no_qualifications" not in shown  # the synthetic data support it, but it is not in the core set
