"""Irish Census 2016 by local authority (CSO SAPS, 31 authorities): nationality, birthplace, migration, English."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from perthyn.data.files import attach, number, read_rows, require_columns
from perthyn.errors import Collector

SAPS = "ireland_cso2016/SAPS2016_CTY31.csv"
# T2_1 nationality: Irish, UK, Polish, Lithuanian, other EU28, rest of world, not stated, total
NON_IRISH = ("T2_1UKN", "T2_1PLN", "T2_1LTN", "T2_1EUN", "T2_1RWN")
BORN_ABROAD = ("T2_1UKBP", "T2_1PLBP", "T2_1LTBP", "T2_1EUBP", "T2_1RWBP")
COLUMNS = {
    "irish_nationals": "T2_1IEN", "nationality_not_stated": "T2_1NSN", "usual_residents_present": "T2_1TN",
    "uk_nationals": "T2_1UKN", "polish_nationals": "T2_1PLN", "lithuanian_nationals": "T2_1LTN",
    "other_eu_nationals": "T2_1EUN", "rest_of_world_nationals": "T2_1RWN",
    "born_ireland": "T2_1IEBP", "birthplace_not_stated": "T2_1NSBP",
    "lived_abroad_year_before": "T2_3OI", "population_aged_1plus": "T2_3T",
    "english_very_well": "T2_6VW", "english_well": "T2_6W", "english_not_well": "T2_6NW", "english_not_at_all": "T2_6NAA",
}


@lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    file, header, rows = read_rows(SAPS, encoding="latin-1")
    problems = Collector(file=file)
    needed = ["GEOGID", "GEOGDESC", *COLUMNS.values(), *NON_IRISH, *BORN_ABROAD]
    idx = require_columns(header, needed, problems)
    problems.raise_if_any()
    out = []
    for i, r in enumerate(rows, start=1):
        if not any(v.strip() for v in r):
            continue
        # counts carry comma thousands separators ("1,209")
        rec = {"area_code": r[idx["GEOGID"]].strip(), "name": r[idx["GEOGDESC"]].strip()}
        for name, col in COLUMNS.items():
            rec[name] = number(r[idx[col]], problems, row=i, column=col, kind=int)
        rec["non_irish_nationals"] = sum(number(r[idx[c]], problems, row=i, column=c, kind=int) or 0 for c in NON_IRISH)
        rec["born_outside_ireland"] = sum(number(r[idx[c]], problems, row=i, column=c, kind=int) or 0 for c in BORN_ABROAD)
        parts = rec["irish_nationals"], rec["non_irish_nationals"], rec["nationality_not_stated"]
        if None not in parts and sum(parts) != rec["usual_residents_present"]:
            problems.add(f"nationalities add to {sum(parts)}, not the total {rec['usual_residents_present']}", row=i, column="T2_1TN")
        if not rec["area_code"].startswith("CTY31_"):
            problems.add(f"unexpected area code {rec['area_code']!r}", row=i, column="GEOGID")
        out.append(rec)
    if len(out) != 31:
        problems.add(f"expected 31 local authorities, found {len(out)}")
    problems.raise_if_any(f"{file} has unexpected content")
    df = pd.DataFrame(out)
    df.insert(1, "la_code", df["area_code"].str.removeprefix("CTY31_"))
    df["pct_non_irish"] = 100 * df["non_irish_nationals"] / df["usual_residents_present"]
    df["pct_born_outside_ireland"] = 100 * df["born_outside_ireland"] / df["usual_residents_present"]
    return df


def ireland_las(include_total: bool = False) -> pd.DataFrame:
    """One row per Irish local authority (31), keyed by CSO code (CTY31_DC; la_code DC): usual residents present
    on census night (the T2_1 universe CSO uses for these percentages),
    Irish and non-Irish nationals (UK, Polish, Lithuanian, other EU, rest of world), nationality not stated,
    pct_non_irish (of all usual residents, as CSO publishes), birthplace, address abroad a year before, English.
    include_total appends the State (sum of the 31; CSO publishes the same sums)."""
    df = _load().copy()
    if include_total:
        total = df.select_dtypes("number").sum()
        row = {**total.to_dict(), "area_code": "IE0", "la_code": "IE", "name": "Ireland (State)"}
        row["pct_non_irish"] = 100 * row["non_irish_nationals"] / row["usual_residents_present"]
        row["pct_born_outside_ireland"] = 100 * row["born_outside_ireland"] / row["usual_residents_present"]
        counts = [c for c in df.columns if df[c].dtype.kind == "i"]
        df = pd.concat([df, pd.DataFrame([row])], ignore_index=True).astype({c: "int64" for c in counts})
    return attach(df, "ireland_las")
