"""The building block of every estimator: a signed ratio term over a domain mask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir


@dataclass(frozen=True)
class Term:
    sign: float
    num: Any                 # column name, Ibis expression or Deferred
    den: Any | None = 1.0    # None: a total, not a ratio
    mask: Any | None = None  # boolean: rows of this term's domain


def value(table: ir.Table, x):
    if isinstance(x, str):
        return table[x]
    if isinstance(x, (int, float)):
        return ibis.literal(float(x))
    if hasattr(x, "resolve") and not isinstance(x, ir.Expr):
        return x.resolve(table)
    return x


def numeric(v):
    return v.cast("float64") if v.type().is_boolean() or v.type().is_integer() or v.type().is_decimal() else v


def signed_sum(terms, parts):
    """sum_c sign_c * part_c, written without multiplying by 1 (keeps the SQL readable)."""
    out = None
    for term, part in zip(terms, parts):
        if out is None:
            out = part if term.sign == 1 else term.sign * part
        elif term.sign == 1:
            out = out + part
        elif term.sign == -1:
            out = out - part
        else:
            out = out + term.sign * part
    return out
