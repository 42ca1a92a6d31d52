import ibis
import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.errors import InputErrors
from perthyn.estimate.mapping import apply_mapping, load_mapping
from perthyn.estimate.schema import validate


def good():
    return pd.DataFrame({"person_id": ["a", "b", "c", "d"], "area_code": ["W06000015"] * 4,
                         "country_of_birth": ["GB", "PL", "IN", "GB"], "age": [30, 41, 7, 70],
                         "sex": ["female", "male", "female", "male"], "weight": [1.5, 2.0, 1.0, 3.0],
                         "strata": ["s1", "s1", "s2", "s2"], "psu": ["p1", "p2", "p3", "p4"]})


def problems(df, **kw):
    with pytest.raises(InputErrors) as err:
        validate(ibis.memtable(df), file="people.csv", **kw)
    return err.value.problems


def test_a_good_table_passes_and_nothing_is_dropped():
    assert validate(ibis.memtable(good()), file="people.csv")["rows"] == 4


def test_missing_and_mistyped_columns_are_named():
    df = good().drop(columns=["sex"]).assign(age=["30", "41", "7", "70"])
    found = {(p.column, p.message.split(" ")[0]) for p in problems(df)}
    assert ("sex", "required") in found and ("age", "column") in found
    assert all(p.file == "people.csv" and p.fix for p in problems(df))


def test_codes_weights_and_nesting_reported_with_counts_and_example_rows():
    df = good()
    df.loc[[1, 3], "sex"] = "M"
    df.loc[2, "weight"] = 0.0
    df.loc[3, "psu"] = "p1"          # p1 is in s1 and now in s2 too
    by_col = {p.column: p for p in problems(df)}
    assert by_col["sex"].count == 2 and by_col["sex"].rows == (2, 4) and "'M'" in by_col["sex"].message
    assert by_col["weight"].count == 1 and by_col["weight"].rows == (3,)
    assert by_col["psu"].count == 2 and by_col["psu"].rows == (1, 4) and "nested" in by_col["psu"].message


def aps_frame():
    return pd.DataFrame({"CASENO": [11, 12, 13], "UALADGB": ["W06000015"] * 3, "PWTA22": [250.0, 310.5, 120.0],
                         "AGE": [34, 12, 70], "SEX": [1, 2, 2], "CRY12": [924, 616, 356], "NATOX7": [926, 616, -9],
                         "CAMEYR": [-8, 2010, 1990], "ILODEFR": [2, 4, 3], "HIQUL22D": [1, -8, 6]})


def test_aps_mapping_recodes_by_hand():
    out = apply_mapping(load_mapping("aps"), ibis.memtable(aps_frame())).execute()
    assert out["sex"].tolist() == ["male", "female", "female"]
    assert out["country_of_birth"].tolist() == ["GB", "PL", "IN"]
    assert out["econ_activity"].tolist()[0] == "unemployed" and pd.isna(out["econ_activity"][1])
    assert out["highest_qualification"].tolist()[2] == "none"
    assert out["weight"].tolist() == [250.0, 310.5, 120.0]
    assert pd.isna(out["year_of_arrival"][0]) and out["year_of_arrival"][1] == 2010
    validate(apply_mapping(load_mapping("aps"), ibis.memtable(aps_frame())))


def test_unmapped_codes_and_absent_variables_are_errors_not_drops():
    df = aps_frame()
    df.loc[1, "SEX"] = 7
    with pytest.raises(InputErrors) as err:
        apply_mapping(load_mapping("aps"), ibis.memtable(df), file="aps.csv")
    p = err.value.problems[0]
    assert p.column == "SEX" and p.count == 1 and p.rows == (2,) and "aps.yaml" in p.fix
    with pytest.raises(InputErrors, match="AGE"):
        apply_mapping(load_mapping("aps"), ibis.memtable(aps_frame().drop(columns="AGE")))


def test_census_mapping_loads_and_recodes_booleans():
    m = load_mapping("census2021_microdata")
    df = pd.DataFrame({"resident_id_m": [1, 2], "la_code": ["W06000001"] * 2, "resident_age": [40, 2], "sex": [1, 2],
                       "country_of_birth": [826, 616], "year_arrival_uk": [-8, 2015], "occupancy_rating_bedrooms_6a": [4, 1],
                       "proficiency_english": [1, -8]})
    out = apply_mapping(m, ibis.memtable(df)).execute()
    assert out["overcrowded"].tolist() == [True, False] and out["sex"].tolist() == ["female", "male"]


def test_bad_mapping_file_is_reported_with_line(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("id: x\nsource: y\ncolumns:\n  sex: {from: S, codes: {1: man}}\n  shoe_size: {from: Z}\n")
    with pytest.raises(InputErrors) as err:
        load_mapping(f)
    lines = {p.line for p in err.value.problems}
    assert lines == {4, 5}


def test_cli_framework_writes_estimates_and_manifest(survey_file, tmp_path):
    from perthyn.estimate.framework_cli import framework

    res = CliRunner().invoke(framework, [str(survey_file), "--out", str(tmp_path), "--indicator", "overcrowding"])
    assert res.exit_code == 0, res.output
    est = pd.read_csv(tmp_path / "estimates.csv")
    import json
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert set(est.indicator_id) == {"overcrowding"} and est.synthetic.all()
    assert {"definition_version", "source", "period", "n", "ci_low", "suppressed"} <= set(est.columns)
    assert any(s["reason"].startswith("column(s) missing") for s in man["not_computed"])
    assert man["suppressed"]["rows"] == int(est.suppressed.sum())
    hidden = est[est.suppressed & (est.measure == "estimate")]
    assert hidden[["estimate", "se", "n"]].isna().all().all()
    bad = CliRunner().invoke(framework, [str(tmp_path / "none.parquet"), "--out", str(tmp_path)])
    assert bad.exit_code == 1 and "file not found" in bad.output
