"""Disclosure within a row: a shown row (n >= threshold) may still hold a small count (gains = 1, improved = 2).

Each shown row's counts are laid out as the small frequency table they come from, with its margins, and that
table goes through `perthyn.disclosure.gate` on its own (one block per row, `table_cols`), so the gate's
threshold, secondary suppression and optional rounding apply to every count, not just to `n`:

- a domain row: n = improved + unchanged + worse, and n = reliably better + reliably worse + no reliable change;
- a question row: the 2x2 table of "in a good position" before x after with its margins, where
  positive_baseline = (yes, any), positive_latest = (any, yes), gains = (no, yes), losses = (yes, no).

A count the gate hides is blanked with whatever would give it away: its share or rate, and for gains or
losses McNemar's p-value. If the gate has to hide a block's total, the whole row is hidden. Cells the table
does not show (e.g. "yes before and after") still take part, so nothing hidden can be worked out by adding
and subtracting what is shown. A count that is already missing (unknown, e.g. hidden in a source return)
stays missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perthyn.disclosure import DisclosurePolicy, gate

from .stats import mcnemar

ANY = "all"  # the gate's total marker

DOMAIN_DEPENDENTS = {"improved": ("share_improved",), "unchanged": ("share_unchanged",), "worse": ("share_worse",),
                     "reliable_improved": (), "reliable_worse": ()}
QUESTION_DEPENDENTS = {"positive_baseline": ("rate_baseline",), "positive_latest": ("rate_latest",),
                       "gains": ("mcnemar_p",), "losses": ("mcnemar_p",)}


def _num(v) -> float:
    try:
        return float(v) if pd.notna(v) else np.nan
    except (TypeError, ValueError):
        return np.nan


def _domain_blocks(r) -> list[tuple[str, dict]]:
    n = _num(r["n"])
    blocks = [("direction", {("all",): (n, "n"), **{(k,): (_num(r[k]), k) for k in ("improved", "unchanged", "worse")}})]
    if "reliable_improved" in r and not np.isnan(_num(r["reliable_improved"])) and not np.isnan(_num(r["reliable_worse"])):
        ri, rw = _num(r["reliable_improved"]), _num(r["reliable_worse"])
        blocks.append(("reliable", {("all",): (n, "n"), ("reliable_improved",): (ri, "reliable_improved"),
                                    ("reliable_worse",): (rw, "reliable_worse"), ("no_reliable_change",): (n - ri - rw, None)}))
    return blocks


def _question_blocks(r) -> list[tuple[str, dict]]:
    n, pb, pl, g, lo = (_num(r[k]) for k in ("n", "positive_baseline", "positive_latest", "gains", "losses"))
    return [("pairs", {
        (ANY, ANY): (n, "n"), ("yes", ANY): (pb, "positive_baseline"), ("no", ANY): (n - pb, None),
        (ANY, "yes"): (pl, "positive_latest"), (ANY, "no"): (n - pl, None),
        ("yes", "yes"): (pb - lo, None), ("yes", "no"): (lo, "losses"), ("no", "yes"): (g, "gains"),
        ("no", "no"): (n - pb - g, None),
    })]


def _gate_cells(table: pd.DataFrame, policy: DisclosurePolicy, layout, group_cols: tuple[str, ...], dependents: dict,
                label_col: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = table.reset_index(drop=True).copy()
    if "hidden_cells" not in out.columns:
        out["hidden_cells"] = ""
    recs, where = [], []
    for i, r in out.iterrows():
        if bool(r.get("suppressed", False)) or np.isnan(_num(r["n"])):
            continue
        for block, cells in layout(r):
            for key, (count, column) in cells.items():
                recs.append({"_row": i, "_block": block, **dict(zip(group_cols, key)), "count": count})
                where.append((i, column))
    empty_report = pd.DataFrame(columns=["row", label_col, "column", "kind", "reason"])
    if not recs:
        return out, empty_report
    long = pd.DataFrame(recs)
    g = gate(long, policy=policy, n_col="count", value_cols=(), group_cols=group_cols, table_cols=("_row", "_block"))
    cells = g.table
    counts = [c for c in dependents if c in out.columns]
    for c in counts + ["n"]:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    hidden_rows: set[int] = set()
    hidden_cols: dict[int, list[str]] = {}
    for j, (i, column) in enumerate(where):
        if column is None:
            continue
        if column != "n" and np.isnan(_num(cells.at[j, "count"])) and bool(cells.at[j, "suppressed"]) is False:
            # unknown already (hidden in a source return): hidden here too, with what depends on it
            if column not in hidden_cols.get(i, []):
                hidden_cols.setdefault(i, []).append(column)
            continue
        if bool(cells.at[j, "suppressed"]):
            if column == "n":
                hidden_rows.add(i)
            elif column not in hidden_cols.get(i, []):
                hidden_cols.setdefault(i, []).append(column)
        elif policy.rounding_base and pd.notna(cells.at[j, "count"]):
            out.at[i, column] = float(cells.at[j, "count"])
    report = []
    for i, cols in hidden_cols.items():
        if i in hidden_rows:
            continue
        for c in cols:
            out.at[i, c] = np.nan
            for dep in dependents.get(c, ()):
                if dep in out.columns:
                    out.at[i, dep] = np.nan
        out.at[i, "hidden_cells"] = ";".join(cols)
        out.at[i, "suppression_reason"] = (f"counts below the threshold of {policy.threshold}, or that would reveal "
                                           f"one, hidden: {', '.join(cols)}")
        report += [{"row": i, label_col: out.at[i, label_col], "column": c, "kind": "cell",
                    "reason": f"{c} hidden within the row (threshold {policy.threshold})"} for c in cols]
    value_cols = [c for c in out.columns if c not in {label_col, "suppressed", "suppression_reason", "hidden_cells"}
                  and pd.api.types.is_numeric_dtype(out[c])]
    for i in hidden_rows:  # the gate had to hide a total: hide the row whole
        out.loc[i, value_cols] = np.nan
        out.at[i, "suppressed"] = True
        out.at[i, "suppression_reason"] = "hidden so that a small count within it cannot be worked out"
        report.append({"row": i, label_col: out.at[i, label_col], "column": "n", "kind": "secondary",
                       "reason": out.at[i, "suppression_reason"]})
    if policy.rounding_base:
        _recompute(out, dependents)
    for c in counts + ["n"]:  # counts are whole numbers again (missing where hidden)
        out[c] = pd.to_numeric(out[c], errors="coerce").round().astype("Int64")
    return out, pd.DataFrame(report, columns=empty_report.columns)


def _recompute(out: pd.DataFrame, dependents: dict) -> None:
    """After rounding, rates and shares come from the rounded counts, so they give no exact count away."""
    n = out["n"]
    for c, deps in dependents.items():
        for dep in deps:
            if dep == "mcnemar_p":
                out[dep] = [mcnemar(int(b), int(l)).p_value if pd.notna(b) and pd.notna(l) else np.nan
                            for b, l in zip(out["gains"], out["losses"])]
            elif dep in out.columns and c in out.columns:
                out[dep] = out[c] / n.where(n > 0)


def gate_domain_cells(table: pd.DataFrame, policy: DisclosurePolicy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small improved / unchanged / worse and reliable-change counts inside shown domain rows."""
    deps = {k: v for k, v in DOMAIN_DEPENDENTS.items() if k in table.columns}
    return _gate_cells(table, policy, _domain_blocks, ("part",), deps, "domain")


def gate_question_cells(table: pd.DataFrame, policy: DisclosurePolicy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small positive-at-baseline / latest, gains and losses counts inside shown question rows."""
    return _gate_cells(table, policy, _question_blocks, ("before", "after"), QUESTION_DEPENDENTS, "question")
