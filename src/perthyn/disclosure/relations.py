"""Find the additive relations between the rows of one output.

A row describes a domain: a conjunction of conditions on the group columns, where a missing value or a
total marker ("all") means "any". Row P and the rows that add exactly one more condition on the same
column c partition P (the same people, split by c), so for every count: P = sum(children). Unweighted and
weighted counts and weighted totals behind means are all additive this way, so one set of relations
covers every column of the row.

When P itself is not in the output we still record the relation with P "external": its total may well be
published elsewhere (a census table, another output), so a careful gate assumes it is known. Two rows with
the same conditions are tied by an equality relation (one shown would reveal the other).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOTAL_MARKERS = frozenset({"all", "total", "All", "Total", "ALL", "TOTAL", "*"})


def is_total(value) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(value, str) and value in TOTAL_MARKERS


@dataclass(frozen=True)
class Relation:
    parent: int | None          # positional row index, or None when the total is outside this output
    children: tuple[int, ...]   # positional row indices that add up to the parent
    column: str                 # the column that splits the parent ("=" for duplicate rows)

    @property
    def members(self) -> tuple[int, ...]:
        return ((self.parent,) if self.parent is not None else ()) + self.children


def domain_keys(table: pd.DataFrame, group_cols, table_cols) -> list[tuple]:
    """One hashable key per row: (table key, frozenset of (column, value) conditions)."""
    keys = []
    group_cols, table_cols = list(group_cols), list(table_cols)
    gvals = table[group_cols].to_numpy(dtype=object) if group_cols else [()] * len(table)
    tvals = table[table_cols].to_numpy(dtype=object) if table_cols else [()] * len(table)
    for g, t in zip(gvals, tvals):
        cond = frozenset((c, v) for c, v in zip(group_cols, g) if not is_total(v))
        keys.append((tuple(t), cond))
    return keys


def find_relations(table: pd.DataFrame, group_cols=(), table_cols=()) -> list[Relation]:
    keys = domain_keys(table, group_cols, table_cols)
    by_key: dict[tuple, list[int]] = {}
    for i, k in enumerate(keys):
        by_key.setdefault(k, []).append(i)

    relations: list[Relation] = []
    for rows in by_key.values():
        for a, b in zip(rows, rows[1:]):
            relations.append(Relation(a, (b,), "="))

    # group children by (table, parent conditions, splitting column); one representative per duplicate key
    splits: dict[tuple, list[int]] = {}
    for (tkey, cond), rows in by_key.items():
        for col, val in cond:
            parent_cond = cond - {(col, val)}
            splits.setdefault((tkey, parent_cond, col), []).append(rows[0])
    for (tkey, parent_cond, col), children in splits.items():
        parent_rows = by_key.get((tkey, parent_cond))
        parent = parent_rows[0] if parent_rows else None
        if parent is None and len(children) < 2:
            continue  # a lone child of an unseen total partitions nothing we can see
        relations.append(Relation(parent, tuple(sorted(children)), col))
    return relations
