"""MIPEX check: recompute the overall score from the policy-area scores and find stored values
that cannot be right.

MIPEX 2020 (2019 policies) publishes 8 area scores; its headline overall score is the mean of the
7 areas other than Health. Where a country's recomputed mean misses the published overall by more
than the rounding tolerance, the area whose stored value would have to change to reconcile them is
found by solving for it: implied = 7 x overall - sum(other six). A stored 0 whose implied value is
near 100 is a 100 written as 0. When several areas could reconcile the overall (a country with two
stored zeros), the candidate is the one whose implied value the country's other published figures
(the remaining areas and the three dimension scores) predict best, by a least-squares fit on the
consistent countries.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from perthyn.errors import Collector

AREAS = ["LABOUR MARKET MOBILITY", "FAMILY REUNION", "EDUCATION", "HEALTH", "POLITICAL PARTICIPATION",
         "PERMANENT RESIDENCE", "ACCESS TO NATIONALITY", "ANTI-DISCRIMINATION"]
OVERALL = "OVERALL SCORE"
EXCLUDED = "HEALTH"


def read_mipex(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    frame = pd.read_csv(path, sep=None, engine="python", dtype=str)
    frame.columns = [c.strip() for c in frame.columns]
    problems = Collector(file=str(path))
    for col in ["COUNTRY", OVERALL, *AREAS]:
        if col not in frame.columns:
            problems.add(f"column '{col}' is missing", line=1, column=col, fix="use the MIPEX 2020 column names")
    problems.raise_if_any()
    for col in [OVERALL, *AREAS]:
        values = pd.to_numeric(frame[col].str.strip(), errors="coerce")
        for i in np.flatnonzero(values.isna().to_numpy()):
            problems.add(f"'{frame[col].iloc[i]}' is not a number", row=i + 1, line=i + 2, column=col,
                         fix="area and overall scores are numbers from 0 to 100")
        frame[col] = values
    problems.raise_if_any()
    for col in frame.columns:
        if col != "COUNTRY" and col not in AREAS and col != OVERALL:
            frame[col] = pd.to_numeric(frame[col].astype(str).str.strip(), errors="coerce")
    return frame


def _predict(frame: pd.DataFrame, fit_rows: pd.Series, i, area: str) -> float:
    """Least-squares prediction of one area's score from every other published figure."""
    features = [c for c in frame.columns if c not in ("COUNTRY", area) and not c.startswith("OVERALL")
                and pd.api.types.is_numeric_dtype(frame[c])]
    rows = fit_rows & frame[features].notna().all(axis=1)
    x = np.column_stack([np.ones(rows.sum()), frame.loc[rows, features].to_numpy(float)])
    beta = np.linalg.lstsq(x, frame.loc[rows, area].to_numpy(float), rcond=None)[0]
    xi = frame.loc[i, features].to_numpy(float)
    return float(beta[0] + np.nan_to_num(xi) @ beta[1:])


def recompute(frame: pd.DataFrame, tolerance: float = 1.0) -> pd.DataFrame:
    """Per country: published overall, recomputed mean of the 7 areas, difference, consistent."""
    used = [a for a in AREAS if a != EXCLUDED]
    out = frame[["COUNTRY", OVERALL]].copy()
    out["recomputed"] = frame[used].mean(axis=1)
    out["difference"] = out["recomputed"] - out[OVERALL]
    out["consistent"] = out["difference"].abs() <= tolerance
    return out


def find_defects(frame: pd.DataFrame, tolerance: float = 1.0) -> pd.DataFrame:
    """For each inconsistent country, the area whose stored value would reconcile the overall."""
    used = [a for a in AREAS if a != EXCLUDED]
    check = recompute(frame, tolerance)
    rows = []
    for i in check.index[~check["consistent"]]:
        total = frame.loc[i, used].sum()
        candidates = []
        for area in used:
            implied = len(used) * frame.at[i, OVERALL] - (total - frame.at[i, area])
            if -len(used) / 2 <= implied <= 100 + len(used) / 2 and abs(implied - frame.at[i, area]) > tolerance:
                misfit = abs(_predict(frame, check["consistent"], i, area) - implied)
                candidates.append((misfit, area, implied))
        if candidates:
            _, area, implied = min(candidates)
            stored = frame.at[i, area]
            kind = "100 stored as 0" if stored == 0 and implied >= 100 - len(used) / 2 else "value inconsistent"
            rows.append({"COUNTRY": frame.at[i, "COUNTRY"], "area": area, "stored": stored,
                         "implied": round(float(implied), 1), "published_overall": frame.at[i, OVERALL],
                         "recomputed_before": round(float(check.at[i, "recomputed"]), 2), "defect": kind,
                         "candidates": len(candidates)})
    return pd.DataFrame(rows, columns=["COUNTRY", "area", "stored", "implied", "published_overall",
                                       "recomputed_before", "defect", "candidates"])


def repair(frame: pd.DataFrame, defects: pd.DataFrame) -> pd.DataFrame:
    """Set each '100 stored as 0' cell back to 100."""
    fixed = frame.copy()
    for _, d in defects[defects["defect"] == "100 stored as 0"].iterrows():
        fixed.loc[fixed["COUNTRY"] == d["COUNTRY"], d["area"]] = 100.0
    return fixed
