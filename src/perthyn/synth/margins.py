"""The real Census 2021 margins the synthetic population is calibrated to, one table per topic.

Each topic is a DataFrame indexed by area_code (the 22 Welsh local authorities) with one column per
category holding shares that sum to 1. All read through perthyn.data (bundled ONS Census 2021 tables,
Open Government Licence v3.0): TS004 country of birth with the residence-length, passport and English
summaries (census2021_wales), the LA percentages by topic (census2021_lad: economic activity, health,
tenure, occupancy rating, qualifications) and the census-quiz LA table (age bands, sex, main countries
of birth).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

QUIZ_COUNTRIES = {"Poland": "PL", "Pakistan": "PK", "Germany": "DE", "China": "CN", "India": "IN", "Nigeria": "NG",
                  "Italy": "IT", "Romania": "RO", "Lithuania": "LT", "Philippines": "PH", "Ireland": "IE",
                  "SouthAfrica": "ZA", "Turkey": "TR", "Bangladesh": "BD", "USA": "US", "Jamaica": "JM"}

EU_COUNTRIES = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())

# census2021_lad topic -> (synth topic, {category: [category-code suffixes summed]})
LAD_TOPICS = {
    "economic_activity_status_4a": ("economic_activity", {"employed": ["001"], "unemployed": ["002"], "inactive": ["003"]}),
    "health_in_general_4a": ("health", {"good": ["001"], "fair": ["002"], "bad": ["003"]}),
    "hh_tenure_5a": ("tenure", {"owned_outright": ["000"], "owned_mortgage": ["001"], "social_rented": ["002"], "private_rented": ["003"]}),
    "occupancy_rating_bedrooms_6a": ("overcrowding", {"overcrowded": ["004", "005"], "not_overcrowded": ["001", "002", "003"]}),
    "highest_qualification_6a": ("qualifications", {"none": ["000"], "level1_3": ["001"], "apprenticeship": ["002"], "level4_plus": ["003"], "other": ["004"]}),
}


@dataclass(frozen=True)
class Margins:
    areas: pd.DataFrame            # area_code (index), name_en, name_cy, population, born_abroad
    topics: dict                   # topic -> DataFrame of shares (area_code x category)
    source: str

    def topic(self, name: str) -> pd.DataFrame:
        return self.topics[name]


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.div(frame.sum(axis=1), axis=0)


@lru_cache(maxsize=1)
def census_margins() -> Margins:
    from perthyn import data

    wales = data.census2021_wales().set_index("area_code").sort_index()
    codes = wales.index
    areas = pd.DataFrame({"name_en": wales["name_en"], "name_cy": wales["name_cy"],
                          "population": wales["usual_residents"], "born_abroad": wales["born_outside_uk"]})
    topics = {
        "born_abroad": _shares(pd.DataFrame({"uk": wales["born_uk"], "abroad": wales["born_outside_uk"]})),
        "residence_length": _shares(wales[["pct_rl_uk_born", "pct_rl_10plus", "pct_rl_5to10", "pct_rl_2to5", "pct_rl_lt2"]]
                                    .set_axis(["uk_born", "10plus", "5to10", "2to5", "lt2"], axis=1)),
        "passports": _shares(wales[["pct_pp_uk", "pct_pp_non_uk", "pct_pp_none"]].set_axis(["uk", "non_uk", "none"], axis=1)),
        "english": _shares(wales[["pct_ep_main_language", "pct_ep_well", "pct_ep_not_well"]]
                           .set_axis(["main", "good", "poor"], axis=1)),
    }
    for lad_topic, (topic, cats) in LAD_TOPICS.items():
        t = data.census2021_lad(lad_topic)
        wide = t[t.area_code.isin(codes)].pivot(index="area_code", columns="category_code", values="percent").loc[codes]
        topics[topic] = _shares(pd.DataFrame({cat: wide[[f"{lad_topic}-{c}" for c in cols]].sum(axis=1)
                                              for cat, cols in cats.items()}))
    quiz = data.census2021_quiz().set_index("area_code").loc[codes]
    bands = ["0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75plus"]
    topics["age"] = _shares(quiz[[f"age_{b}_perc" for b in bands]].set_axis(bands, axis=1).astype(float))
    topics["sex"] = _shares(quiz[["sex_female_perc", "sex_male_perc"]].set_axis(["female", "male"], axis=1).astype(float))
    named = quiz[[f"birth_country_{c}_total" for c in QUIZ_COUNTRIES]].set_axis(list(QUIZ_COUNTRIES.values()), axis=1)
    named = named.fillna(0).astype(float)
    named["other"] = (areas["born_abroad"] - named.sum(axis=1)).clip(lower=0)
    topics["country_of_birth"] = _shares(named)
    for frame in topics.values():
        frame.index.name = "area_code"
    return Margins(areas, topics, "ONS Census 2021 (TS004, TS005, TS016, TS029, TS037, TS052, TS054, TS066, TS067; "
                                  "via perthyn.data)")
