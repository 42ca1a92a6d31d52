"""Census 2021 (England and Wales) by local authority: per-topic percentages, LA counts, Welsh summary."""

from __future__ import annotations

import json
import math
from functools import lru_cache

import pandas as pd

from perthyn.data.files import attach, number, read_rows, reference_dir, require_columns
from perthyn.data.wales import WALES_COUNTRY, _wales_las, check_wales_codes
from perthyn.errors import Collector, InputErrors, Problem

DOT = "ons_census2021_dotdensity"
QUIZ = "ons_census2021_quiz/census-quiz-data-2021-v9.csv"
# Census 2021 table ids of the topics bundled as lad_ew_<topic>.csv
LAD_TOPICS = {
    "country_of_birth_3a": "TS004", "passports_all_4a": "TS005", "residence_length_6b": "TS016",
    "migrant_ind": "TS019", "english_proficiency_4a": "TS029", "health_in_general_4a": "TS037",
    "occupancy_rating_bedrooms_6a": "TS052", "hh_tenure_5a": "TS054", "economic_activity_status_4a": "TS066",
    "highest_qualification_6a": "TS067",
}
ROUNDING_SLACK = 0.5   # published one-decimal percentages of a topic sum to 100 within rounding


def area_type(code: str) -> str:
    return {"K04": "country_group", "E92": "country", "W92": "country", "E12": "region"}.get(code[:3], "lad")


@lru_cache(maxsize=1)
def _content() -> dict:
    path = reference_dir() / DOT / "content.json"
    return {item["classCode"]: item for item in json.loads(path.read_text(encoding="utf-8"))}


@lru_cache(maxsize=1)
def _area_names() -> dict:
    names = {r.area_code: r.name_en for r in _wales_las().itertuples()}
    _, header, rows = read_rows("england_regions.csv")
    names.update({r[0]: r[1] for r in rows})
    quiz = _quiz_frame()
    names.update({c: n for c, n in zip(quiz["area_code"], quiz["area_name"]) if c not in names})
    return names


def census2021_lad(topic: str) -> pd.DataFrame:
    """Tidy percentages for one topic: area_code, area_name, area_type, topic, table, category_code, category,
    unit, percent (one row per area and category; England and Wales LADs, regions and countries)."""
    if topic not in LAD_TOPICS:
        raise InputErrors(Problem(f"no bundled Census 2021 topic {topic!r}", column="topic",
                                  fix=f"Use one of: {', '.join(LAD_TOPICS)}."))
    return attach(_lad(topic).copy(), "census2021_lad")


@lru_cache(maxsize=None)
def _lad(topic: str) -> pd.DataFrame:
    file, header, rows = read_rows(f"{DOT}/lad_ew_{topic}.csv")
    problems = Collector(file=file)
    meta = _content().get(topic)
    if meta is None:
        raise InputErrors(Problem(f"topic {topic!r} has no labels in content.json", file=f"{DOT}/content.json"))
    labels = {c["code"]: c["name"] for c in meta["categories"]}
    if header[0] != "areacd":
        problems.add("first column must be areacd", line=1, column=header[0])
    for col in header[1:]:
        if col not in labels:
            problems.add("category has no label in content.json", line=1, column=col,
                         fix="Use the content.json that came with the table.")
    problems.raise_if_any()
    names, out, seen = _area_names(), [], set()
    for i, r in enumerate(rows, start=1):
        if not any(v.strip() for v in r):
            continue
        code = r[0].strip()
        if code in seen:
            problems.add(f"duplicate area {code}", row=i, column="areacd")
        seen.add(code)
        values = [number(v, problems, row=i, column=col) for v, col in zip(r[1:], header[1:])]
        if None in values:
            continue
        if any(not 0 <= v <= 100 for v in values) or abs(sum(values) - 100) > ROUNDING_SLACK:
            problems.add(f"percentages {values} do not add up to 100", row=i, column=",".join(header[1:]))
        for col, v in zip(header[1:], values):
            out.append((code, names.get(code), area_type(code), topic, LAD_TOPICS[topic], col, labels[col],
                        meta.get("unit", ""), v))
    problems.raise_if_any(f"{file} has unexpected content")
    return pd.DataFrame(out, columns=["area_code", "area_name", "area_type", "topic", "table", "category_code",
                                      "category", "unit", "percent"])


@lru_cache(maxsize=1)
def _quiz_frame() -> pd.DataFrame:
    file, header, rows = read_rows(QUIZ)
    problems = Collector(file=file)
    require_columns(header, ["code", "name", "population_total", "born_outside_UK_total", "born_UK_total"], problems)
    problems.raise_if_any()
    data = []
    for i, r in enumerate(rows, start=1):
        if len(r) != len(header):
            problems.add(f"{len(r)} fields where the header has {len(header)}", row=i)
            continue
        rec = {"area_code": r[0].strip(), "area_name": r[1].strip()}
        for col, v in zip(header[2:], r[2:]):
            # "NA" marks figures ONS did not compute for whole countries (median age change); nothing else is missing.
            rec[col] = math.nan if v.strip() == "NA" else number(v, problems, row=i, column=col)
        data.append(rec)
    problems.raise_if_any(f"{file} has unexpected content")
    return pd.DataFrame(data)


