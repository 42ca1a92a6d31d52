"""Read and check the people definitions (countries, groups, bands) bundled under definitions/people/.

Every problem in a file is collected and raised once, naming the file, line and key path.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from perthyn.errors import Collector
from perthyn.text import Text, read_text
from perthyn.yamlfile import YamlDoc, read

PERSON_STATUS_CODES = (
    "british_or_irish", "settled", "pre_settled", "visa_work", "visa_study", "visa_family",
    "asylum_seeker", "refugee", "undocumented", "other", "unknown",
)


def definitions_dir() -> Path:
    return Path(str(resources.files("perthyn.definitions") / "people"))


def read_yaml(path: Path, problems: Collector) -> YamlDoc:
    """The file's data with the line of every key; data is None when it cannot be read (the problem is added)."""
    return read(path, problems) or YamlDoc(str(path), None)


def label(obj, key: str, problems: Collector, where: str, doc: YamlDoc) -> Text:
    raw = obj.get(key) if isinstance(obj, dict) else None
    line = doc.line_at(f"{where}.{key}" if isinstance(raw, dict) else where)
    return read_text(raw, problems, f"{where}.{key}", line=line) or Text()


def as_date(value, problems: Collector, line, column) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    problems.add(f"not a date: {value!r}", line=line, column=column, fix="Write the date as YYYY-MM-DD.")
    return None


CODE2 = re.compile(r"^[A-Z]{2}$")
CODE3 = re.compile(r"^[A-Z]{3}$")


@lru_cache(maxsize=None)
def load_all():
    """Load countries, groups and bands (cached); raises InputErrors listing every problem."""
    from perthyn.people.bands import load_bands
    from perthyn.people.countries import load_countries
    from perthyn.people.groups import load_groups

    countries = load_countries(definitions_dir() / "countries.yaml")
    groups = load_groups(definitions_dir() / "groups.yaml", countries)
    bands = load_bands(definitions_dir() / "bands.yaml")
    return countries, groups, bands
