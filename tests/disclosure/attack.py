"""An attacker, written independently of the gate: it knows how every published cell is built from the
finest cells (the atoms) and tries to work out hidden cells from the shown ones.

A hidden cell h is exactly recoverable iff its atom-indicator vector is a linear combination of the
shown cells' atom-indicator vectors (rank test), and `subtract` also does it the way a person would:
repeatedly find a total with exactly one unknown part and subtract.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd


def atoms_of(row, dims, levels):
    """Indices of the full cross-classification cells that make up a published row (NaN/'all' = any)."""
    choices = []
    for d in dims:
        v = row[d]
        choices.append(levels[d] if (v is None or (isinstance(v, float) and np.isnan(v)) or v == "all") else [v])
    full = list(itertools.product(*[levels[d] for d in dims]))
    index = {cell: i for i, cell in enumerate(full)}
    return [index[c] for c in itertools.product(*choices)]


def design(table, dims, levels):
    n_atoms = int(np.prod([len(levels[d]) for d in dims]))
    a = np.zeros((len(table), n_atoms))
    for i, (_, row) in enumerate(table.iterrows()):
        a[i, atoms_of(row, dims, levels)] = 1.0
    return a


def recoverable_by_rank(table, hidden_mask, dims, levels):
    a = design(table, dims, levels)
    shown = a[~hidden_mask]
    base = np.linalg.matrix_rank(shown) if len(shown) else 0
    out = []
    for i in np.flatnonzero(hidden_mask):
        if np.linalg.matrix_rank(np.vstack([shown, a[i]])) == base:
            out.append(i)
    return out


def _free(v):
    return v is None or (isinstance(v, float) and np.isnan(v)) or v == "all"


def subtract(table, hidden_mask, dims, levels, values):
    """Solve hidden cells the way a person would: a total minus all but one of its parts, repeated."""
    rows = [tuple(None if _free(r[d]) else r[d] for d in dims) for _, r in table.iterrows()]
    where = {}
    for i, key in enumerate(rows):
        where.setdefault(key, i)
    known = {i: values[i] for i in range(len(rows)) if not hidden_mask[i]}
    found = {}
    changed = True
    while changed:
        changed = False
        for key, p in where.items():
            for k, d in enumerate(dims):
                if key[k] is not None:
                    continue
                parts = [where.get(key[:k] + (v,) + key[k + 1:]) for v in levels[d]]
                if any(x is None for x in parts):
                    continue
                group = [p] + parts
                unknown = [x for x in group if x not in known]
                if len(unknown) != 1:
                    continue
                x = unknown[0]
                rest = sum(known[q] for q in parts if q != x)
                known[x] = known[p] - rest if x != p else sum(known[q] for q in parts)
                found[x] = known[x]
                changed = True
    return found
