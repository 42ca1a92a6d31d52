"""Statistics for distance travelled: McNemar's test, Cronbach's alpha, Jacobson-Truax reliable change."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

RCI_CRITICAL = 1.96  # two-sided 5%: change beyond this many standard errors of a difference is reliable


@dataclass(frozen=True)
class McNemar:
    gains: int        # negative at baseline, positive at latest (b)
    losses: int       # positive at baseline, negative at latest (c)
    statistic: float  # chi-square with continuity correction, (|b-c|-1)^2/(b+c)
    p_chi2: float
    p_exact: float    # exact two-sided binomial test on the discordant pairs

    @property
    def p_value(self) -> float:
        # the exact test is right for the small counts a single organisation has
        return self.p_exact


def mcnemar(gains: int, losses: int) -> McNemar:
    b, c = int(gains), int(losses)
    n = b + c
    if n == 0:
        return McNemar(b, c, 0.0, 1.0, 1.0)
    statistic = (abs(b - c) - 1) ** 2 / n
    p_chi2 = float(stats.chi2.sf(statistic, df=1))
    p_exact = float(stats.binomtest(min(b, c), n, 0.5, alternative="two-sided").pvalue)
    return McNemar(b, c, float(statistic), p_chi2, min(p_exact, 1.0))


def cronbach_alpha(items: pd.DataFrame) -> float:
    """alpha = k/(k-1) * (1 - sum of item variances / variance of the total); complete rows only."""
    items = items.dropna()
    k = items.shape[1]
    if k < 2 or len(items) < 3:
        return math.nan
    item_var = items.var(axis=0, ddof=1).sum()
    total_var = items.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return math.nan
    return float(k / (k - 1) * (1 - item_var / total_var))


def se_difference(sd_baseline: float, reliability: float) -> float:
    """Jacobson & Truax (1991): S_diff = sqrt(2 * SE^2), SE = SD * sqrt(1 - r)."""
    if not (0 < reliability < 1) or not sd_baseline > 0:
        return math.nan
    return math.sqrt(2.0) * sd_baseline * math.sqrt(1.0 - reliability)


def reliable_change(change: pd.Series | np.ndarray, sd_baseline: float, reliability: float) -> pd.DataFrame:
    """RCI = change / S_diff and the verdict improved / no reliable change / worse for each person."""
    change = pd.Series(change, dtype=float)
    sdiff = se_difference(sd_baseline, reliability)
    rci = change / sdiff if sdiff == sdiff else pd.Series(np.nan, index=change.index)
    verdict = np.where(rci >= RCI_CRITICAL, "improved", np.where(rci <= -RCI_CRITICAL, "worse", "no_reliable_change"))
    verdict = np.where(rci.isna(), "", verdict)
    return pd.DataFrame({"change": change, "rci": rci, "reliable": verdict})
