"""Distance travelled: change between each person's first and latest reading, and cohort summaries.

Person-level tables stay inside the organisation. Cohort tables are passed through the disclosure
gate (`perthyn.disclosure.gate`) before anyone sees them: nothing from fewer people than the threshold.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .bank import Bank
from .scoring import domain_scores, with_scores
from .stats import cronbach_alpha, mcnemar, reliable_change

CHANGE_TOLERANCE = 1e-9


def _first_last(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """First and latest reading per key, for keys with at least two readings."""
    df = df.sort_values(["taken_on", "reading"])
    g = df.groupby(keys, sort=True)
    first, last = g.head(1).set_index(keys), g.tail(1).set_index(keys)
    counts = g.size()
    both = counts[counts >= 2].index
    return first.loc[both], last.loc[both]


def person_distance(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Per person and domain: baseline score, latest score (0-10) and the change between them."""
    scores = domain_scores(answers, bank)
    first, last = _first_last(scores, ["person", "domain"])
    out = pd.DataFrame({
        "first_on": first["taken_on"], "latest_on": last["taken_on"],
        "baseline": first["score"], "latest": last["score"],
    })
    out["change"] = out["latest"] - out["baseline"]
    return out.reset_index()


def _direction(change: pd.Series) -> pd.Series:
    return np.sign(change.where(change.abs() > CHANGE_TOLERANCE, 0.0))


def domain_reliability(answers: pd.DataFrame, bank: Bank, known: dict | None = None) -> dict:
    """Reliability per domain: (value, source).

    In order of preference: a value passed in `known` (source "known"); one declared for the domain in the
    question bank (source "question_bank: <its source note>"); else Cronbach's alpha of the baseline answers.
    """
    known = known or {}
    df = with_scores(answers, bank)
    first_reading = df.sort_values(["taken_on", "reading"]).groupby("person")["reading"].first()
    base = df[df["reading"].isin(first_reading.values)]
    out = {}
    for domain, part in base.groupby("domain"):
        if domain in known:
            out[domain] = (float(known[domain]), "known")
            continue
        if domain in bank.reliability:
            declared = bank.reliability[domain]
            out[domain] = (declared.value, f"question_bank: {declared.source}")
            continue
        wide = part.pivot_table(index="person", columns="question", values="score", aggfunc="first")
        alpha = cronbach_alpha(wide)
        out[domain] = (alpha, "cronbach_alpha_baseline") if alpha == alpha else (math.nan, "")
    return out


def cohort_domains(answers: pd.DataFrame, bank: Bank, reliability: dict | None = None) -> pd.DataFrame:
    """Per domain: n, mean baseline, mean change, shares improved/unchanged/worse, reliable change counts."""
    dist = person_distance(answers, bank)
    rel = domain_reliability(answers, bank, reliability)
    rows = []
    for domain in bank.domains:
        part = dist[dist["domain"] == domain]
        n = len(part)
        if n == 0:
            continue
        d = _direction(part["change"])
        r, r_source = rel.get(domain, (math.nan, ""))
        sd = float(part["baseline"].std(ddof=1)) if n > 1 else math.nan
        rc = reliable_change(part["change"].to_numpy(), sd, r) if r == r else None
        rows.append({
            "domain": domain,
            "n": n,
            "mean_baseline": float(part["baseline"].mean()),
            "mean_latest": float(part["latest"].mean()),
            "mean_change": float(part["change"].mean()),
            "improved": int((d > 0).sum()), "unchanged": int((d == 0).sum()), "worse": int((d < 0).sum()),
            "share_improved": float((d > 0).mean()), "share_unchanged": float((d == 0).mean()),
            "share_worse": float((d < 0).mean()),
            "reliability": r, "reliability_source": r_source,
            "reliable_improved": int((rc["reliable"] == "improved").sum()) if rc is not None else pd.NA,
            "reliable_worse": int((rc["reliable"] == "worse").sum()) if rc is not None else pd.NA,
        })
    return pd.DataFrame(rows)


def cohort_questions(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Per question: people in a positive state at baseline and latest, gains and losses, McNemar's test."""
    df = with_scores(answers, bank)
    first, last = _first_last(df, ["person", "question"])
    pair = pd.DataFrame({"before": first["positive"], "after": last["positive"]}).reset_index()
    rows = []
    for q in bank.questions:
        part = pair[pair["question"] == q.id]
        n = len(part)
        if n == 0:
            continue
        gains = int((~part["before"] & part["after"]).sum())
        losses = int((part["before"] & ~part["after"]).sum())
        test = mcnemar(gains, losses)
        rows.append({
            "question": q.id, "indicator": q.indicator, "domain": q.domain, "n": n,
            "positive_baseline": int(part["before"].sum()), "positive_latest": int(part["after"].sum()),
            "rate_baseline": float(part["before"].mean()), "rate_latest": float(part["after"].mean()),
            "gains": gains, "losses": losses, "mcnemar_p": test.p_value,
        })
    return pd.DataFrame(rows)


def gated_cohort(answers: pd.DataFrame, bank: Bank, *, threshold: int = 10, reliability: dict | None = None,
                 rounding_base: int | None = None) -> dict:
    """Cohort summaries ready to show: both tables through the disclosure gate, rows and then cells.

    First the gate checks `n`, the people behind each row: a row from fewer people than the threshold is
    hidden whole. Then every count inside a shown row (improved, unchanged, worse, reliably better or worse;
    positive at baseline or latest, gains, losses) goes through the gate as the small table it comes from
    (`perthyn.outcomes.cells`): a count below the threshold, or one that would give such a count away, is
    hidden with its share, rate or p-value, and listed in `hidden_cells`. So no figure shown describes fewer
    than `threshold` people.
    """
    from perthyn.disclosure import DisclosurePolicy, Gated, gate

    from .cells import gate_domain_cells, gate_question_cells

    rows_policy = DisclosurePolicy(threshold=threshold)
    policy = DisclosurePolicy(threshold=threshold, rounding_base=rounding_base)
    domains = cohort_domains(answers, bank, reliability)
    questions = cohort_questions(answers, bank)
    out = {}
    if len(domains):
        g = gate(
            domains, policy=rows_policy, n_col="n",
            value_cols=("improved", "unchanged", "worse", "mean_baseline", "mean_latest", "mean_change", "share_improved", "share_unchanged",
                        "share_worse", "reliable_improved", "reliable_worse", "reliability"),
            group_cols=("domain",),
        )
        table, cells = gate_domain_cells(g.table, policy)
        out["domains"] = Gated(table, _report(g.report, cells), policy)
    if len(questions):
        g = gate(
            questions, policy=rows_policy, n_col="n",
            value_cols=("positive_baseline", "positive_latest", "gains", "losses", "rate_baseline", "rate_latest", "mcnemar_p"),
            group_cols=("question",),
        )
        table, cells = gate_question_cells(g.table, policy)
        out["questions"] = Gated(table, _report(g.report, cells), policy)
    return out


def _report(rows: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([rows, cells], ignore_index=True) if len(cells) else rows
