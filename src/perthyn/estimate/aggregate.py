"""Indicators from published tables (no microdata), in the same output format, flagged input=aggregate.

Census 2021 percentages (a full count: no sampling error, so no interval; ONS protected the tables with
cell-key perturbation) and APS estimates with their published +/- 95% intervals (se = half-width / 1.96).
Which table stands for which indicator, and how its population differs, is data: mappings/aggregates.yaml.
They still pass through the disclosure gate; cells the publisher withheld stay hidden with its reason.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import yaml

from perthyn.disclosure import DisclosurePolicy, gate

from .framework_run import GROUP_COLS, OUTPUT, STATS, TOTAL

Z95 = 1.959963984540054


def spec() -> dict:
    text = resources.files("perthyn.definitions").joinpath("mappings").joinpath("aggregates.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _blank(n: int) -> dict:
    return {c: [TOTAL] * n for c in GROUP_COLS}


def census_rows(area_prefix: str = "W06") -> pd.DataFrame:
    from perthyn import data
    from perthyn.framework import load

    s = spec()["census2021"]
    fw = load()
    residents = data.census2021_wales().set_index("area_code")["usual_residents"]
    frames = []
    for item in s["items"]:
        t = data.census2021_lad(item["topic"])
        t = t[t.area_code.str.startswith(area_prefix)]
        codes = {f"{item['topic']}-{c}" for c in item["categories"]}
        pct = t[t.category_code.isin(codes)].groupby("area_code")["percent"].sum()
        prov = t.attrs.get("provenance", {})
        if item.get("context"):
            label, domain, unit, version = item["label"]["en"], "context", "percent", "1"
        else:
            ind = fw.indicator(item["indicator_id"])
            label, domain, unit, version = ind.label.en, ind.domain, ind.definition.unit, ind.version or fw.version
        n = len(pct)
        frames.append(pd.DataFrame({
            "indicator_id": item["indicator_id"], "label": label, "domain": domain, "kind": "proportion", "unit": unit,
            "definition_version": version, "source": f"{s['source']}: {prov.get('source', '')} ({prov.get('table', '')})",
            "period": s["period"], "input": "aggregate", "synthetic": False, "grouping": "area_code", "measure": "estimate",
            **_blank(n), "area_code": pct.index, "estimate": pct.to_numpy() / 100, "se": np.nan, "ci_low": np.nan,
            "ci_high": np.nan, "df": np.nan, "deff": np.nan, "n": residents.reindex(pct.index).to_numpy(),
            "n_weighted": residents.reindex(pct.index).to_numpy(), "flag": "", "note": item["note"]["en"]}))
    return pd.concat(frames, ignore_index=True)


def aps_rows(year: int = 2021, area_prefix: str = "W06") -> pd.DataFrame:
    from perthyn import data

    s = spec()["aps"]
    t = data.aps_country_of_birth(year)
    t = t[t.area_code.str.startswith(area_prefix) & t.group.isin(list(s["groups"]))].reset_index(drop=True)
    prov = t.attrs.get("provenance", {})
    n = len(t)
    rows = pd.DataFrame({
        "indicator_id": s["indicator_id"], "label": s["label"]["en"], "domain": "context", "kind": "total",
        "unit": "people", "definition_version": "1", "source": f"{s['source']}: {prov.get('source', '')}",
        "period": prov.get("period", str(year)), "input": "aggregate", "synthetic": False, "grouping": "area_code+migrant_group",
        "measure": "estimate", **_blank(n)})
    rows["area_code"] = t["area_code"]
    rows["migrant"] = "true"
    rows["migrant_group"] = t["group"].map(s["groups"]).fillna(TOTAL)
    rows["estimate"] = t["estimate"]
    rows["se"] = t["ci"] / Z95
    rows["ci_low"], rows["ci_high"] = t["ci_low"], t["ci_high"]
    rows["df"], rows["deff"] = np.nan, np.nan
    rows["n"] = np.nan          # APS tables give no unweighted counts
    rows["n_weighted"] = t["estimate"]
    rows["flag"] = t["status"].fillna("")
    rows["note"] = s["note"]["en"]
    return rows


def aggregate_estimates(*, year: int = 2021, area_prefix: str = "W06",
                        policy: DisclosurePolicy | None = None) -> pd.DataFrame:
    """Census 2021 and APS rows for the areas, gated; publisher-withheld cells flagged with its reason."""
    policy = policy or DisclosurePolicy()
    census = census_rows(area_prefix)
    g = gate(census, policy=DisclosurePolicy(policy.threshold, None, False), n_col="n",
             value_cols=["estimate", "n_weighted"], group_cols=["area_code"], table_cols=["indicator_id"]).table
    aps = aps_rows(year, area_prefix)
    withheld = aps["estimate"].isna()
    aps["suppressed"] = withheld
    aps["suppression_reason"] = np.where(withheld, "withheld by the publisher (ONS: " + aps["flag"].astype(str) + ")", "")
    out = pd.concat([g, aps], ignore_index=True)
    return out[OUTPUT + GROUP_COLS + STATS + ["flag", "suppressed", "suppression_reason", "note"]]
