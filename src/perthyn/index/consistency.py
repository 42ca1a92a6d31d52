"""Census consistency check: does each authority's view of its migrant population match the census?

Each self-assessment answer (considerably lower ... considerably higher than the national average)
is compared with the census: the area's share divided by the national share, cut into the same
five categories at the questionnaire's `consistency.cuts` (default 0.5, 0.8, 1.25, 2: a ratio
below 0.5 is "considerably lower", 0.8-1.25 "roughly the same", 2 or more "considerably
higher"). An answer more than `tolerance` categories away from the census category (default 0)
is inconsistent. Both are data in the questionnaire YAML and can be overridden.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .questionnaire import Questionnaire


def census_step(ratio: float, cuts) -> float:
    if ratio is None or np.isnan(ratio):
        return np.nan
    return float(np.searchsorted(np.asarray(cuts, dtype=float), ratio, side="right") - 2)


def check(answers: pd.DataFrame, census: pd.DataFrame, q: Questionnaire, *, cuts=None,
          tolerance: int | None = None) -> pd.DataFrame:
    """Compare answers with the census.

    answers: one row per authority with area_code and self-assessment question ids.
    census: area_code, name, measure (migrants / eu_migrants / non_eu_migrants), share, national_share
            (shares in percent), with source and period columns carried through when present.
    Returns one row per authority and answered measure, with both figures and `consistent`.
    """
    cuts = list(cuts or q.consistency.get("cuts"))
    tolerance = q.consistency.get("tolerance", 0) if tolerance is None else tolerance
    steps = {o[0]: o[1] for o in q.self_scale}
    labels = {o[1]: o[2].en for o in q.self_scale}
    rows = []
    for _, a in answers.iterrows():
        for sq in q.self_assessment:
            answer = str(a.get(sq.id, "") or "").strip()
            if answer not in steps:
                continue
            c = census[(census["area_code"] == a["area_code"]) & (census["measure"] == sq.measure)]
            if c.empty:
                continue
            c = c.iloc[0]
            ratio = c["share"] / c["national_share"] if c["national_share"] else np.nan
            cstep = census_step(ratio, cuts)
            rows.append({"area_code": a["area_code"], "name": c.get("name", ""), "measure": sq.measure,
                         "answer": answer, "answer_step": steps[answer], "area_share": c["share"],
                         "national_share": c["national_share"], "ratio": ratio,
                         "census_category": labels.get(cstep, ""), "census_step": cstep,
                         "difference": steps[answer] - cstep if not np.isnan(cstep) else np.nan,
                         "source": c.get("source", ""), "period": c.get("period", "")})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["consistent"] = out["difference"].abs() <= tolerance
    out["verdict"] = np.select([out["consistent"], out["difference"] > 0], ["consistent", "overestimate"],
                               "underestimate")
    return out


def inconsistent_authorities(result: pd.DataFrame) -> pd.DataFrame:
    """The authorities with at least one inconsistent answer, with both figures."""
    if result.empty:
        return result
    return result[~result["consistent"]].sort_values(["area_code", "measure"]).reset_index(drop=True)
