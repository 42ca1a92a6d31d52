"""Defects found by the audit, each checked against values worked out by hand."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from perthyn import composite as c
from perthyn.composite.uncertainty import UncertaintySpec, run_sensitivity, run_uncertainty
from perthyn.errors import InputErrors

from composite_helpers import meta_row


def _problems(write_coin, data, meta):
    d, m = write_coin(data, meta)
    with pytest.raises(InputErrors) as info:
        c.read_coin(d, m)
    return info.value.problems, m


# --- denominate -------------------------------------------------------------------------------

def test_zero_denominator_gives_missing_and_a_warning_naming_unit_and_indicator(write_coin):
    data = [{"uCode": "A", "x": 10, "pop": 2}, {"uCode": "B", "x": 9, "pop": 0},
            {"uCode": "C", "x": 0, "pop": 0}, {"uCode": "D", "x": None, "pop": 0}]
    meta = [meta_row(1, "x", "I", Denominator="pop"), meta_row(2, "I", None), {"iCode": "pop", "Type": "Denominator"}]
    coin = c.read_coin(*write_coin(data, meta))
    with pytest.warns(UserWarning, match="denominate"):
        c.denominate(coin)
    x = coin.get("Denominated")["x"]
    assert x["A"] == 5                                   # 10 / 2
    assert x[["B", "C", "D"]].isna().all()               # 9 / 0 and 0 / 0: missing, not inf
    assert not np.isinf(x.to_numpy(dtype=float)).any()
    (message,) = [w for w in coin.warnings if w.startswith("denominate")]
    assert "'x'" in message and "B, C" in message and "'pop'" in message
    assert "D" not in message.split("unit(s)")[1].split(":")[0]  # D was missing already


# --- export -----------------------------------------------------------------------------------

def test_export_writes_units_with_groups_and_denominators(write_coin, tmp_path):
    data = [{"uCode": "A", "uName": "Alpha", "grp": "x", "v": 10, "pop": 2},
            {"uCode": "B", "uName": "Beta", "grp": "y", "v": 9, "pop": 3}]
    meta = [meta_row(1, "v", "I", Denominator="pop"), meta_row(2, "I", None),
            {"iCode": "pop", "Type": "Denominator"}, {"iCode": "grp", "Type": "Group"}]
    coin = c.read_coin(*write_coin(data, meta))
    names = {p.name for p in coin.export(tmp_path / "out")}
    assert {"units.csv", "denominators.csv"} <= names
    units = pd.read_csv(tmp_path / "out" / "units.csv")
    assert list(units.columns) == ["uCode", "uName", "grp"]
    assert units.values.tolist() == [["A", "Alpha", "x"], ["B", "Beta", "y"]]
    den = pd.read_csv(tmp_path / "out" / "denominators.csv")
    assert list(den.columns) == ["uCode", "pop"] and den["pop"].tolist() == [2, 3]


def test_export_without_denominators_writes_no_denominators_file(small, tmp_path):
    coin = c.read_coin(*small)
    names = {p.name for p in coin.export(tmp_path / "out")}
    assert "units.csv" in names and "denominators.csv" not in names
    units = pd.read_csv(tmp_path / "out" / "units.csv")
    assert units.to_dict("list") == {"uCode": ["A", "B", "C", "D"], "uName": ["Alpha", "Beta", "Gamma", "Delta"],
                                     "grp": ["x", "x", "y", "y"]}


# --- read -------------------------------------------------------------------------------------

DATA = [{"uCode": "A", "i1": 1, "i2": 2}, {"uCode": "B", "i1": 3, "i2": 4}]


def test_more_than_one_top_level_aggregate_is_refused(write_coin):
    meta = [meta_row(1, "i1", "P"), meta_row(1, "i2", "Q"), meta_row(2, "P", None), meta_row(2, "Q", None)]
    ps, m = _problems(write_coin, DATA, meta)
    (p,) = ps
    assert p.file == str(m) and p.row == 4 and p.line == 5 and p.column == "Level"
    assert "'Q'" in p.message and "'P'" in p.message


def test_fractional_level_is_refused_not_truncated(write_coin):
    # 1.5 -> 2.5 is "one level up", so only the whole-number check catches it (it used to become 1 -> 2)
    meta = [meta_row(1.5, "i1", "P", kind="Indicator"), meta_row(1.5, "i2", "P", kind="Indicator"),
            meta_row(2.5, "P", None)]
    ps, m = _problems(write_coin, DATA, meta)
    assert {(p.row, p.column) for p in ps} == {(1, "Level"), (2, "Level"), (3, "Level")}
    assert all(p.file == str(m) for p in ps)
    assert "1.5" in ps[0].message and "whole number" in ps[0].message


def test_missing_goalposts_name_the_imeta_row(write_coin):
    # a Group row comes first, so the file row differs from the position among indicators
    data = [{"uCode": "A", "grp": "g", "i1": 1, "i2": 2}, {"uCode": "B", "grp": "h", "i1": 3, "i2": 4}]
    meta = [{"iCode": "grp", "Type": "Group"},
            meta_row(1, "i1", "P", goalpost_lower=0, goalpost_upper=10),
            meta_row(1, "i2", "P"),
            meta_row(2, "P", None)]
    d, m = write_coin(data, meta)
    coin = c.read_coin(d, m)
    with pytest.raises(InputErrors) as info:
        c.normalise(coin, method="goalposts")
    found = {(p.row, p.line, p.column) for p in info.value.problems}
    assert found == {(3, 4, "goalpost_lower"), (3, 4, "goalpost_upper")}
    assert "row 3" in str(info.value) and str(m) in str(info.value)


# --- PCA --------------------------------------------------------------------------------------

def test_pca_drops_an_entirely_missing_column_and_names_it():
    # a and b: r = 4 / 5 = 0.8, so the correlation matrix has eigenvalues 1.8 and 0.2
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 3, 2, 4], "c": [np.nan] * 4})
    with pytest.warns(UserWarning, match=r"pca: left out c \(missing for every unit\)"):
        explained, loadings = c.pca(frame)
    assert explained["eigenvalue"].tolist() == pytest.approx([1.8, 0.2])
    assert explained["explained"].tolist() == pytest.approx([0.9, 0.1])
    assert list(loadings.index) == ["a", "b"]
    assert loadings["PC1"].tolist() == pytest.approx([1 / math.sqrt(2)] * 2)


def test_analyse_pca_survives_a_constant_indicator(write_coin):
    data = [{"uCode": u, "i1": a, "i2": b, "i3": 7} for u, a, b in zip("ABCD", [1, 2, 3, 4], [1, 3, 2, 4])]
    meta = [meta_row(1, "i1", "Index"), meta_row(1, "i2", "Index"), meta_row(1, "i3", "Index"),
            meta_row(2, "Index", None)]
    coin = c.read_coin(*write_coin(data, meta))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c.normalise(coin)          # i3 is constant: missing for every unit
        c.aggregate(coin)
        c.analyse(coin)
    assert coin.analysis["pca_explained"]["eigenvalue"].tolist() == pytest.approx([1.8, 0.2])
    assert list(coin.analysis["pca_loadings"].index) == ["i1", "i2"]
    assert any(w.startswith("pca: left out i3") for w in coin.warnings)


# --- uncertainty ------------------------------------------------------------------------------

def test_unit_without_a_top_level_score_has_a_missing_nominal_rank(write_coin):
    data = [{"uCode": "A", "i1": 1, "i2": 1}, {"uCode": "B", "i1": 2, "i2": 2},
            {"uCode": "C", "i1": None, "i2": None}]
    meta = [meta_row(1, "i1", "Index"), meta_row(1, "i2", "Index"), meta_row(2, "Index", None)]
    coin = c.read_coin(*write_coin(data, meta))
    spec = UncertaintySpec(replications=20, weight_noise=0.0, normalisations=("minmax",), aggregations=("amean",),
                           imputation=(False,), nominal={"normalisation": "minmax", "aggregation": "amean",
                                                         "imputation": False})
    t = run_uncertainty(coin, "Raw", spec).table.set_index("uCode")
    assert str(t["nominal_rank"].dtype) == "Int64"
    assert t.loc["B", "nominal_rank"] == 1 and t.loc["A", "nominal_rank"] == 2
    assert t.loc["C", "nominal_rank"] is pd.NA


@pytest.fixture
def complete(write_coin):
    data = [{"uCode": u, "i1": a, "i2": b} for u, a, b in zip("ABCD", [1, 2, 3, 4], [4, 1, 3, 2])]
    meta = [meta_row(1, "i1", "Index"), meta_row(1, "i2", "Index"), meta_row(2, "Index", None)]
    return c.read_coin(*write_coin(data, meta))


@pytest.mark.filterwarnings("ignore:Constant values encountered")  # SALib, on this tiny example
def test_imputation_factor_on_complete_data_warns(complete):
    with pytest.warns(UserWarning, match="no missing indicator values"):
        run_uncertainty(complete, "Raw", UncertaintySpec(replications=10))
    assert sum("imputation on/off factor changes nothing" in w for w in complete.warnings) == 1
    with pytest.warns(UserWarning, match="no missing indicator values"):
        run_sensitivity(complete, "Raw", UncertaintySpec(), n=8)


def test_imputation_factor_does_not_warn_when_it_matters_or_is_fixed(complete, write_coin):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_uncertainty(complete, "Raw", UncertaintySpec(replications=10, imputation=(True,)))
    data = [{"uCode": "A", "i1": 1, "i2": None}, {"uCode": "B", "i1": 2, "i2": 3}, {"uCode": "C", "i1": 3, "i2": 1}]
    meta = [meta_row(1, "i1", "Index"), meta_row(1, "i2", "Index"), meta_row(2, "Index", None)]
    gappy = c.read_coin(*write_coin(data, meta, name="gappy"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_uncertainty(gappy, "Raw", UncertaintySpec(replications=10))
    assert not gappy.warnings
