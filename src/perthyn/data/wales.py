"""The 22 Welsh local authorities: GSS codes with English and Welsh names."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from perthyn.data.files import attach, read_rows, require_columns
from perthyn.errors import Collector

WALES_CODE = re.compile(r"^W06\d{6}$")
WALES_COUNTRY = "W92000004"


@lru_cache(maxsize=1)
def _wales_las() -> pd.DataFrame:
    file, header, rows = read_rows("wales_la/wales_22_las.csv")
    problems = Collector(file=file)
    idx = require_columns(header, ["Local authority code", "Name (eng)", "Name (cym)"], problems)
    problems.raise_if_any()
    out = []
    for i, r in enumerate(rows, start=1):
        code = r[idx["Local authority code"]].strip()
        if not WALES_CODE.match(code):
            problems.add(f"not a Welsh local authority GSS code: {code!r}", row=i, column="Local authority code",
                         fix="Codes look like W06000015.")
        out.append((code, r[idx["Name (eng)"]].strip(), r[idx["Name (cym)"]].strip()))
    df = pd.DataFrame(out, columns=["area_code", "name_en", "name_cy"])
    if df["area_code"].duplicated().any():
        problems.add(f"duplicate codes {sorted(df.loc[df.area_code.duplicated(), 'area_code'])}", column="Local authority code")
    if len(df) != 22:
        problems.add(f"expected 22 Welsh local authorities, found {len(df)}", fix="Use the post-1996 list of 22.")
    problems.raise_if_any(f"{file} is not the expected list")
    return df


def wales_las() -> pd.DataFrame:
    """area_code (W06...), name_en, name_cy for the 22 Welsh local authorities, ordered by code."""
    return attach(_wales_las().copy(), "wales_las")


def check_wales_codes(codes, file: str, problems: Collector, column: str = "area_code") -> None:
    """Every one of the 22 codes present exactly once (a join on codes must not drop an authority)."""
    expected = set(_wales_las()["area_code"])
    seen = list(codes)
    missing = sorted(expected - set(seen))
    if missing:
        problems.add(f"Welsh local authorities missing: {', '.join(missing)}", file=file, column=column,
                     fix="The table must cover all 22 authorities.")
    dupes = sorted({c for c in seen if seen.count(c) > 1})
    if dupes:
        problems.add(f"duplicate rows for {', '.join(dupes)}", file=file, column=column)
