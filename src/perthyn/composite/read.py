"""Read COINr's iData / iMeta CSV pair into a Coin, reporting every problem at once.

iMeta columns: Level, iCode, Parent, Weight, Direction, Type (Indicator, Aggregate, Group,
Denominator, Other), optionally iName, Denominator, Target, goalpost_lower/upper/scale.
iData columns: uCode, optional uName and Time, then one column per iMeta code of Type
Indicator, Group, Denominator or Other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from perthyn.errors import Collector

from .coin import Coin

MISSING = {"", "NA", "NaN", "nan", "N/A", "n/a", "NULL"}
UNIT_COLUMNS = {"uCode", "uName", "Time"}
TYPES = {"Indicator", "Aggregate", "Group", "Denominator", "Other"}
NUMERIC_META = ["Level", "Weight", "Direction", "Target", "goalpost_lower", "goalpost_upper", "goalpost_scale"]


def _read_text_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def _numeric(col: pd.Series) -> tuple[pd.Series, list[int]]:
    """Parse a text column to floats; return the values and 1-based rows that are not numbers."""
    blank = col.isin(MISSING)
    values = pd.to_numeric(col.where(~blank), errors="coerce")
    bad = [i + 1 for i in np.flatnonzero((~blank & values.isna()).to_numpy())]
    return values.astype(float), bad


def read_coin(idata: str | Path, imeta: str | Path) -> Coin:
    idata, imeta = Path(idata), Path(imeta)
    return coin_from_frames(_read_text_csv(idata), _read_text_csv(imeta), idata=idata, imeta=imeta)


def coin_from_frames(data: pd.DataFrame, meta: pd.DataFrame, *, idata: str | Path = "iData",
                     imeta: str | Path = "iMeta") -> Coin:
    """Build a Coin from iData / iMeta tables already in memory, with the same checks as read_coin."""
    idata, imeta = Path(idata), Path(imeta)

    def text(frame):
        frame = frame.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else str(v).strip())).reset_index(drop=True)

    data, meta = text(data), text(meta)
    meta_problems = Collector(file=str(imeta))
    data_problems = Collector(file=str(idata))

    for required in ("iCode", "Type"):
        if required not in meta.columns:
            meta_problems.add(f"required column '{required}' is missing", line=1, column=required,
                              fix="use COINr's iMeta layout: Level, iCode, Parent, Weight, Direction, Type")
    if "uCode" not in data.columns:
        data_problems.add("required column 'uCode' is missing", line=1, column="uCode",
                          fix="name the column holding unit codes 'uCode'")
    meta_problems.raise_if_any()
    data_problems.raise_if_any()

    # --- iMeta rows ---------------------------------------------------------------------
    numeric = {}
    for col in NUMERIC_META:
        if col in meta.columns:
            numeric[col], bad = _numeric(meta[col])
            for r in bad:
                meta_problems.add(f"'{meta[col].iloc[r - 1]}' is not a number", row=r, line=r + 1, column=col,
                                  fix=f"write a number in {col} or leave it empty")
    if "Level" in numeric:
        level_values = numeric["Level"]
        for i in map(int, np.flatnonzero((level_values.notna() & (level_values % 1 != 0)).to_numpy())):
            meta_problems.add(f"Level '{meta['Level'].iloc[i]}' of '{meta['iCode'].iloc[i]}' is not a whole number",
                              row=i + 1, line=i + 2, column="Level",
                              fix="levels are whole numbers: 1 for indicators, one more for each level above")
    seen = {}
    for i, row in meta.iterrows():
        r = i + 1
        code, kind = row["iCode"], row["Type"]
        if not code:
            meta_problems.add("iCode is empty", row=r, line=r + 1, column="iCode", fix="give every row a unique code")
        elif code in seen:
            meta_problems.add(f"iCode '{code}' repeats row {seen[code]}", row=r, line=r + 1, column="iCode",
                              fix="codes must be unique")
        else:
            seen[code] = r
        if kind not in TYPES:
            meta_problems.add(f"Type '{kind}' is not one of {', '.join(sorted(TYPES))}", row=r, line=r + 1,
                              column="Type", fix="set Type to Indicator, Aggregate, Group, Denominator or Other")
            continue
        if kind in ("Indicator", "Aggregate"):
            for col in ("Level", "Weight", "Direction"):
                if col not in meta.columns or pd.isna(numeric.get(col, pd.Series(dtype=float)).get(i, np.nan)):
                    if col in meta.columns and meta[col].iloc[i] not in MISSING:
                        continue  # already reported as not a number
                    meta_problems.add(f"{kind} '{code}' has no {col}", row=r, line=r + 1, column=col,
                                      fix=f"give every indicator and aggregate a {col}")
            w = numeric.get("Weight", pd.Series(dtype=float)).get(i, np.nan)
            if pd.notna(w) and w < 0:
                meta_problems.add(f"weight {w:g} of '{code}' is negative", row=r, line=r + 1, column="Weight",
                                  fix="weights must be zero or positive")
            d = numeric.get("Direction", pd.Series(dtype=float)).get(i, np.nan)
            if pd.notna(d) and d not in (1, -1):
                meta_problems.add(f"Direction {d:g} of '{code}' must be 1 or -1", row=r, line=r + 1,
                                  column="Direction", fix="1 = higher is better, -1 = lower is better")

    framework = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
    fw_codes = set(framework["iCode"])
    aggregates = set(framework.loc[framework["Type"] == "Aggregate", "iCode"])
    parent_of = {}
    level = numeric.get("Level", pd.Series(np.nan, index=meta.index))
    max_level = level[framework.index].max() if len(framework) else np.nan
    tops = [i for i in framework.index if level.get(i) == max_level]
    if aggregates and len(tops) > 1:
        first = framework.at[tops[0], "iCode"]
        for i in tops[1:]:
            code = framework.at[i, "iCode"]
            meta_problems.add(f"'{code}' is a second top-level code at Level {max_level:g} (the first is '{first}', "
                              f"row {tops[0] + 1})", row=i + 1, line=i + 2, column="Level",
                              fix="an index has one top-level aggregate: give these a Parent under it, or add "
                                  "one aggregate above them")
    for i, row in framework.iterrows():
        r, code = i + 1, row["iCode"]
        parent = row.get("Parent", "") if "Parent" in meta.columns else ""
        if parent in MISSING:
            if level.get(i) != max_level:
                meta_problems.add(f"'{code}' has no Parent but is not at the top level", row=r, line=r + 1,
                                  column="Parent", fix="name the aggregate this row belongs to")
            continue
        if parent not in fw_codes:
            meta_problems.add(f"Parent '{parent}' of '{code}' does not exist", row=r, line=r + 1, column="Parent",
                              fix="add an Aggregate row with that iCode or correct the Parent")
            continue
        if parent not in aggregates:
            meta_problems.add(f"Parent '{parent}' of '{code}' is an Indicator, not an Aggregate", row=r, line=r + 1,
                              column="Parent", fix="parents must be rows of Type Aggregate")
        parent_of[code] = (parent, r)
    # cycles: follow parents from every code; a revisit means a loop
    reported = set()
    for start in parent_of:
        path, node = [], start
        while node in parent_of and node not in path:
            path.append(node)
            node = parent_of[node][0]
        if node in path and node not in reported:
            loop = path[path.index(node):]
            reported.update(loop)
            meta_problems.add("the hierarchy has a cycle: " + " -> ".join(loop + [node]), row=parent_of[node][1],
                              line=parent_of[node][1] + 1, column="Parent",
                              fix="each code's chain of parents must end at the top-level index")
    for code, (parent, r) in parent_of.items():
        if code in reported:
            continue
        lc, lp = level[seen[code] - 1], level[seen[parent] - 1]
        if pd.notna(lc) and pd.notna(lp) and lp != lc + 1:
            meta_problems.add(f"'{code}' is at Level {lc:g} but its parent '{parent}' is at Level {lp:g}", row=r,
                              line=r + 1, column="Level", fix="a parent sits exactly one level above its children")
    for code in aggregates:
        if code not in {p for p, _ in parent_of.values()}:
            r = seen[code]
            meta_problems.add(f"Aggregate '{code}' has no children", row=r, line=r + 1, column="iCode",
                              fix="remove it or point some rows' Parent at it")

    # --- iData columns against iMeta ----------------------------------------------------
    data_codes = [c for c in data.columns if c not in UNIT_COLUMNS]
    expected = set(meta.loc[meta["Type"].isin(["Indicator", "Group", "Denominator", "Other"]), "iCode"])
    for c in data_codes:
        if c not in expected:
            data_problems.add(f"column '{c}' is not described in {imeta.name}", line=1, column=c,
                              fix=f"add a row for '{c}' to {imeta.name} (Type Indicator, Group, Denominator or Other) "
                                  "or remove the column")
    for i, row in meta.iterrows():
        if row["Type"] in ("Indicator", "Group", "Denominator", "Other") and row["iCode"] not in data.columns:
            meta_problems.add(f"'{row['iCode']}' ({row['Type']}) has no column in {idata.name}", row=i + 1,
                              line=i + 2, column="iCode", fix=f"add the column to {idata.name} or remove this row")
    dup = data["uCode"][data["uCode"].duplicated()]
    for i in dup.index:
        data_problems.add(f"uCode '{data['uCode'][i]}' repeats", row=i + 1, line=i + 2, column="uCode",
                          fix="one row per unit")
    for i in data.index[data["uCode"].isin(MISSING)]:
        data_problems.add("uCode is empty", row=i + 1, line=i + 2, column="uCode", fix="give every unit a code")

    numeric_cols = [c for c in data_codes if c in expected and
                    meta.loc[meta["iCode"] == c, "Type"].iloc[0] in ("Indicator", "Denominator")]
    values = {}
    for c in numeric_cols:
        values[c], bad = _numeric(data[c])
        for r in bad:
            data_problems.add(f"'{data[c].iloc[r - 1]}' is not a number", row=r, line=r + 1, column=c,
                              fix="write a number, or leave the cell empty (or NA) when the value is missing")

    meta_problems.problems.extend(data_problems.problems)
    meta_problems.raise_if_any(f"{len(meta_problems.problems)} problem(s) in {imeta.name} / {idata.name}")

    # --- assemble -----------------------------------------------------------------------
    fw = framework.copy()
    for col in NUMERIC_META:
        if col in numeric:
            fw[col] = numeric[col][fw.index]
    fw["Parent"] = fw["Parent"].where(~fw["Parent"].isin(MISSING)) if "Parent" in fw.columns else np.nan
    if "Denominator" in fw.columns:
        fw["Denominator"] = fw["Denominator"].where(~fw["Denominator"].isin(MISSING))
    fw["Level"] = fw["Level"].astype(int)
    meta_rows = {code: int(i) + 1 for i, code in fw["iCode"].items()}
    fw = fw.set_index("iCode")

    index = pd.Index(data["uCode"], name="uCode")
    kinds = meta.set_index("iCode")["Type"]
    groups = [c for c in data_codes if kinds.get(c) == "Group"]
    units = pd.DataFrame({"uName": data["uName"].to_numpy()} if "uName" in data.columns else {}, index=index)
    for g in groups:
        units[g] = data[g].where(~data[g].isin(MISSING)).to_numpy()
    denoms = pd.DataFrame({c: values[c].to_numpy() for c in data_codes if kinds.get(c) == "Denominator"}, index=index)
    raw = pd.DataFrame({c: values[c].to_numpy() for c in fw.index if c in values}, index=index)
    coin = Coin(meta=fw, units=units, denominators=denoms, sources={"iData": str(idata), "iMeta": str(imeta)},
                meta_rows=meta_rows)
    coin.put("Raw", raw)
    return coin
