"""Everything a published round shows: scores, ranks with Monte Carlo rank intervals (via the
composite engine), averages, and the census consistency check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perthyn.composite import coin_from_frames
from perthyn.composite.uncertainty import UncertaintySpec, run_uncertainty

from .consistency import check
from .questionnaire import Questionnaire
from .scoring import Scores, score


@dataclass
class RoundResults:
    scores: Scores
    ranking: pd.DataFrame        # area_code, name, overall, rank, median_rank, rank_q05, rank_q95, data_collection
    averages: pd.Series          # mean of every score column
    consistency: pd.DataFrame    # one row per authority and measure


def rank_intervals(scores: pd.DataFrame, q: Questionnaire, *, replications: int = 1000,
                   seed: int = 2026) -> pd.DataFrame:
    """Rank uncertainty of the overall score: area weights each varied by +-25%, arithmetic or
    geometric mean, and missing area scores left out or filled with the area mean."""
    areas = [s.id for s in q.sections]
    data = scores[["area_code", *areas]].rename(columns={"area_code": "uCode"})
    meta = pd.DataFrame([{"Level": 1, "iCode": s.id, "Parent": "overall", "Weight": s.weight, "Direction": 1,
                          "Type": "Indicator"} for s in q.sections]
                        + [{"Level": 2, "iCode": "overall", "Parent": "", "Weight": 1, "Direction": 1,
                            "Type": "Aggregate"}])
    coin = coin_from_frames(data, meta, idata="scores", imeta="questionnaire")
    spec = UncertaintySpec(replications=replications, normalisations=("none",), aggregations=("amean", "gmean"),
                           nominal={"normalisation": "none", "aggregation": "amean", "imputation": False}, seed=seed)
    return run_uncertainty(coin, "Raw", spec).table.rename(columns={"uCode": "area_code"})


def round_results(answers: pd.DataFrame, q: Questionnaire, census: pd.DataFrame | None = None, *,
                  replications: int = 1000) -> RoundResults:
    s = score(answers, q)
    cols = [c.id for c in q.sections] + ["overall"] + [c[0] for c in q.cross_cutting]
    ranking = s.scores.copy()
    if len(ranking) >= 2:
        intervals = rank_intervals(ranking, q, replications=replications)
        ranking = ranking.merge(intervals[["area_code", "median_rank", "rank_q05", "rank_q95"]], on="area_code",
                                how="left")
    else:
        ranking["median_rank"] = ranking["rank_q05"] = ranking["rank_q95"] = np.nan
    ranking = ranking.sort_values(["rank", "area_code"]).reset_index(drop=True)
    consistency = check(answers, census, q) if census is not None else pd.DataFrame()
    return RoundResults(s, ranking, s.scores[cols].mean(), consistency)
