"""Secondary suppression: hide more rows until no hidden row can be worked out exactly.

The algorithm (documented in docs/estimate-data.md):

1. Start from the primary hidden rows.
2. Closing step: any relation P = c1 + ... + ck (see relations.py) with exactly one hidden member gives
   that member away by subtraction, so hide one more member of it: the shown child with the smallest
   positive count (a child rather than the total, and a small cell rather than a large one, to lose
   as little information as possible); the total only when no child is left.
3. Audit step: a single hidden cell can still be isolated by combining several relations (for instance
   a row total minus a column total in a two-way table). Write every relation restricted to the hidden
   rows as a linear system M x = b. Hidden row j is exactly recoverable if and only if the unit vector
   e_j lies in the row space of M, i.e. every vector of the null space of M is zero at j. For each
   recoverable row we hide the cheapest shown member of a relation it appears in, then repeat 2-3.

Every step hides at least one more row, so the loop ends. Rows with a zero count are never used as
complements (they tell nothing and hiding them protects nothing). What this guarantees: no hidden value
can be derived exactly by adding and subtracting the values shown in the same output (and totals
assumed published elsewhere). It does not bound the interval an attacker can narrow a cell to using
non-negativity; the threshold and the choice of complements by size keep those intervals wide.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import null_space

from .relations import Relation


def recoverable(hidden: set[int], relations: list[Relation], tol: float = 1e-9) -> list[int]:
    """Hidden rows whose value follows exactly from the shown values through the relations."""
    if not hidden:
        return []
    order = sorted(hidden)
    pos = {r: j for j, r in enumerate(order)}
    rows = []
    for rel in relations:
        coef = np.zeros(len(order))
        touched = False
        if rel.parent is not None and rel.parent in pos:
            coef[pos[rel.parent]] = 1.0
            touched = True
        for c in rel.children:
            if c in pos:
                coef[pos[c]] -= 1.0
                touched = True
        if touched:
            rows.append(coef)
    if not rows:
        return []
    m = np.unique(np.vstack(rows), axis=0)
    basis = null_space(m)
    if basis.shape[1] == 0:
        return order
    free = np.abs(basis).max(axis=1) > tol
    return [order[j] for j in range(len(order)) if not free[j]]


def _cheapest(rel: Relation, hidden: set[int], size: np.ndarray) -> int | None:
    children = [c for c in rel.children if c not in hidden and size[c] > 0]
    if children:
        return min(children, key=lambda c: (size[c], c))
    if rel.parent is not None and rel.parent not in hidden and size[rel.parent] > 0:
        return rel.parent
    return None


def secondary_suppress(primary: set[int], relations: list[Relation], size: np.ndarray) -> dict[int, int]:
    """Return {added row: the hidden row it protects} for the complementary suppressions."""
    hidden = set(primary)
    added: dict[int, int] = {}
    by_member: dict[int, list[Relation]] = {}
    for rel in relations:
        for m in rel.members:
            by_member.setdefault(m, []).append(rel)

    while True:
        changed = True
        while changed:  # closing step
            changed = False
            for rel in relations:
                inside = [m for m in rel.members if m in hidden]
                if len(inside) == 1:
                    pick = _cheapest(rel, hidden, size)
                    if pick is not None:
                        hidden.add(pick)
                        added[pick] = inside[0]
                        changed = True
        exposed = recoverable(hidden, relations)
        progress = False
        for j in exposed:  # audit step
            options = [(p, rel) for rel in by_member.get(j, []) if (p := _cheapest(rel, hidden, size)) is not None]
            if options:
                pick = min(options, key=lambda o: (size[o[0]], o[0]))[0]
                hidden.add(pick)
                added[pick] = j
                progress = True
                break  # re-run the cheap closing step before auditing again
        if not progress:
            return added
