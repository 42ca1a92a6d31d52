"""The indicator dashboard: estimate output read, scaled to percentages, gated, labelled synthetic or not."""

import pandas as pd
import pytest

from perthyn.errors import InputErrors
from perthyn.publish.estimates import from_output
from perthyn.publish.profile import build

ROWS = [
    # indicator, measure, migrant, area, estimate, ci_low, ci_high, n  (the estimate job's estimates.csv layout)
    ("employment_rate", "estimate", "true", "W06000015", 0.72, 0.67, 0.77, 495),
    ("employment_rate", "estimate", "false", "W06000015", 0.63, 0.60, 0.65, 1659),
    ("employment_rate", "estimate", "all", "W06000015", 0.65, 0.63, 0.67, 2154),
    ("employment_rate", "gap", "true - false", "W06000015", 0.09, 0.04, 0.15, 2154),
    ("overcrowding", "estimate", "true", "W06000015", 0.10, 0.02, 0.18, 6),  # too few people: must be hidden
    ("overcrowding", "estimate", "false", "W06000015", 0.02, 0.01, 0.03, 900),
    ("overcrowding", "gap", "true - false", "W06000015", 0.08, 0.0, 0.16, 906),
    ("employment_rate", "estimate", "true", "W06000022", 0.70, 0.65, 0.75, 300),
]


def write_output(directory, synthetic=False):
    frame = pd.DataFrame(ROWS, columns=["indicator_id", "measure", "migrant", "area_code", "estimate", "ci_low",
                                        "ci_high", "n"])
    frame["grouping"] = "area_code"
    frame["unit"] = "percent"
    frame["synthetic"] = synthetic
    frame.to_csv(directory / "estimates.csv", index=False)
    (directory / "manifest.json").write_text('{"synthetic": %s}' % ("true" if synthetic else "false"))
    return directory


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


def test_area_without_estimates_says_so(tmp_path):
    section = build("W06000001", "en", estimates=from_output(write_output(tmp_path))).section("dashboard")
    assert section.figures == () and "No indicator estimates are available for Isle of Anglesey" in section.intro


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
