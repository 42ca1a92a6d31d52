"""Everything a published round shows: scores, ranks with Monte Carlo rank intervals (via the
composite engine), averages, and the census consistency check."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from perthyn.composite import coin_from_frames
from perthyn.composite.uncertainty import UncertaintySpec, run_uncertainty

from .consistency import check
from .questionnaire import Questionnaire, Treatment
from .scoring import Scores, score


@dataclass
class RoundResults:
    scores: Scores
    ranking: pd.DataFrame        # area_code, name, overall, rank, median_rank, rank_q05, rank_q95, data_collection
    averages: pd.Series          # mean of every score column
    consistency: pd.DataFrame    # one row per authority and measure

    def to_dict(self) -> dict:
        """Plain JSON data (no NaN, so strict JSON and PostgreSQL jsonb accept it) that `from_dict`
        turns back into equal tables, column types included: a published round's frozen results."""
        s = self.scores
        return {"version": SNAPSHOT_VERSION, "ranking": _frame_to_dict(self.ranking),
                "averages": {"index": [str(i) for i in self.averages.index],
                             "values": [_plain(v) for v in self.averages]},
                "consistency": _frame_to_dict(self.consistency),
                "scores": {"questions": _frame_to_dict(s.questions), "scores": _frame_to_dict(s.scores),
                           "summary": _frame_to_dict(s.summary), "distribution": _frame_to_dict(s.distribution),
                           "treatment": asdict(s.treatment)}}

    @classmethod
    def from_dict(cls, d: dict) -> "RoundResults":
        if d.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"results snapshot version {d.get('version')!r} is not {SNAPSHOT_VERSION}")
        s = d["scores"]
        scores = Scores(_frame_from_dict(s["questions"]), _frame_from_dict(s["scores"]),
                        _frame_from_dict(s["summary"]), _frame_from_dict(s["distribution"]),
                        Treatment(**s["treatment"]))
        averages = pd.Series([np.nan if v is None else v for v in d["averages"]["values"]],
                             index=d["averages"]["index"], dtype=float)
        return cls(scores, _frame_from_dict(d["ranking"]), averages, _frame_from_dict(d["consistency"]))


SNAPSHOT_VERSION = 1


def _plain(v):
    """A JSON-ready Python scalar: missing -> None, numpy scalars -> int / float / bool."""
    if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _frame_to_dict(frame: pd.DataFrame) -> dict:
    return {"columns": [str(c) for c in frame.columns], "dtypes": [str(t) for t in frame.dtypes],
            "index": [_plain(i) for i in frame.index], "index_name": frame.index.name,
            "data": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]}


def _frame_from_dict(d: dict) -> pd.DataFrame:
    frame = pd.DataFrame(d["data"], columns=d["columns"], index=pd.Index(d["index"], name=d["index_name"]),
                         dtype=object)
    for col, dtype in zip(d["columns"], d["dtypes"]):
        try:
            frame[col] = frame[col].astype(dtype)
        except (TypeError, ValueError):
            frame[col] = frame[col].infer_objects()
    return frame


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
    # filling missing area scores is only a choice when some are missing (otherwise it changes nothing)
    imputation = (False, True) if data[areas].isna().to_numpy().any() else (False,)
    spec = UncertaintySpec(replications=replications, normalisations=("none",), aggregations=("amean", "gmean"),
                           imputation=imputation,
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
