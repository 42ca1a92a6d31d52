"""The one disclosure-control gate every table passes before it leaves the core for a person.

    gated = gate(table, policy=DisclosurePolicy(threshold=10), n_col="n",
                 value_cols=("estimate", "se", "ci_low", "ci_high"), group_cols=("area_code", "migrant"))
    gated.table   # same rows; hidden cells missing; `suppressed` and `suppression_reason` added
    gated.report  # one line per hidden cell: row keys, column, kind (primary/secondary), reason

The unit of suppression is the row: a row whose unweighted count is too small has every statistic in
it hidden (its estimate, interval, counts and weighted counts), because each of them can reveal the
others. Rows from different tables (table_cols, e.g. indicator_id) are never combined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .policy import DisclosurePolicy
from .relations import find_relations, is_total
from .secondary import recoverable, secondary_suppress


@dataclass(frozen=True)
class Gated:
    table: pd.DataFrame
    report: pd.DataFrame
    policy: DisclosurePolicy

    @property
    def hidden(self) -> int:
        return int(self.table["suppressed"].sum())


def _label(row: pd.Series, group_cols) -> str:
    parts = [f"{c}={row[c]}" for c in group_cols if not is_total(row[c])]
    return ", ".join(parts) or "all"


def gate(
    table: pd.DataFrame,
    *,
    policy: DisclosurePolicy = DisclosurePolicy(),
    n_col: str = "n",
    value_cols=None,
    count_cols=(),
    group_cols=(),
    table_cols=(),
) -> Gated:
    """Apply the policy. value_cols=None hides every other numeric column of a hidden row too."""
    if n_col not in table.columns:
        raise ValueError(f"the gate needs the unweighted count column '{n_col}'; columns are {list(table.columns)}")
    group_cols, table_cols, count_cols = list(group_cols), list(table_cols), list(count_cols)
    missing = [c for c in group_cols + table_cols + count_cols + list(value_cols or ()) if c not in table.columns]
    if missing:
        raise ValueError(f"columns not in the table: {missing}")
    if policy.cell_key and not table.attrs.get("perthyn_cell_key"):
        raise ValueError("policy.cell_key needs counts made by perthyn.disclosure.cellkey.perturbed_counts")
    keys = set(group_cols) | set(table_cols) | {n_col} | set(count_cols)
    if value_cols is None:
        value_cols = [c for c in table.columns if c not in keys and pd.api.types.is_numeric_dtype(table[c])
                      and not pd.api.types.is_bool_dtype(table[c])]
    value_cols = [c for c in value_cols if c not in keys]
    counted = [n_col] + count_cols

    out = table.reset_index(drop=True).copy()
    counts = {c: pd.to_numeric(out[c], errors="coerce").to_numpy(dtype=float) for c in counted}
    size = np.nan_to_num(counts[n_col], nan=0.0)

    reasons: dict[int, tuple[str, str, str]] = {}   # row -> (kind, column that triggered, reason)
    for c in counted:
        v = counts[c]
        small = (v > 0) & (v < policy.threshold)
        for i in np.flatnonzero(small):
            if i not in reasons:
                reasons[i] = ("primary", c, f"{c} below the threshold of {policy.threshold}")
    # a rate or mean with no count behind it cannot be checked: hide it rather than guess
    no_n = np.isnan(counts[n_col])
    for i in np.flatnonzero(no_n):
        if policy.cell_key:
            reasons.setdefault(i, ("primary", n_col, f"perturbed count below the threshold of {policy.threshold}"))
        elif i not in reasons and any(pd.notna(out.at[i, c]) for c in value_cols):
            reasons[i] = ("primary", n_col, f"no unweighted count ({n_col}) to check against the threshold")

    exposed: set[int] = set()
    if policy.secondary and not policy.cell_key:
        blocks = out.groupby(table_cols, dropna=False, sort=False).indices if table_cols else {(): np.arange(len(out))}
        for rows in blocks.values():
            rows = np.asarray(rows)
            local = out.iloc[rows]
            rels = find_relations(local, group_cols)
            primary = {j for j, r in enumerate(rows) if r in reasons}
            if not primary:
                continue
            added = secondary_suppress(primary, rels, size[rows])
            for j, protects in added.items():
                reasons[rows[j]] = ("secondary", n_col,
                                    f"hidden so that {_label(out.iloc[rows[protects]], group_cols)} cannot be worked out from totals")
            exposed |= {rows[j] for j in recoverable(primary | set(added), rels)}

    hidden = np.zeros(len(out), bool)
    hidden[list(reasons)] = True
    key_cols = table_cols + group_cols
    idx = sorted(reasons)
    per_row = out.loc[idx, key_cols].copy() if idx else pd.DataFrame(columns=key_cols)
    per_row.insert(0, "row", idx)
    per_row["kind"] = [reasons[i][0] for i in idx]
    per_row["reason"] = [reasons[i][2] + ("; WARNING: still derivable from an external total (no cell left to hide "
                                          "with it)" if i in exposed else "") for i in idx]
    hidden_cols = pd.DataFrame({"column": counted + value_cols})
    report = per_row.merge(hidden_cols, how="cross")[["row"] + key_cols + ["column", "kind", "reason"]]

    for c in counted + value_cols:
        if hidden.any():
            if pd.api.types.is_integer_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
                out[c] = out[c].astype("Int64" if pd.api.types.is_integer_dtype(out[c]) else "boolean")
            out.loc[hidden, c] = pd.NA if str(out[c].dtype) in ("Int64", "boolean", "string") else np.nan
    if policy.rounding_base:
        base = policy.rounding_base
        for c in counted:
            col = pd.to_numeric(out[c], errors="coerce")
            rounded = (np.floor(col / base + 0.5) * base)
            out[c] = rounded.astype("Int64") if rounded.dropna().eq(rounded.dropna().round()).all() else rounded
    out["suppressed"] = hidden
    out["suppression_reason"] = [reasons[i][2] if i in reasons else "" for i in range(len(out))]
    return Gated(out, report, policy)


def gate_many(tables: dict[str, pd.DataFrame], **options) -> dict[str, Gated]:
    """Gate several outputs as one, so that nested groupings across them cannot be differenced.

    Outputs are stacked (columns missing in one are totals there), gated together, and split back.
    """
    stacked = pd.concat(list(tables.values()), ignore_index=True, sort=False)
    gated = gate(stacked, **options)
    result = {}
    start = 0
    for name, original in tables.items():
        stop = start + len(original)
        part = gated.table.iloc[start:stop].reset_index(drop=True)
        part = part[list(original.columns) + ["suppressed", "suppression_reason"]]
        rep = gated.report[(gated.report["row"] >= start) & (gated.report["row"] < stop)]
        rep = rep.assign(row=rep["row"] - start)
        rep = rep[[c for c in rep.columns if c in ("row", "column", "kind", "reason") or c in original.columns]]
        result[name] = Gated(part, rep.reset_index(drop=True), gated.policy)
        start = stop
    return result
