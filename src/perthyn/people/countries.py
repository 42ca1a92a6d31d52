"""The country list: ISO 3166 alpha-2/alpha-3 codes, English/Welsh names and the names ONS uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perthyn.errors import Collector, InputErrors, Problem
from perthyn.people.definitions import CODE2, CODE3, read_yaml
from perthyn.text import Text


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    name: Text
    ons: str
    names: tuple[str, ...]
    part_of: str | None = None   # outermost region / autonomous area sharing its state's EU status

    @property
    def state(self) -> str:
        """The code whose EU/EEA membership applies (Åland -> FI, Réunion -> FR)."""
        return self.part_of or self.alpha2


class Countries:
    def __init__(self, countries: list[Country], source: Path):
        self.all = tuple(countries)
        self.source = source
        self.by_alpha2 = {c.alpha2: c for c in countries}
        self._index: dict[str, Country] = {}
        for c in countries:
            for key in (c.alpha2, c.alpha3, c.ons, c.name.en, *c.names):
                self._index[normalise(key)] = c

    def aliases(self):
        """(KEY, country) for every accepted spelling, keys normalised as `normalise` does."""
        return self._index.items()

    def find(self, code) -> Country | None:
        if code is None:
            return None
        return self._index.get(normalise(str(code)))

    def get(self, code, *, column: str | None = None) -> Country:
        country = self.find(code)
        if country is None:
            raise InputErrors(Problem(
                f"unknown country code or name {code!r}", column=column,
                fix="Use an ISO 3166 alpha-2 (GB, PL) or alpha-3 (GBR, POL) code or the ONS country name; "
                    "`perthyn people classify --help` explains. An unknown code is never treated as a third country."))
        return country


def normalise(text: str) -> str:
    # Case-insensitive, typographic apostrophes folded, surrounding spaces ignored.
    return " ".join(text.replace("\u2019", "'").split()).upper()


def load_countries(path: Path) -> Countries:
    problems = Collector(file=str(path))
    doc = read_yaml(path, problems)
    data = doc.data
    rows = (data or {}).get("countries") if isinstance(data, dict) else None
    if data is not None and not isinstance(rows, list):
        problems.add("no `countries` list", column="countries", fix="Add a `countries:` list.")
    out, seen = [], {}
    for i, row in enumerate(rows or []):
        where = f"countries[{i}]"
        line = doc.line_at(where)
        if not isinstance(row, dict):
            problems.add("each country must be a mapping", line=line, column=where)
            continue
        a2, a3 = row.get("alpha2"), row.get("alpha3")
        if not isinstance(a2, str) or not CODE2.match(a2):
            problems.add(f"alpha2 must be two capital letters, got {a2!r}", line=line, column=f"{where}.alpha2",
                         fix="Quote the code (\"NO\" would otherwise read as false).")
            continue
        if not isinstance(a3, str) or not CODE3.match(a3):
            problems.add(f"alpha3 must be three capital letters, got {a3!r}", line=line, column=f"{where}.alpha3")
            continue
        for key in ("en", "cy", "ons"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                problems.add(f"missing `{key}` name", line=line, column=f"{where}.{key}")
        names = tuple(n for n in row.get("names") or () if isinstance(n, str))
        country = Country(a2, a3, Text(row.get("en", ""), row.get("cy", "")), row.get("ons", ""), names,
                          row.get("part_of"))
        for key in {normalise(k) for k in (a2, a3, country.ons, country.name.en, *names)}:
            if key in seen and seen[key] != a2:
                problems.add(f"name {key!r} is used by both {seen[key]} and {a2}", line=line, column=f"{where}.names",
                             fix="Each code or name must identify one country.")
            seen[key] = a2
        out.append(country)
    codes = {c.alpha2 for c in out}
    for i, c in enumerate(out):
        if c.part_of and c.part_of not in codes:
            problems.add(f"part_of {c.part_of!r} is not a listed country", column=f"countries[{i}].part_of")
    problems.raise_if_any(f"Country definitions in {path.name} are not valid")
    return Countries(out, path)
