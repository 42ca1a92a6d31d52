"""Synthetic person microdata in the person schema, calibrated to real Census 2021 LA margins.

Everything is drawn column-wise with numpy (no Python loop over rows), so 10 million rows take
seconds. The order of draws follows the dependencies: area and design -> born abroad (with PSU
clustering) -> length of residence -> age (feasible given arrival) -> sex -> country of birth ->
passport, nationality, English -> economic activity, health, tenure, overcrowding, qualifications
(each calibrated over age band x migrant classes so the LA margin holds exactly in expectation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from .calibrate import calibrate, draw
from .margins import EU_COUNTRIES, Margins, census_margins

RESIDENCE = ["10plus", "5to10", "2to5", "lt2"]          # census residence-length bands for people born abroad
RESIDENCE_YEARS = {"10plus": (10, None), "5to10": (5, 9), "2to5": (2, 4), "lt2": (0, 1)}
REFERENCE_YEAR = 2021


@lru_cache(maxsize=1)
def profiles() -> dict:
    return yaml.safe_load(resources.files("perthyn.synth").joinpath("profiles.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Synthetic:
    table: pa.Table
    design: str
    seed: int
    rows: int


def _allocate(total: int, shares: np.ndarray) -> np.ndarray:
    raw = shares / shares.sum() * total
    counts = np.floor(raw).astype(np.int64)
    counts[np.argsort(raw - counts)[::-1][: total - counts.sum()]] += 1
    return counts


def _dictionary(codes: np.ndarray, labels: list, mask: np.ndarray | None = None) -> pa.Array:
    indices = pa.array(codes.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(labels, pa.string()))


def _factor_matrix(topic: dict, bands: list[str]) -> np.ndarray:
    """(band x migrant) classes -> relative factors per category; class index = band * 2 + migrant."""
    k = len(topic["categories"])
    out = np.ones((len(bands) * 2, k))
    for b, band in enumerate(bands):
        age = np.asarray(topic.get("age", {}).get(band, [1.0] * k), float)
        out[2 * b] = age
        out[2 * b + 1] = age * np.asarray(topic["migrant"], float)
    return out


def generate(rows: int, *, design: str = "survey", seed: int = 2021, margins: Margins | None = None,
             psu_size: int = 40) -> Synthetic:
    if design not in ("survey", "census"):
        raise ValueError(f"design must be 'survey' or 'census', got {design!r}")
    if rows < 22 * 2:
        raise ValueError("ask for at least 44 rows (two per local authority)")
    prof = profiles()
    m = margins or census_margins()
    rng = np.random.default_rng(seed)
    areas = list(m.areas.index)
    pop = m.areas["population"].to_numpy(float)
    n_area = _allocate(rows, np.sqrt(pop) if design == "survey" else pop)
    area = np.repeat(np.arange(len(areas)), n_area).astype(np.int16)
    start = np.concatenate([[0], np.cumsum(n_area)[:-1]])
    within = np.arange(rows) - start[area]

    # design: PSUs of about psu_size consecutive rows inside each stratum (area), unequal weights
    n_psu = np.maximum(2, np.round(n_area / psu_size)).astype(np.int64)
    psu_local = (within * n_psu[area]) // n_area[area]
    psu_offset = np.concatenate([[0], np.cumsum(n_psu)[:-1]])
    psu = psu_offset[area] + psu_local
    base_weight = pop / n_area
    if design == "survey":
        jitter = rng.lognormal(0.0, 0.35, rows)
        jitter /= np.bincount(area, jitter)[area] / n_area[area]        # mean 1 inside each area
        weight = base_weight[area] * jitter
    else:
        weight = base_weight[area]

    # born abroad: the area share, varying between PSUs (Beta with that mean) to give clustering
    p_abroad = m.topic("born_abroad")["abroad"].to_numpy()
    conc = float(prof["psu_concentration"]) if design == "survey" else 1e9
    psu_area = np.repeat(np.arange(len(areas)), n_psu)
    p_psu = rng.beta(p_abroad[psu_area] * conc, (1 - p_abroad[psu_area]) * conc)
    migrant = rng.random(rows) < p_psu[psu]

    # length of residence among people born abroad: class 0 = UK-born, 1..4 = RESIDENCE bands
    rl = m.topic("residence_length")[RESIDENCE].to_numpy()
    rl_probs = rl / rl.sum(axis=1, keepdims=True)
    res = np.zeros(rows, np.int8)
    res[migrant] = draw(area[migrant].astype(np.int64), rl_probs, rng) + 1

    # age band given residence class, calibrated to the area's age margin; arrival constrains age
    bands = list(prof["age_bands"])
    lo = np.array([prof["age_bands"][b][0] for b in bands])
    hi = np.array([prof["age_bands"][b][1] for b in bands])
    mig_factor = np.array([prof["age_by_migrant"][b] for b in bands])
    age_target = m.topic("age")[bands].to_numpy()
    age_probs = np.zeros((len(areas) * 5, len(bands)))
    for a in range(len(areas)):
        weights = np.concatenate([[1 - p_abroad[a]], p_abroad[a] * rl_probs[a]])
        factors = np.ones((5, len(bands)))
        for r, band in enumerate(RESIDENCE, start=1):
            factors[r] = mig_factor * (hi >= RESIDENCE_YEARS[band][0])
        age_probs[a * 5:(a + 1) * 5] = calibrate(age_target[a], weights, factors)
    age_band = draw(area.astype(np.int64) * 5 + res, age_probs, rng)
    min_years = np.array([0] + [RESIDENCE_YEARS[b][0] for b in RESIDENCE])[res]
    age_lo = np.maximum(lo[age_band], min_years)
    age = (age_lo + np.floor(rng.random(rows) * (hi[age_band] - age_lo + 1))).astype(np.int16)

    # years since arrival inside the residence band, never more than the age
    band_lo = min_years
    band_hi = np.array([0, 10_000] + [RESIDENCE_YEARS[b][1] for b in RESIDENCE[1:]])[res]
    band_hi = np.minimum(band_hi, age)
    years = band_lo + np.floor(rng.random(rows) * (band_hi - band_lo + 1)).astype(np.int64)
    year_of_arrival = np.where(migrant, REFERENCE_YEAR - years, 0)

    sex = draw(area.astype(np.int64), m.topic("sex")[["female", "male"]].to_numpy(), rng)

    # country of birth among people born abroad: the area's main countries, then the others evenly
    cob = m.topic("country_of_birth")
    named = [c for c in cob.columns if c != "other"]
    others = list(prof["other_countries"])
    countries = ["GB"] + named + others
    cob_idx = np.zeros(rows, np.int16)
    pick = draw(area[migrant].astype(np.int64), cob.to_numpy(), rng).astype(np.int16)
    is_other = pick == len(named)
    pick[is_other] = len(named) + rng.integers(0, len(others), is_other.sum())
    cob_idx[migrant] = pick + 1
    cob_codes = np.array(countries, dtype=object)

    # passports: non-UK passports are held by people born abroad; a fixed share of them hold none
    pp = m.topic("passports")
    q_non, q_none = pp["non_uk"].to_numpy(), pp["none"].to_numpy()
    a_non = np.minimum(q_non / p_abroad, 0.95)
    b_none = np.minimum(prof["migrant_no_passport"], 1 - a_non)
    x_none = np.clip((q_none - p_abroad * b_none) / (1 - p_abroad), 0, 1)
    pass_probs = np.zeros((len(areas) * 2, 3))                              # [uk, non_uk, none]
    pass_probs[0::2] = np.column_stack([1 - x_none, np.zeros_like(x_none), x_none])
    pass_probs[1::2] = np.column_stack([1 - a_non - b_none, a_non, b_none])
    passport3 = draw(area.astype(np.int64) * 2 + migrant, pass_probs, rng)
    eu = np.isin(cob_codes, list(EU_COUNTRIES))[cob_idx]
    ie = cob_codes[cob_idx] == "IE"
    passport = np.select([passport3 == 0, passport3 == 2, ie, eu], [0, 4, 1, 2], 3)   # uk, irish, eu, other, none
    nationality_idx = np.where(passport == 0, 0, cob_idx)

    # English: people born in the UK have English or Welsh as a main language
    en = m.topic("english")
    good = np.minimum(en["good"].to_numpy() / p_abroad, 0.9)
    poor = np.minimum(en["poor"].to_numpy() / p_abroad, 1 - good)
    en_probs = np.zeros((len(areas) * 2, 3))
    en_probs[0::2, 0] = 1
    en_probs[1::2] = np.column_stack([1 - good - poor, good, poor])
    en3 = draw(area.astype(np.int64) * 2 + migrant, en_probs, rng)
    split = rng.random(rows)
    sp = prof["splits"]
    english = np.select([en3 == 0, (en3 == 1) & (split < sp["english_good"]["very_well"]), en3 == 1,
                         split < sp["english_poor"]["not_well"]], [0, 1, 2, 3], 4)

    # topics calibrated over (age band x migrant) classes
    joint = np.zeros((len(areas), len(bands) * 2))                          # expected class shares
    for a in range(len(areas)):
        weights = np.concatenate([[1 - p_abroad[a]], p_abroad[a] * rl_probs[a]])
        per_res = weights[:, None] * age_probs[a * 5:(a + 1) * 5]
        joint[a, 0::2] = per_res[0]
        joint[a, 1::2] = per_res[1:].sum(axis=0)
    adult_share = np.array([max(0, (hi[b] - max(lo[b], 16) + 1)) / (hi[b] - lo[b] + 1) for b in range(len(bands))])
    cls = age_band.astype(np.int64) * 2 + migrant
    drawn = {}
    for topic, adults in [("economic_activity", True), ("health", False), ("tenure", False),
                          ("overcrowding", False), ("qualifications", True)]:
        spec = prof["topics"][topic]
        factors = _factor_matrix(spec, bands)
        target = m.topic(topic)[spec["categories"]].to_numpy()
        probs = np.zeros((len(areas) * len(bands) * 2, len(spec["categories"])))
        for a in range(len(areas)):
            w = joint[a] * (np.repeat(adult_share, 2) if adults else 1)
            probs[a * 2 * len(bands):(a + 1) * 2 * len(bands)] = calibrate(target[a], w, factors)
        drawn[topic] = draw(area.astype(np.int64) * 2 * len(bands) + cls, probs, rng)
    adult = age >= 16

    econ3 = drawn["economic_activity"]
    u = rng.random(rows)
    inactive_kind = np.select([age >= 65, (age < 25) & (u < 0.7), (age >= 25) & (u < 0.1), (age >= 25) & (u < 0.25)],
                              [3, 2, 2, 3], 4)
    econ = np.where(econ3 == 2, inactive_kind, econ3)                       # employed, unemployed, student, retired, other

    h3 = drawn["health"]
    u = rng.random(rows)
    health = np.select([(h3 == 0) & (u < 0.55), h3 == 0, h3 == 1, (h3 == 2) & (u < 0.75)], [0, 1, 2, 3], 4)
    tenure = np.select([drawn["tenure"] <= 1, drawn["tenure"] == 2], [0, 1], 2)  # owned, social, private
    overcrowded = drawn["overcrowding"] == 0
    q = drawn["qualifications"]
    u = rng.random(rows)
    l13 = sp["level1_3"]
    level = np.select([u < l13["level1"], u < l13["level1"] + l13["level2"]], [1, 2], 4)
    qual = np.select([q == 0, q == 1, q == 2, q == 3], [0, level, 3, 5], 6)  # schema order below

    ids = pc.binary_join_element_wise("syn", pc.cast(pa.array(np.arange(1, rows + 1)), pa.string()), "")
    area_arr = _dictionary(area, areas)
    psu_labels = [f"{areas[a]}-{k + 1:05d}" for a in range(len(areas)) for k in range(n_psu[a])]
    columns = {
        "person_id": ids,
        "area_code": area_arr,
        "weight": pa.array(weight),
        "strata": area_arr if design == "survey" else None,
        "psu": _dictionary(psu, psu_labels) if design == "survey" else None,
        "country_of_birth": _dictionary(cob_idx, countries),
        "nationality": _dictionary(nationality_idx, countries),
        "year_of_arrival": pa.array(year_of_arrival.astype(np.int32), mask=~migrant),
        "age": pa.array(age),
        "sex": _dictionary(sex, ["female", "male"]),
        "passport": _dictionary(passport, ["uk", "irish", "eu", "other", "none"]),
        "english_proficiency": _dictionary(english, ["main_language", "very_well", "well", "not_well", "not_at_all"]),
        "econ_activity": _dictionary(econ, ["employed", "unemployed", "inactive_student", "inactive_retired", "inactive_other"], mask=~adult),
        "general_health": _dictionary(health, ["very_good", "good", "fair", "bad", "very_bad"]),
        "tenure": _dictionary(tenure, ["owned", "social_rented", "private_rented", "other"]),
        "overcrowded": pa.array(overcrowded),
        "highest_qualification": _dictionary(qual, ["none", "level1", "level2", "apprenticeship", "level3", "level4_plus", "other"], mask=~adult),
        "synthetic": pa.array(np.ones(rows, bool)),
    }
    columns = {k: v for k, v in columns.items() if v is not None}
    metadata = {b"perthyn.synthetic": b"true", b"perthyn.design": design.encode(), b"perthyn.seed": str(seed).encode(),
                b"perthyn.source": ("Synthetic: calibrated to " + m.source).encode()}
    table = pa.table(columns).replace_schema_metadata(metadata)
    return Synthetic(table, design, seed, rows)
