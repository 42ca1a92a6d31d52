"""`perthyn estimate`: design-based means, ratios and gaps from Parquet or CSV microdata."""

from __future__ import annotations

import fnmatch
import os
import sys
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console

from perthyn.errors import InputErrors, Problem

from . import estimators
from .backends import ENGINES
from .design import REPLICATE_TYPES, SINGLETON_POLICIES, Design, ReplicateSpec
from .intervals import CI_METHODS
from .io import read


def _split(text: str | None) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()] if text else []


def design_options(fn):
    options = [
        click.option("--weight", help="Weight column (default: every row weighs 1)."),
        click.option("--strata", help="Stratum column."),
        click.option("--psu", help="Primary sampling unit (cluster) column; ids unique across strata unless --nest."),
        click.option("--nest", is_flag=True, help="PSU ids are numbered within each stratum."),
        click.option("--fpc", help="Finite population correction: population PSUs per stratum, or sampling fraction."),
        click.option("--singleton", type=click.Choice(SINGLETON_POLICIES), default="fail", show_default=True,
                     help="Strata with one PSU: fail, adjust (deviation from the grand mean) or average (as R)."),
        click.option("--replicate", help="Replicate weight columns: a comma list or a pattern such as 'rep*'."),
        click.option("--replicate-type", type=click.Choice(REPLICATE_TYPES), default="JK1", show_default=True),
        click.option("--rho", type=float, help="Fay's rho for --replicate-type Fay."),
        click.option("--mse", is_flag=True, help="Centre replicate estimates on the full-sample estimate."),
        click.option("--ci", type=click.Choice(CI_METHODS), default="t", show_default=True,
                     help="Interval: normal, t with df = #PSUs - #strata, or logit (proportions)."),
        click.option("--level", type=float, default=0.95, show_default=True, help="Confidence level."),
        click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True),
        click.option("--show-sql", is_flag=True, help="Print the SQL the estimate compiles to, then run it."),
        click.option("--out", type=click.Path(dir_okay=False), help="Write the CSV here (default: stdout)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _design(data, o, needed=()) -> Design:
    table = read(data, o["engine"])
    replicate = None
    if o["replicate"]:
        cols = []
        for pat in _split(o["replicate"]):
            hits = sorted(fnmatch.filter(table.columns, pat), key=_natural) if any(ch in pat for ch in "*?[") else [pat]
            if not hits:
                raise InputErrors(Problem(f"no columns match {pat!r}", file=str(data), column=pat,
                                          fix="give the replicate weight columns, e.g. --replicate 'repwt*'"))
            cols += hits
        replicate = ReplicateSpec(cols, type=o["replicate_type"], rho=o["rho"], mse=o["mse"])
    return Design(table, weight=o["weight"], strata=o["strata"], psu=o["psu"], fpc=o["fpc"], nest=o["nest"],
                  singleton=o["singleton"], replicate=replicate, source=str(data), needed=tuple(needed))


def _natural(name: str):
    digits = "".join(ch for ch in name if ch.isdigit())
    return (name.rstrip("0123456789"), int(digits) if digits else -1, name)


def _run(data, o, what: str, **kwargs):
    try:
        start = time.perf_counter()
        needed = [v for k, v in kwargs.items() if k in ("var", "num", "den")] + list(kwargs.get("by", []))
        if "compare" in kwargs:
            needed.append(kwargs["compare"][0])
        design = _design(data, o, needed)
        if o["show_sql"]:
            click.echo(estimators.sql(design, what, **kwargs), err=bool(not o["out"]))
        fn = getattr(estimators, what)
        with Console(stderr=True).status(f"Estimating ({design.summary.rows:,} rows, {design.summary.psus:,} PSUs)"):
            result = fn(design, ci=o["ci"], level=o["level"], **kwargs)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    _write(result, o["out"])
    if o["out"]:
        flagged = int((result["flag"] != "").sum())
        click.echo(f"{len(result)} domain(s) written to {o['out']} in {time.perf_counter() - start:.2f}s"
                   + (f"; {flagged} flagged (see the flag column)" if flagged else ""), err=True)


def _write(df, out):
    if not out:
        df.to_csv(sys.stdout, index=False)
        return
    # All or nothing: write beside the target, then rename over it.
    target = Path(out)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", suffix=".csv.part")
    os.close(fd)
    try:
        df.to_csv(tmp, index=False)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def estimate():
    """Indicators from survey microdata with design-based confidence intervals.

    DATA is a Parquet or CSV file with one row per person. Estimates run inside the engine (DuckDB by
    default, --engine pyspark for large data); variance by Taylor linearisation over strata and PSUs,
    or from replicate weights. Output columns: the --by columns, then estimate, se, ci_low, ci_high,
    df, deff, n (unweighted), n_weighted and flag (why an estimate has no SE, if so).
    """


@estimate.command()
@click.argument("data", type=click.Path(exists=False))
@click.option("--var", required=True, help="Variable to average (0/1 or boolean gives a proportion).")
@click.option("--by", help="Domain columns, comma separated, e.g. area,migrant_group.")
@design_options
def mean(data, var, by, **o):
    """Mean or proportion of --var in each domain.

    Example: perthyn estimate mean survey.parquet --var employed --by area,migrant --weight w --strata s --psu p
    """
    _run(data, o, "mean", var=var, by=_split(by))


@estimate.command()
@click.argument("data", type=click.Path(exists=False))
@click.option("--var", required=True, help="Variable to total.")
@click.option("--by", help="Domain columns, comma separated.")
@design_options
def total(data, var, by, **o):
    """Weighted total of --var in each domain."""
    _run(data, o, "total", var=var, by=_split(by))


@estimate.command()
@click.argument("data", type=click.Path(exists=False))
@click.option("--num", required=True, help="Numerator column, e.g. unemployed.")
@click.option("--den", required=True, help="Denominator column, e.g. economically_active.")
@click.option("--by", help="Domain columns, comma separated.")
@design_options
def ratio(data, num, den, by, **o):
    """Ratio of weighted totals --num / --den in each domain (e.g. the unemployment rate)."""
    _run(data, o, "ratio", num=num, den=den, by=_split(by))


@estimate.command()
@click.argument("data", type=click.Path(exists=False))
@click.option("--var", required=True, help="Variable whose mean is compared.")
@click.option("--by", help="Groups within which to compare, comma separated (e.g. area).")
@click.option("--compare", "compare_", required=True, metavar="G:X,Y",
              help="Column G and the two values compared: the gap is mean(G=X) minus mean(G=Y).")
@design_options
def gap(data, var, by, compare_, **o):
    """Gap X minus Y in the mean of --var between two groups of G, within each --by group.

    The SE uses the covariance of the two means (both come from the same PSUs), as R's
    svycontrast on svyby(covmat=TRUE). Example: --compare migrant:1,0
    """
    col, _, values = compare_.partition(":")
    vals = _split(values)
    if not col or len(vals) != 2:
        raise click.BadParameter("use G:X,Y, e.g. migrant:1,0", param_hint="--compare")
    _run(data, o, "gap", var=var, by=_split(by), compare=(col, vals[0], vals[1]))


try:  # the estimate-data engineer's `estimate framework` subcommand, when present
    from perthyn.estimate.framework_cli import framework as _fw

    estimate.add_command(_fw, "framework")
except ModuleNotFoundError as exc:
    if exc.name != "perthyn.estimate.framework_cli":
        raise
