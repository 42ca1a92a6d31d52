"""COINr's ASEM example through the full pipeline, with values checked by an independent numpy
computation straight from the raw CSVs."""

import csv

import numpy as np
import pytest
from click.testing import CliRunner

from perthyn import composite as c
from perthyn.cli import main
from perthyn.composite.pipeline import load_spec, run_pipeline


def _raw(idata, imeta):
    with open(imeta, newline="") as f:
        meta = list(csv.DictReader(f))
    with open(idata, newline="") as f:
        rows = list(csv.DictReader(f))
    return meta, rows


def _num(v):
    return np.nan if v in ("", "NA") else float(v)


def _sk(x):
    x = x[~np.isnan(x)]
    n = len(x)
    d = x - x.mean()
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    g1, g2 = m3 / m2**1.5, m4 / m2**2 - 3
    return g1 * np.sqrt(n * (n - 1)) / (n - 2), ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


def _fails(x):
    s, k = _sk(x)
    return abs(s) >= 2 and k >= 3.5


def _coinr_treat(x, winmax=5):
    if not _fails(x):
        return x
    y, done = x.copy(), 0
    while done < winmax:
        hi = _sk(y)[0] >= 0
        ext = np.nanmax(y) if hi else np.nanmin(y)
        at = y == ext
        others = y[~at & ~np.isnan(y)]
        y[at] = others.max() if hi else others.min()
        done += at.sum()
        if not _fails(y):
            return y
    lo, top = np.nanmin(x), np.nanmax(x)
    a = 0.01 * (top - lo)
    return np.log(x - lo + a) if _sk(x)[0] >= 0 else -np.log(top + a - x)


def test_asem_reads_with_its_framework(asem_paths):
    coin = c.read_coin(*asem_paths)
    assert coin.get().shape == (51, 49)
    assert len(coin.level_codes(2)) == 8 and coin.level_codes(3) == ["Conn", "Sust"] and coin.top == "Index"
    assert set(coin.denominators.columns) == {"Area", "Energy", "GDP", "Population"}


def test_asem_denominate_minmax_amean_matches_numpy(asem_paths):
    idata, imeta = asem_paths
    coin = c.read_coin(idata, imeta)
    c.denominate(coin)
    c.normalise(coin, method="minmax")
    c.aggregate(coin)
    res = coin.results().set_index("uCode")

    meta, rows = _raw(idata, imeta)
    inds = [m for m in meta if m["Type"] == "Indicator"]
    units = [r["uCode"] for r in rows]
    norm = {}
    for m in inds:
        x = np.array([_num(r[m["iCode"]]) for r in rows])
        if m["Denominator"]:
            x = x / np.array([_num(r[m["Denominator"]]) for r in rows])
        x = x * float(m["Direction"])
        norm[m["iCode"]] = (x - np.nanmin(x)) / (np.nanmax(x) - np.nanmin(x)) * 100
    def level(codes_by_parent, values):
        out = {}
        for parent, kids in codes_by_parent.items():
            stack = np.column_stack([values[k] for k in kids])
            out[parent] = np.nanmean(stack, axis=1)  # equal weights in ASEM
        return out
    def kids_of(level_no):
        groups = {}
        for m in meta:
            if m["Level"] == str(level_no):
                groups.setdefault(m["Parent"], []).append(m["iCode"])
        return groups
    pillars = level(kids_of(1), norm)
    subs = level(kids_of(2), pillars)
    index = level(kids_of(3), subs)["Index"]
    for unit in ("AUT", "CHN", "NZL", "MNG"):
        i = units.index(unit)
        assert res.loc[unit, "Index"] == pytest.approx(index[i], rel=1e-10)
        assert res.loc[unit, "P2P"] == pytest.approx(pillars["P2P"][i], rel=1e-10)
    order = np.argsort(-index)
    assert res["Rank"].idxmin() == units[order[0]]


def test_asem_full_pipeline_from_yaml(asem_paths, tmp_path):
    idata, imeta = asem_paths
    spec = tmp_path / "asem.yaml"
    spec.write_text(f"""
idata: {idata}
imeta: {imeta}
steps:
  - denominate: {{}}
  - impute: {{method: mean_group, group: EurAsia_group}}
  - screen: {{dat_thresh: 0.66}}
  - treat: {{winmax: 5}}
  - normalise: {{method: minmax, range: [0, 100]}}
  - aggregate: {{method: amean}}
analyse: true
""")
    coin = run_pipeline(load_spec(spec))
    assert {"Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"} <= set(coin.data)
    treated = coin.logs["Treated"].set_index("iCode")
    # every indicator that failed the check was treated and now passes or was log-transformed
    failing = treated[~treated["passed_before"]]
    assert len(failing) > 5
    assert ((failing["n_winsorised"] > 0) | failing["log_transformed"]).all()
    # treatment re-done independently for every indicator, from the screened data, with the
    # skew/kurtosis formulas written out and COINr's rule (Winsorise up to 5 points, else log)
    screened = coin.get("Screened")
    for code in coin.indicators:
        x = screened[code].to_numpy(dtype=float)
        expected = _coinr_treat(x)
        assert np.allclose(coin.get("Treated")[code].to_numpy(), expected, equal_nan=True), code
    # group mean imputation used Europe/Asia means of the denominated data
    imp = coin.logs["Imputed"].iloc[0]
    den = coin.get("Denominated")
    grp = coin.units["EurAsia_group"]
    peers = den.loc[grp == grp[imp["uCode"]], imp["iCode"]]
    assert imp["value"] == pytest.approx(np.nanmean(peers.to_numpy()))
    assert coin.analysis["effective_weights"].loc["Index", "EffectiveWeight"] == 1.0


def test_build_command_writes_results_and_every_table(asem_paths, tmp_path):
    idata, imeta = asem_paths
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["index", "build", "--idata", str(idata), "--imeta", str(imeta), "--impute", "mean",
                                  "--normalise", "minmax", "--range", "1,100", "--aggregate", "gmean",
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    import pandas as pd

    res = pd.read_csv(out / "results.csv")
    assert res.columns[0] == "uCode" and res.columns[-1] == "Rank"
    assert {"LPI", "Physical", "Conn", "Index"} <= set(res.columns)
    assert res["Rank"].min() == 1 and res[["LPI", "NEET"]].min().min() >= 1
    for name in ("data_Raw.csv", "data_Denominated.csv", "data_Imputed.csv", "data_Normalised.csv",
                 "data_Aggregated.csv", "iMeta.csv"):
        assert (out / name).exists()
