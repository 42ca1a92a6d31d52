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
        click.option("--threshold", type=click.IntRange(min=1), default=10, show_default=True,
                     help="Disclosure control: hide every statistic of a row from fewer than this many people "
                          "(unweighted, each side of a gap too), and further rows so that no hidden row can be "
                          "worked out from the others."),
        click.option("--no-gate", "no_gate", is_flag=True,
                     help="Skip disclosure control, for analysts working inside a secure environment. Ungated "
                          "output can disclose individuals: it must not be published or leave that environment."),
        click.option("--out", type=click.Path(dir_okay=False), help="Write the CSV here (default: stdout)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _derive_if_asked(data, table, needed):
    """Person-schema data (e.g. `perthyn synth` output) carry country_of_birth, not the derived migrant,
    migrant_group, residence_band and age_group: derive them (perthyn.people.derive) when the command
    names one, as the person schema promises. Data that carry any of them are used as they are."""
    from perthyn.people.derive import DERIVED, derive

    wanted = [c for c in needed if c in DERIVED and c not in table.columns]
    if not wanted or "country_of_birth" not in table.columns or any(c in table.columns for c in DERIVED):
        return table
    bands = "census" if _synthetic(data, table) else "default"
    click.echo(f"Derived {', '.join(DERIVED)} from country_of_birth (perthyn.people; residence bands: {bands}).",
               err=True)
    return derive(table, bands=bands, file=str(data))


def _expressions(data, table, kwargs) -> dict:
    """--var, --num and --den may be an expression over person-schema columns in the framework's own
    language (perthyn.framework.expr), e.g. "econ_activity == 'employed'": text that is neither a column
    of the data nor a plain name. Returns {role: parsed expression}."""
    from perthyn.framework.expr import ExprError, parse

    out = {}
    for role, label in ROLES.items():
        text = kwargs.get(role)
        if not isinstance(text, str) or text in table.columns or text.strip().isidentifier():
            continue
        try:
            out[role] = parse(text)
        except ExprError as exc:
            raise InputErrors(Problem(f"{label} {text!r} is not a column of the data, nor a valid expression: "
                                      f"{exc.message}", file=str(data),
                                      fix="give a numeric or 0/1 column, or an expression over person-schema "
                                          "columns such as \"econ_activity == 'employed'\"")) from None
    return out


def _design(data, o, needed=(), numeric=(), table=None) -> Design:
    table = _derive_if_asked(data, table if table is not None else read(data, o["engine"]), needed)
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
                  singleton=o["singleton"], replicate=replicate, source=str(data), needed=tuple(needed),
                  numeric=tuple(numeric))


def _natural(name: str):
    digits = "".join(ch for ch in name if ch.isdigit())
    return (name.rstrip("0123456789"), int(digits) if digits else -1, name)


ROLES = {"var": "--var", "num": "--num", "den": "--den"}
HIDDEN = ("estimate", "se", "ci_low", "ci_high", "deff", "n_weighted")


def _run(data, o, what: str, **kwargs):
    try:
        start = time.perf_counter()
        table = read(data, o["engine"])
        exprs = _expressions(data, table, kwargs)
        needed = [v for k, v in kwargs.items() if k in ROLES and k not in exprs] + list(kwargs.get("by", []))
        needed += [c for e in exprs.values() for c in e.columns]
        if "compare" in kwargs:
            needed.append(kwargs["compare"][0])
        numeric = [(kwargs[k], label) for k, label in ROLES.items() if k in kwargs and k not in exprs]
        design = _design(data, o, needed, numeric, table=table)
        if exprs:
            from perthyn.framework.expr import to_ibis

            kwargs = {**kwargs, **{k: to_ibis(e, design.table) for k, e in exprs.items()}}
        synthetic = _synthetic(data, design.table)
        if o["show_sql"]:
            click.echo(estimators.sql(design, what, **kwargs), err=bool(not o["out"]))
        fn = getattr(estimators, what)
        with Console(stderr=True).status(f"Estimating ({design.summary.rows:,} rows, {design.summary.psus:,} PSUs)"):
            result = fn(design, ci=o["ci"], level=o["level"], **kwargs)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    keys = list(kwargs.get("by", [])) + ([kwargs["compare"][0]] if "compare" in kwargs else [])
    if o["no_gate"]:
        click.echo("WARNING: --no-gate: no disclosure control was applied. This output must not be published "
                   "or leave the secure environment.", err=True)
        hidden = 0
    else:
        result, hidden = gated(result, keys, o["threshold"])
    if synthetic:
        result["synthetic"] = True
        click.echo("SYNTHETIC DATA: these estimates come from synthetic microdata (perthyn synth), not from real "
                   "people; the synthetic column says so in the output.", err=True)
    _write(result, o["out"])
    if o["out"]:
        flagged = int((result["flag"] != "").sum()) - hidden
        click.echo(f"{len(result)} domain(s) written to {o['out']} in {time.perf_counter() - start:.2f}s"
                   + (f"; {hidden} suppressed" if hidden else "")
                   + (f"; {flagged} flagged (see the flag column)" if flagged else ""), err=True)


