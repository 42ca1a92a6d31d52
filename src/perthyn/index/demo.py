"""Synthetic demo answers for a round (labelled as such wherever shown): plausible, reproducible,
and not anyone's real self-assessment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .questionnaire import Questionnaire


def demo_answers(q: Questionnaire, authorities: pd.DataFrame, census: pd.DataFrame | None = None,
                 seed: int = 2026) -> pd.DataFrame:
    """One row per authority (area_code, name) with an answer to every question.

    Each authority gets a latent 'maturity'; better-resourced authorities answer higher options
    more often. Self-assessments follow the census category with occasional misjudgements.
    """
    rng = np.random.default_rng(seed)
    rows = []
    steps = [o[0] for o in q.self_scale]
    for _, a in authorities.iterrows():
        maturity = rng.beta(2, 3)
        row = {"area_code": a["area_code"], "name": a.get("name", a.get("name_en", ""))}
        for question in q.questions:
            u = rng.random()
            if "not_applicable" in question.allow and u < 0.05:
                row[question.id] = "not_applicable"
            elif "dont_know" in question.allow and u < 0.12:
                row[question.id] = "dont_know"
            else:
                p_top = maturity * (0.6 if "data_collection" in question.tags else 1.0)
                pick = 0 if rng.random() < p_top else (1 if rng.random() < 0.5 else 2)
                row[question.id] = question.options[min(pick, len(question.options) - 1)].id
                if pick == 0 and rng.random() < 0.7:
                    row[question.id + "__link"] = f"https://example.org/{a['area_code'].lower()}/{question.id}"
        if census is not None:
            for sq in q.self_assessment:
                c = census[(census["area_code"] == a["area_code"]) & (census["measure"] == sq.measure)]
                if c.empty:
                    continue
                ratio = c.iloc[0]["share"] / c.iloc[0]["national_share"]
                cut = np.searchsorted(np.asarray(q.consistency["cuts"], dtype=float), ratio, side="right")
                cut = int(np.clip(cut + rng.choice([-1, 0, 0, 0, 1]), 0, len(steps) - 1))
                row[sq.id] = steps[cut]
        rows.append(row)
    return pd.DataFrame(rows).fillna("")
