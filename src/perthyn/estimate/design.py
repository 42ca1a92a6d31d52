"""A survey design over an Ibis table: weights, strata, PSUs, fpc, singleton policy, replicate weights.

Construction checks the design once in the engine (positive weights, PSUs nested in strata, one
fpc per stratum, singleton strata) and collects every problem into one InputErrors. After that the
design only adds columns to the table: estimators compile to grouped aggregations over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import pandas as pd

from perthyn.errors import Collector

SINGLETON_POLICIES = ("fail", "adjust", "average")
REPLICATE_TYPES = ("JK1", "BRR", "Fay", "bootstrap")

# Internal column names; the leading underscore keeps them clear of person-schema columns.
W, H, P, FPC = "_w", "_h", "_p", "_fpc"


@dataclass(frozen=True)
class ReplicateSpec:
    """Replicate weights carried by the data, as R survey's svrepdesign(combined.weights=TRUE).

    Variance = scale * sum_r rscales[r] * (theta_r - centre)^2, centre = mean of the replicate
    estimates (or the full-sample estimate when mse=True). Default scales follow R: JK1 (R-1)/R,
    BRR 1/R, Fay 1/(R (1-rho)^2), bootstrap 1/(R-1).
    """

    columns: tuple[str, ...]
    type: str = "JK1"
    rho: float | None = None
    scale: float | None = None
    rscales: tuple[float, ...] | None = None
    mse: bool = False
    df: int | None = None  # degrees of freedom for t intervals; default R - 1

    def __post_init__(self):
        object.__setattr__(self, "columns", tuple(self.columns))
        if self.rscales is not None:
            object.__setattr__(self, "rscales", tuple(float(r) for r in self.rscales))

    @property
    def resolved_scale(self) -> float:
        r = len(self.columns)
        if self.scale is not None:
            return float(self.scale)
        if self.type == "JK1":
            return (r - 1) / r
        if self.type == "BRR":
            return 1 / r
        if self.type == "Fay":
            return 1 / (r * (1 - self.rho) ** 2)
        return 1 / (r - 1)  # bootstrap

    @property
    def resolved_rscales(self) -> tuple[float, ...]:
        return self.rscales or (1.0,) * len(self.columns)


@dataclass(frozen=True)
class DesignSummary:
    rows: int
    strata: int
    psus: int
    degf: int | None
    singleton_strata: tuple = ()
    ok_strata: int = 0  # strata that give a variance (more than one PSU, or fully enumerated)


@dataclass
class Design:
    """A sampling design over an Ibis table (DuckDB, PySpark, any Ibis backend)."""

    table: ir.Table
    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    singleton: str = "fail"
    replicate: ReplicateSpec | None = None
    nest: bool = False  # True: PSU ids repeat across strata and are relative to their stratum
    source: str | None = None  # file name for error messages
    needed: tuple = ()  # further columns the caller will use (checked with the design's own)
    # columns the caller will average or divide: names, or (name, label) with the label used in messages
    # (e.g. ("sex", "--var")); they must be numbers, 0/1 or true/false
    numeric: tuple = ()
    summary: DesignSummary = field(init=False)

    def __post_init__(self):
        if isinstance(self.table, pd.DataFrame):
            self.table = ibis.memtable(self.table)
        self.summary = _check(self)

    @property
    def base(self) -> ir.Table:
        """The table with the design columns _w, _h, _p (and _fpc) added."""
        t = self.table
        cols = {W: t[self.weight].cast("float64") if self.weight else ibis.literal(1.0)}
        cols[H] = t[self.strata].cast("string") if self.strata else ibis.literal("all")
        if self.psu:
            psu = t[self.psu].cast("string")
            cols[P] = (cols[H] + ibis.literal("\x1f") + psu) if self.nest else psu
        if self.fpc:
            cols[FPC] = t[self.fpc].cast("float64")
        return t.mutate(**cols)

    @property
    def fpc_is_fraction(self) -> bool:
        return getattr(self, "_fpc_fraction", False)


def available(table: ir.Table, limit: int = 25) -> str:
    cols = list(table.columns)
    return ", ".join(cols[:limit]) + (f" ... ({len(cols)} columns)" if len(cols) > limit else "")


def _examples(table: ir.Table, condition, limit: int = 5) -> tuple:
    """1-based row numbers of a few rows meeting a condition (for error messages).

    Row order is the scan order of the file; engines that cannot number unordered rows (Spark)
    give no examples rather than wrong ones.
    """
    try:
        numbered = table.mutate(_row=ibis.row_number() + 1)
        hit = numbered.filter(condition)
        return tuple(int(r) for r in hit.order_by("_row").limit(limit).execute()["_row"])
    except Exception:  # noqa: BLE001 - examples are a courtesy; the count and column are still reported
        return ()


def _sample_values(col, limit: int = 5) -> str:
    try:
        vals = col.name("v").as_table().distinct().order_by("v").limit(limit).execute()["v"].dropna().tolist()
    except Exception:  # noqa: BLE001 - the values are a courtesy
        return ""
    return ", ".join(repr(str(v)) for v in vals)


def type_problems(c: Collector, t: ir.Table, checks) -> None:
    """Columns that must hold numbers: `checks` is (column, label, allow_boolean) for each.

    Strings (a category such as econ_activity) would fail deep inside the engine; here they are an
    error naming the file, the column, the option and the fix."""
    for col, label, allow_bool in checks:
        if col not in t.columns:
            continue
        dtype = t[col].type()
        if dtype.is_null() or dtype.is_numeric() or (allow_bool and dtype.is_boolean()):
            continue
        wanted = "a number, 0/1 or true/false" if allow_bool else "a number"
        sample = _sample_values(t[col]) if dtype.is_string() else ""
        fix = (f"choose a numeric column for {label}" if not allow_bool else
               f"choose a numeric or 0/1 column for {label}, or recode this one into 0/1 first "
               f"(e.g. employed = 1 where econ_activity is 'employed', else 0; a mean of 0/1 is a proportion)")
        c.add(f"column has type {dtype}" + (f" (values such as {sample})" if sample else "")
              + f", but {label} must be {wanted}", column=col, fix=fix)


def _numeric_checks(d: Design) -> list:
    checks = []
    if d.weight:
        checks.append((d.weight, "the weight (--weight)", False))
    if d.fpc:
        checks.append((d.fpc, "the fpc (--fpc)", False))
    for col in (d.replicate.columns if d.replicate else ()):
        checks.append((col, "a replicate weight (--replicate)", False))
    for item in d.numeric:
        col, label = (item, "the estimated variable") if isinstance(item, str) else item
        checks.append((col, label, True))
    return checks


def _split_examples(d: Design, psus: list, limit: int = 6) -> tuple:
    """Example rows of PSUs found in more than one stratum: the first row of each (PSU, stratum), so
    the rows shown put one PSU id in two strata (1-based, file order, as the schema check numbers them)."""
    from .schema import ROW, numbered

    try:
        nt = numbered(d.table)
        hit = nt.filter(nt[d.psu].cast("string").isin(list(psus)))
        first = hit.group_by([d.psu, d.strata]).aggregate(_first=hit[ROW].min())
        rows = first.order_by([d.psu, "_first"]).limit(limit).execute()["_first"]
        return tuple(sorted(int(r) for r in rows))
    except Exception:  # noqa: BLE001 - examples are a courtesy (engines that cannot number rows give none)
        return ()


def _check(d: Design) -> DesignSummary:
    from ibis import _

    c = Collector(file=d.source)
    t = d.table
    if d.singleton not in SINGLETON_POLICIES:
        c.add(f"unknown singleton policy {d.singleton!r}", fix=f"use one of {', '.join(SINGLETON_POLICIES)}")
    names = [n for n in (d.weight, d.strata, d.psu, d.fpc) if n]
    if d.replicate:
        names += list(d.replicate.columns)
        if d.replicate.type not in REPLICATE_TYPES:
            c.add(f"unknown replicate type {d.replicate.type!r}", fix=f"use one of {', '.join(REPLICATE_TYPES)}")
        if d.replicate.type == "Fay" and d.replicate.rho is None:
            c.add("Fay replicate weights need rho", fix="give ReplicateSpec(..., type='Fay', rho=0.5) or your survey's rho")
        if len(d.replicate.columns) < 2:
            c.add("replicate designs need at least two replicate weight columns", column=",".join(d.replicate.columns))
        if d.replicate.rscales and len(d.replicate.rscales) != len(d.replicate.columns):
            c.add("rscales must have one value per replicate column", fix=f"give {len(d.replicate.columns)} values")
    for n in dict.fromkeys(names + list(d.needed)):
        if n not in t.columns:
            c.add("column not found in the data", column=n, fix=f"choose one of: {available(t)}")
    before = len(c.problems)
    typed = _numeric_checks(d)
    type_problems(c, t, [ch for ch in typed if not ch[2]])   # weights and fpc: later checks need numbers
    mistyped = len(c.problems) > before
    type_problems(c, t, [ch for ch in typed if ch[2]])       # variables: reported with the rest
    if any(n not in t.columns for n in names) or (d.replicate and c.problems) or mistyped:
        c.raise_if_any("The survey design does not fit the data")
    # From here every check runs and all problems are reported together.

    # Weights (main and replicate) must be present and positive (replicates may be zero).
    checks = []
    if d.weight:
        checks.append((d.weight, t[d.weight].isnull() | (t[d.weight] <= 0), "weights must be positive and not missing",
                       "drop rows outside the population before estimating, or correct the weights"))
    for col in (d.replicate.columns if d.replicate else ()):
        checks.append((col, t[col].isnull() | (t[col] < 0), "replicate weights must be zero or positive and not missing",
                       "correct the replicate weight column"))
    if d.fpc:
        checks.append((d.fpc, t[d.fpc].isnull() | (t[d.fpc] <= 0), "fpc must be positive and not missing",
                       "give the population number of PSUs in the stratum, or the sampling fraction (0 < f <= 1)"))
    # One pass counts the rows and every kind of bad value (few queries matter on Spark).
    counts = t.aggregate(_rows=t.count(),
                         **{f"bad{i}": cond.cast("int64").sum() for i, (_, cond, _, _) in enumerate(checks)}).execute()
    for i, (col, cond, msg, fix) in enumerate(checks):
        n = int(counts[f"bad{i}"].iloc[0] or 0)
        if n:
            c.add(msg, column=col, count=n, rows=_examples(t, cond), fix=fix)
    n_rows = int(counts["_rows"].iloc[0])
    base = d.base
    if d.replicate:
        c.raise_if_any("The survey design does not fit the data")
        return DesignSummary(rows=n_rows, strata=1, psus=n_rows, degf=d.replicate.df or len(d.replicate.columns) - 1)

    if d.psu and d.strata and not d.nest:
        # Each PSU must sit in exactly one stratum.
        bad_psus = base.group_by(P).aggregate(k=base[H].nunique()).filter(_.k > 1)
        bad = bad_psus.order_by(P).limit(5).execute()[P].tolist()
        if bad:
            nbad = int(bad_psus.count().execute())
            affected = int(base.semi_join(bad_psus, P).count().execute())
            c.add(f"PSUs are not nested in strata: {nbad} PSU id(s) appear in more than one stratum, e.g. "
                  f"{', '.join(bad)}", column=d.psu, count=affected, rows=_split_examples(d, bad),
                  fix="give PSUs ids unique across strata (e.g. stratum + '-' + psu), or pass nest=True (--nest) "
                      "if PSU ids are numbered within each stratum")

    npsu = base[P].nunique() if d.psu else base.count()
    aggs = {"n_h": npsu}
    if d.fpc:
        aggs.update(fpc_lo=base[FPC].min(), fpc_hi=base[FPC].max())
    strata = base.group_by(H).aggregate(**aggs).order_by(H).execute()
    if d.fpc:
        varying = strata[strata.fpc_lo != strata.fpc_hi]
        if len(varying):
            c.add(f"fpc differs within stratum {', '.join(map(str, varying[H].head(5)))}", column=d.fpc,
                  count=len(varying), fix="give one fpc value per stratum")
        frac = bool((strata.fpc_hi <= 1).all())
        d._fpc_fraction = frac
        if not frac:
            small = strata[strata.fpc_lo < strata.n_h]
            if len(small):
                c.add(f"fpc (population PSUs) is smaller than the sampled PSUs in stratum "
                      f"{', '.join(map(str, small[H].head(5)))}", column=d.fpc, count=len(small),
                      fix="fpc is the number of PSUs in the population stratum, or a fraction <= 1 for all rows")
        f = (1 - strata.fpc_hi) if frac else (strata.fpc_hi - strata.n_h) / strata.fpc_hi
    else:
        f = pd.Series(1.0, index=strata.index)
    certain = f < 1e-7  # fully enumerated strata contribute no variance, as in R
    lonely = strata[(strata.n_h == 1) & ~certain][H].tolist()
    if lonely and d.singleton == "fail":
        c.add(f"{len(lonely)} stratum/strata with only one PSU, so no variance can be estimated there: "
              f"{', '.join(map(str, lonely[:10]))}", column=d.strata or d.psu,
              fix="merge the stratum with a similar one, or choose singleton='adjust' (deviation from the grand "
                  "mean, as R's survey.lonely.psu='adjust') or 'average' (--singleton adjust|average)")
    c.raise_if_any("The survey design does not fit the data")
    n_psu = int(strata.n_h.sum())
    return DesignSummary(rows=n_rows, strata=len(strata), psus=n_psu, degf=n_psu - len(strata),
                         singleton_strata=tuple(lonely), ok_strata=len(strata) - len(lonely))
