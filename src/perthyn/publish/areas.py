"""Which areas have a profile, and a helpful error for a code that has none."""

from __future__ import annotations

from functools import lru_cache

from perthyn.errors import InputErrors, Problem

from . import sources
from .model import Area

WALES = Area("W92000004", "Wales", "Cymru", "wales")
ENGLAND = Area("E92000001", "England", "Lloegr", "england")


@lru_cache(maxsize=1)
def wales() -> tuple[Area, ...]:
    return tuple(sorted(sources.wales_areas(), key=lambda a: a.code))


@lru_cache(maxsize=1)
def england() -> tuple[Area, ...]:
    """English authorities for which the bundled Census tables have figures."""
    have = set(sources.census_shares("country_of_birth").index)
    return tuple(sorted((a for a in sources.england_areas() if a.code in have), key=lambda a: a.code))


def all_areas() -> tuple[Area, ...]:
    return wales() + england()


SCOPES = ("wales", "all")


def published(scope: str = "wales") -> tuple[Area, ...]:
    """The areas a bulk run covers: "wales" (the 22 authorities, the default) or "all" (and the English ones
    the bundled data reach, over 300 more: minutes of work rather than seconds)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    return all_areas() if scope == "all" else wales()


def comparator(area: Area) -> Area:
    return WALES if area.nation == "wales" else ENGLAND


def peers(area: Area) -> tuple[Area, ...]:
    return wales() if area.nation == "wales" else england()


def get(code: str, *, argument: str = "AREA") -> Area:
    wanted = code.strip().upper()
    for area in all_areas():
        if area.code == wanted:
            return area
    welsh = "; ".join(f"{a.code} {a.name_en}" for a in wales())
    english = ", ".join(a.code for a in england())
    raise InputErrors([Problem(
        f"unknown area code '{code}'. Welsh local authorities: {welsh}."
        + (f" English local authorities: {english}." if english else ""),
        column=argument,
        fix="give one of the GSS codes listed (e.g. W06000015 for Cardiff)",
    )])