def census2021_quiz() -> pd.DataFrame:
    """Census 2021 local authority figures (counts `*_total`, percentages `*_perc`), one row per area."""
    return attach(_quiz_frame().copy(), "census2021_quiz")


WALES_TOPICS = {  # column prefix -> (topic, category codes in order, short names)
    "rl": ("residence_length_6b", ["uk_born", "10plus", "5to10", "2to5", "lt2"]),
    "pp": ("passports_all_4a", ["uk", "non_uk", "none"]),
    "ep": ("english_proficiency_4a", ["main_language", "well", "not_well"]),
    "mi": ("migrant_ind", ["same_address", "student", "within_uk", "from_abroad"]),
}


def census2021_wales(include_total: bool = False) -> pd.DataFrame:
    """One row per Welsh local authority (joined on GSS code): usual residents, born in / outside the UK
    (published LA counts), pct_born_outside_uk computed from them, and percentages: length of residence
    (pct_rl_*), passports held (pct_pp_*), English proficiency (pct_ep_*), address a year ago (pct_mi_*).
    include_total adds the Wales row (W92000004) as published, not summed (LA counts are perturbed separately)."""
    quiz = _quiz_frame()
    las = _wales_las()
    codes = list(las["area_code"]) + ([WALES_COUNTRY] if include_total else [])
    q = quiz[quiz["area_code"].isin(codes)]
    problems = Collector()
    check_wales_codes([c for c in q["area_code"] if c != WALES_COUNTRY], QUIZ, problems)
    df = las.merge(q[["area_code", "population_total", "born_UK_total", "born_outside_UK_total",
                      "born_outside_UK_perc"]], on="area_code", how="right" if include_total else "left")
    if include_total:
        df.loc[df.area_code == WALES_COUNTRY, ["name_en", "name_cy"]] = ["Wales", "Cymru"]
    df = df.rename(columns={"population_total": "usual_residents", "born_UK_total": "born_uk",
                            "born_outside_UK_total": "born_outside_uk", "born_outside_UK_perc": "ons_pct_born_outside_uk"})
    for col in ("usual_residents", "born_uk", "born_outside_uk"):
        df[col] = df[col].astype("int64")
    df["pct_born_outside_uk"] = 100 * df["born_outside_uk"] / df["usual_residents"]
    for prefix, (topic, short) in WALES_TOPICS.items():
        lad = _lad(topic)
        lad = lad[lad["area_code"].isin(codes)]
        check_wales_codes([c for c in lad["area_code"].unique() if c != WALES_COUNTRY], f"{DOT}/lad_ew_{topic}.csv", problems)
        wide = lad.pivot(index="area_code", columns="category_code", values="percent")
        cats = list(wide.columns)
        if len(cats) != len(short):
            problems.add(f"expected {len(short)} categories, found {len(cats)}", file=f"{DOT}/lad_ew_{topic}.csv")
            continue
        wide.columns = [f"pct_{prefix}_{s}" for s in short]
        df = df.merge(wide.reset_index(), on="area_code", how="left")
    problems.raise_if_any("Census 2021 Welsh tables do not join on GSS codes")
    df["migrant_indicator_from_abroad"] = df["pct_mi_from_abroad"]
    df = df.sort_values("area_code", kind="stable")
    df = pd.concat([df[df.area_code != WALES_COUNTRY], df[df.area_code == WALES_COUNTRY]])   # Wales last
    return attach(df.reset_index(drop=True), "census2021_wales")


def census2021_wales_oa() -> pd.DataFrame:
    """TS004 by Welsh output area: oa_code, lsoa_code, lsoa_name, born_uk, born_outside_uk, total.
    ONS perturbs small-area counts, so OA sums differ from published LA totals by up to about 90 people."""
    file, header, rows = read_rows(f"{DOT}/TS004_country_of_birth_3a_2021_wales_oa.csv")
    problems = Collector(file=file)
    idx = require_columns(header, ["Geography code", "Parent area code", "Parent area type", "Born in the UK",
                                   "Born outside the UK", "Total"], problems)
    problems.raise_if_any()
    out = []
    for i, r in enumerate(rows, start=1):
        uk = number(r[idx["Born in the UK"]], problems, row=i, column="Born in the UK", kind=int)
        out_uk = number(r[idx["Born outside the UK"]], problems, row=i, column="Born outside the UK", kind=int)
        tot = number(r[idx["Total"]], problems, row=i, column="Total", kind=int)
        if None not in (uk, out_uk, tot) and uk + out_uk != tot:
            problems.add(f"{uk} + {out_uk} is not the total {tot}", row=i, column="Total")
        out.append((r[idx["Geography code"]], r[idx["Parent area code"]], r[idx["Parent area type"]], uk, out_uk, tot))
    problems.raise_if_any(f"{file} has unexpected content")
    df = pd.DataFrame(out, columns=["oa_code", "lsoa_code", "lsoa_name", "born_uk", "born_outside_uk", "total"])
    return attach(df, "census2021_wales_oa")
