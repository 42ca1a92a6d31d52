"""The raw bundled CSVs, read with the csv module: an independent route to the numbers publish prints."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

RAW = resources.files("perthyn.data").joinpath("reference")


@lru_cache(maxsize=None)
def raw_rows(relative: str, encoding: str = "utf-8") -> list[list[str]]:
    with RAW.joinpath(relative).open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def raw_lad(topic: str) -> dict[str, list[float]]:
    rows = raw_rows(f"ons_census2021_dotdensity/lad_ew_{topic}.csv")
    return {r[0]: [float(v) for v in r[1:]] for r in rows[1:]}


def raw_quiz(code: str) -> dict[str, str]:
    rows = raw_rows("ons_census2021_quiz/census-quiz-data-2021-v9.csv")
    header = rows[0]
    return next(dict(zip(header, r)) for r in rows[1:] if r[0] == code)
