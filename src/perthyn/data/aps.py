"""APS population by country of birth, local authorities, 2016-2021: every estimate with its 95% interval.

Quirks handled (see reference/PROVENANCE.md): 2016-2020 are in thousands, with unnamed sub-columns after
"European Union estimate" and "Non-European Union estimate" and codes c / . / z / 0~ / :; 2021 is in whole
numbers with words instead of codes. All six files are latin-1 ("Ynys M\\xf4n"). Any other value is an error.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from perthyn.data.files import attach, read_rows
from perthyn.errors import Collector, InputErrors, Problem

APS_YEARS = (2016, 2017, 2018, 2019, 2020, 2021)
# The 21 estimate columns, in the order ONS publishes them (2021 names them; earlier years leave sub-groups unnamed).
APS_GROUPS = (
    ("all", "All"), ("uk", "United Kingdom"), ("non_uk", "Non-United Kingdom"), ("eu", "European Union"),
    ("eu14", "European Union EU14"), ("eu8", "European Union EU8"), ("eu2", "European Union EU2"),
    ("eu_other", "European Union Other"), ("non_eu", "Non-European Union All"), ("other_europe", "Other Europe"),
    ("asia", "Asia"), ("middle_east_central_asia", "Middle East & Central Asia"), ("east_asia", "East Asia"),
    ("south_asia", "South Asia"), ("south_east_asia", "South East Asia"), ("rest_of_world", "Rest of the World"),
    ("sub_saharan_africa", "Sub-Saharan Africa"), ("north_africa", "North Africa"), ("north_america", "North America"),
    ("central_south_america", "Central and South America"), ("oceania", "Oceania"),
)
# Positions named in the 2016-2020 headers; the others are blank there.
OLD_NAMED = {0: "All", 1: "United Kingdom", 2: "Non-United Kingdom", 3: "European Union", 8: "Non-European Union"}
# status, and the value the estimate takes (None: unknown)
CODES = {
    "c": ("confidential", None), "Confidential": ("confidential", None),
    ".": ("no_contacts", None), "No contacts": ("no_contacts", None),
    "z": ("not_applicable", None), "Not applicable": ("not_applicable", None),
    "0~": ("rounds_to_0", 0.0), "Rounds to 0": ("rounds_to_0", 0.0),
    ":": ("not_available", None), "Not Available": ("not_available", None),
}
AREA = re.compile(r"^[EKNSW]\d{8}$")
NOTE = re.compile(r"\s*(\[Note \d+\]?|\d+)$")


def _estimate_columns(header, year, problems) -> list[tuple[int, int]]:
    """(estimate index, CI index) pairs, checked against the expected layout."""
    pairs = []
    for i, h in enumerate(header):
        flat = " ".join(h.split()).lower()
        if flat.endswith("estimate"):
            ci = i + 1
            if ci >= len(header) or "+/-" not in header[ci]:
                problems.add("estimate column not followed by its +/- CI column", line=1, column=h.strip() or f"#{i + 1}")
                continue
            pairs.append((i, ci))
    if len(pairs) != len(APS_GROUPS):
        problems.add(f"expected {len(APS_GROUPS)} estimate columns, found {len(pairs)}", line=1,
                     fix="The table layout has changed; map the new columns in perthyn.data.aps.")
        return pairs
    for pos, ((i, _), (gid, name)) in enumerate(zip(pairs, APS_GROUPS)):
        label = " ".join(header[i].split())[: -len("estimate")].strip()
        expected = name if year == 2021 else OLD_NAMED.get(pos, "")
        if label.lower() != expected.lower():
            problems.add(f"estimate column {pos + 1} is {label!r}, expected {expected!r} ({gid})", line=1,
                         column=header[i].strip() or f"#{i + 1}")
    return pairs


def _value(text, problems, row, column, scale):
    v = text.strip()
    if v in CODES:
        status, value = CODES[v]
        return value, status
    try:
        return float(v.replace(",", "")) * scale, ""
    except ValueError:
        problems.add(f"unexpected value {text!r}", row=row, column=column,
                     fix=f"Expected a number or one of the published codes: {', '.join(sorted(CODES))}.")
        return None, "error"


@lru_cache(maxsize=None)
def _load(year: int) -> pd.DataFrame:
    file, header, rows = read_rows(f"ons_aps_cob_la/birth_country_{year}.csv", encoding="latin-1")
    problems = Collector(file=file)
    pairs = _estimate_columns(header, year, problems)
    problems.raise_if_any(f"{file}: unexpected header")
    scale = 1.0 if year == 2021 else 1000.0   # 2016-2020 are published in thousands
    geo = 2 if year == 2021 else None
    out = []
    for r_i, r in enumerate(rows, start=1):
        if not any(v.strip() for v in r):
            continue   # trailing blank lines
        code = r[0].strip()
        if not AREA.match(code):
            problems.add(f"not a GSS area code: {code!r}", row=r_i, column=header[0])
            continue
        name = NOTE.sub("", r[1].strip())
        geography = r[geo].strip() if geo is not None and r[geo].strip() != "Blank cell" else None
        for (gid, _), (ei, ci) in zip(APS_GROUPS, pairs):
            col = " ".join(header[ei].split()) or f"#{ei + 1}"
            est, status = _value(r[ei], problems, r_i, col, scale)
            half, ci_status = _value(r[ci], problems, r_i, " ".join(header[ci].split()), scale)
            out.append((year, code, name, name.split(" / ")[0], geography, gid, est, half, status, ci_status))
    problems.raise_if_any(f"{file} has unexpected values")
    df = pd.DataFrame(out, columns=["year", "area_code", "area_name", "name_en", "geography", "group", "estimate",
                                    "ci", "status", "ci_status"])
    df["estimate"] = df["estimate"].astype("float64")
    df["ci"] = df["ci"].astype("float64")
    df["ci_low"] = np.maximum(df["estimate"] - df["ci"], 0)
    df["ci_high"] = df["estimate"] + df["ci"]
    return df[["year", "area_code", "area_name", "name_en", "geography", "group", "estimate", "ci", "ci_low",
               "ci_high", "status", "ci_status"]]


def aps_country_of_birth(year: int) -> pd.DataFrame:
    """Tidy APS estimates for one year: one row per area and country-of-birth group.

    estimate and ci (the published +/- half-width of the 95% interval) are in persons; ci_low is floored at 0.
    status says why an estimate is missing: confidential, no_contacts, not_applicable, not_available, or
    rounds_to_0 (estimate 0). The All column has no CI (ci_status not_applicable): it is controlled to population totals.
    """
    if year not in APS_YEARS:
        raise InputErrors(Problem(f"no APS country-of-birth table for {year}", column="year",
                                  fix=f"Use one of {', '.join(map(str, APS_YEARS))}."))
    return attach(_load(year).copy(), "aps_country_of_birth", year=year)