def _synthetic(data, table) -> bool:
    from .framework_run import is_synthetic

    try:
        return is_synthetic(data, table)
    except Exception:  # noqa: BLE001 - e.g. an object-store path pyarrow cannot open: fall back to the column
        return "synthetic" in table.columns and bool(table.synthetic.any().execute())


def gated(result, keys: list[str], threshold: int, *, echo=True, limit: int = 20):
    """The result through the one disclosure gate (perthyn.disclosure.gate): rows from fewer than
    `threshold` people (either side of a gap counted separately) and the rows that would give them away
    have every statistic hidden; the flag column says why. The report goes to standard error."""
    from perthyn.disclosure import DisclosurePolicy, gate

    counts = [c for c in ("n_x", "n_y") if c in result.columns]
    g = gate(result, policy=DisclosurePolicy(threshold=threshold), n_col="n", value_cols=list(HIDDEN),
             count_cols=counts, group_cols=keys)
    out = g.table
    hidden = out["suppressed"].to_numpy()
    out.loc[hidden, "flag"] = "suppressed: " + out.loc[hidden, "suppression_reason"]
    out = out.drop(columns=["suppressed", "suppression_reason"])
    if echo:
        rows = g.report.drop_duplicates("row")
        kinds = rows["kind"].value_counts().to_dict() if len(rows) else {}
        text = (f"Disclosure control (threshold {threshold}, secondary suppression): {int(hidden.sum())} of "
                f"{len(out)} row(s) hidden" + (f" ({kinds.get('primary', 0)} primary, {kinds.get('secondary', 0)} "
                                               f"secondary)" if len(rows) else "") + ".")
        click.echo(text, err=True)
        for _, r in rows.head(limit).iterrows():
            label = ", ".join(f"{c}={r[c]}" for c in keys) or "all"
            click.echo(f"  hidden {label}: {out.loc[r['row'], 'flag'].removeprefix('suppressed: ')} [{r['kind']}]",
                       err=True)
        if len(rows) > limit:
            click.echo(f"  ... and {len(rows) - limit} more (see the flag column)", err=True)
    return out, int(hidden.sum())


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
    df, deff, n (unweighted), n_weighted and flag (why an estimate has no SE or was suppressed), and
    synthetic when DATA is synthetic. Every table passes the disclosure gate (--threshold, default 10;
    what was hidden and why is printed to standard error); --no-gate is for analysts inside a secure
    environment, and its output must not be published.
    """


@estimate.command()
@click.argument("data", type=click.Path(exists=False))
@click.option("--var", required=True,
              help="Variable to average (0/1 or boolean gives a proportion), or an expression over person-schema "
                   "columns, e.g. \"econ_activity == 'employed'\".")
@click.option("--by", help="Domain columns, comma separated, e.g. area,migrant_group.")
@design_options
def mean(data, var, by, **o):
    """Mean or proportion of --var in each domain.

    Example: perthyn estimate mean survey.parquet --var employed --by area,migrant --weight w --strata s --psu p

    On person-schema data (e.g. from `perthyn synth`) migrant, migrant_group, residence_band and age_group
    are derived from country_of_birth when named, and --var may be an expression:
    perthyn estimate mean people.parquet --var "econ_activity == 'employed'" --by migrant_group
    --weight weight --strata strata --psu psu
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
@click.option("--num", required=True, help="Numerator column, e.g. unemployed (or an expression, as --var).")
@click.option("--den", required=True, help="Denominator column, e.g. economically_active (or an expression).")
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
