"""The one place the publish job reads the bundled real data (people engineer's `perthyn.data` loaders),
reshaped for the profile sections:

  wales_areas(), england_areas() -> list[Area]
  census_shares(topic) -> DataFrame indexed by GSS code, one column per category (percent, ONS order), rows
                          for authorities, regions and nations (W92000004, E92000001); None if not bundled
  census_counts() -> DataFrame indexed by GSS code: born_uk, born_outside, total (persons)
  census_languages() -> DataFrame indexed by GSS code, one column per main language (persons aged 3+)
  aps(year) -> DataFrame indexed by GSS code: all, <group>, <group>_ci for every APS group (persons; NaN
               where ONS withheld the estimate)
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

import perthyn.data as data

from .model import Area

# profile topic -> the loader's Census 2021 LAD topic
TOPICS = {
    "country_of_birth": "country_of_birth_3a",
    "passports": "passports_all_4a",
    "residence_length": "residence_length_6b",
    "english_proficiency": "english_proficiency_4a",
    "migrant_indicator": "migrant_ind",
}
ENGLISH_LAD = ("E06", "E07", "E08", "E09")


@lru_cache(maxsize=1)
def wales_areas() -> list[Area]:
    return [Area(r.area_code, r.name_en, r.name_cy, "wales") for r in data.wales_las().itertuples()]


@lru_cache(maxsize=1)
def england_areas() -> list[Area]:
    quiz = data.census2021_quiz()
    return [Area(c, n, "", "england") for c, n in zip(quiz["area_code"], quiz["area_name"]) if c[:3] in ENGLISH_LAD]


@lru_cache(maxsize=None)
def census_shares(topic: str) -> pd.DataFrame | None:
    if topic not in TOPICS:
        return None  # e.g. Welsh language skills (TS032): not in the bundled data
    tidy = data.census2021_lad(TOPICS[topic])
    wide = tidy.pivot(index="area_code", columns="category_code", values="percent")
    return wide[sorted(wide.columns)]


@lru_cache(maxsize=1)
def census_counts() -> pd.DataFrame:
    quiz = data.census2021_quiz().set_index("area_code")
    return pd.DataFrame({"born_uk": quiz["born_UK_total"], "born_outside": quiz["born_outside_UK_total"],
                         "total": quiz["population_total"]})


@lru_cache(maxsize=1)
def census_languages() -> pd.DataFrame:
    quiz = data.census2021_quiz().set_index("area_code")
    cols = [c for c in quiz.columns if c.startswith("language_") and c.endswith("_total")]
    out = quiz[cols].copy()
    out.columns = [c[len("language_"):-len("_total")] for c in cols]
    return out


@lru_cache(maxsize=None)
def aps(year: int) -> pd.DataFrame:
    tidy = data.aps_country_of_birth(year).copy()
    # "rounds to 0" is an estimate of under 500 people, not an interval of exactly zero width
    tidy.loc[tidy["ci_status"] == "rounds_to_0", "ci"] = float("nan")
    est = tidy.pivot(index="area_code", columns="group", values="estimate")
    ci = tidy.pivot(index="area_code", columns="group", values="ci").add_suffix("_ci")
    return est.join(ci)
