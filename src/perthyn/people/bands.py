"""Length-of-residence bands, age groups and immigration-status categories (bands.yaml), and the plain-Python rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from perthyn.errors import Collector, InputErrors, Problem
from perthyn.people.definitions import PERSON_STATUS_CODES, label, read_yaml
from perthyn.text import Text


@dataclass(frozen=True)
class Band:
    """A half-open interval [min, max) of whole years; max None means no upper limit."""

    id: str
    min: int
    max: int | None
    label: Text

    def contains(self, value: float) -> bool:
        return value >= self.min and (self.max is None or value < self.max)


@dataclass(frozen=True)
class Status:
    id: str
    label: Text
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Bands:
    uk_born: Band
    residence: dict          # scheme -> (Text, tuple[Band, ...])
    age_groups: tuple[Band, ...]
    statuses: tuple[Status, ...]
    source: Path

    def residence_scheme(self, scheme: str) -> tuple[Band, ...]:
        if scheme not in self.residence:
            raise InputErrors(Problem(f"unknown residence band scheme {scheme!r}", column="bands",
                                      fix=f"Use one of: {', '.join(self.residence)}."))
        return self.residence[scheme][1]


def check_contiguous(bands, problems: Collector | None, where: str, line=None) -> None:
    """Bands must start at 0, touch end to start, and end open: every non-negative value has exactly one band."""
    msg = None
    if not bands:
        msg = "no bands"
    elif bands[0].min != 0:
        msg = f"the first band must start at 0, not {bands[0].min}"
    elif bands[-1].max is not None:
        msg = "the last band must have no upper limit (max: null)"
    else:
        for a, b in zip(bands, bands[1:]):
            if a.max != b.min:
                msg = f"band {a.id!r} ends at {a.max} but {b.id!r} starts at {b.min}"
                break
        if len({b.id for b in bands}) != len(bands):
            msg = "band ids must be unique"
    if msg:
        if problems is None:
            raise InputErrors(Problem(msg, column=where, fix="Give contiguous bands [min, max) from 0 ending with max: null."))
        problems.add(msg, line=line, column=where, fix="Give contiguous bands [min, max) from 0 ending with max: null.")


def _band_list(raw, where, problems, doc) -> tuple[Band, ...]:
    out = []
    for i, b in enumerate(raw or []):
        w = f"{where}[{i}]"
        if not isinstance(b.get("id"), str) or not isinstance(b.get("min"), int) or not (
                b.get("max") is None or isinstance(b.get("max"), int)):
            problems.add("a band needs id, integer min and integer or null max", line=doc.line_at(w), column=w)
            continue
        out.append(Band(b["id"], b["min"], b.get("max"), label(b, "label", problems, w, doc)))
    check_contiguous(out, problems, where, doc.line_at(f"{where}[0]") if raw else None)
    return tuple(out)


def load_bands(path: Path) -> Bands:
    problems = Collector(file=str(path))
    doc = read_yaml(path, problems)
    data = doc.data or {}
    ukb = data.get("uk_born_band") or {}
    uk_born = Band(ukb.get("id", "uk_born"), 0, None, label(ukb, "label", problems, "uk_born_band", doc))
    residence = {}
    for scheme, raw in (data.get("residence_bands") or {}).items():
        where = f"residence_bands.{scheme}"
        residence[scheme] = (label(raw, "label", problems, where, doc), _band_list(raw.get("bands"), f"{where}.bands", problems, doc))
    if "default" not in residence:
        problems.add("no `default` residence band scheme", column="residence_bands")
    ages = _band_list(data.get("age_groups"), "age_groups", problems, doc)
    statuses, covered = [], []
    for i, raw in enumerate(data.get("statuses") or []):
        where = f"statuses[{i}]"
        codes = tuple(raw.get("codes") or ())
        for code in codes:
            if code not in PERSON_STATUS_CODES:
                problems.add(f"{code!r} is not an immigration_status code of the person schema", line=doc.line_at(where),
                             column=f"{where}.codes", fix=f"Use one of: {', '.join(PERSON_STATUS_CODES)}.")
            if code in covered:
                problems.add(f"{code!r} is in two categories", line=doc.line_at(where), column=f"{where}.codes")
            covered.append(code)
        statuses.append(Status(raw.get("id", ""), label(raw, "label", problems, where, doc), codes))
    problems.raise_if_any(f"Band definitions in {path.name} are not valid")
    return Bands(uk_born, residence, ages, tuple(statuses), path)


def make_age_groups(spec) -> tuple[Band, ...]:
    """Age groups from the bundled default (None), or a list of (id, min, max) / {id, min, max}."""
    from perthyn.people.definitions import load_all

    if spec is None:
        return load_all()[2].age_groups
    out = []
    for item in spec:
        if isinstance(item, Band):
            out.append(item)
            continue
        gid, lo, hi = (item["id"], item["min"], item.get("max")) if isinstance(item, dict) else item
        out.append(Band(str(gid), int(lo), None if hi is None else int(hi), Text(str(gid), str(gid))))
    check_contiguous(out, None, "age_groups")
    return tuple(out)


def completed_years(arrival: dt.date | int, on: dt.date) -> int:
    """Whole years since arrival. With only a year of arrival: the difference of calendar years."""
    if isinstance(arrival, int):
        return on.year - arrival
    return on.year - arrival.year - ((on.month, on.day) < (arrival.month, arrival.day))


def residence_band(arrival: dt.date | int | None, on: dt.date, *, scheme: str = "default") -> str | None:
    """The length-of-residence band of someone who arrived on/in `arrival`, as at `on` (None if unknown or later)."""
    from perthyn.people.definitions import load_all

    if arrival is None:
        return None
    years = completed_years(arrival, on)
    if years < 0:
        raise InputErrors(Problem(f"arrival {arrival} is after the reference date {on}", column="year_of_arrival",
                                  fix="Check the arrival and reference dates."))
    for band in load_all()[2].residence_scheme(scheme):
        if band.contains(years):
            return band.id
    return None


def age_group(age: int | None, groups=None) -> str | None:
    if age is None:
        return None
    if age < 0:
        raise InputErrors(Problem(f"negative age {age}", column="age", fix="Ages are completed years, 0 or more."))
    for band in make_age_groups(groups):
        if band.contains(age):
            return band.id
    return None


def status_category(code: str | None) -> str | None:
    """asylum_seeker / refugee / undocumented / other for a person-schema immigration_status code (None if unknown)."""
    from perthyn.people.definitions import load_all

    if code is None or code == "unknown":
        return None
    for status in load_all()[2].statuses:
        if code in status.codes:
            return status.id
    raise InputErrors(Problem(f"unknown immigration_status {code!r}", column="immigration_status",
                              fix=f"Use one of: {', '.join(PERSON_STATUS_CODES)}."))
