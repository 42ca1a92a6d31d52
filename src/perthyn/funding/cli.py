"""`perthyn funding`: transparent funding formulae, reproducible from the files with one command."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from perthyn.errors import InputErrors

console = Console(stderr=True)


def bundled() -> dict[str, Path]:
    """Formula files shipped with Perthyn, by id (file stem)."""
    folder = resources.files("perthyn.definitions").joinpath("funding")
    return {p.stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml") and p.stem != "explain"}


def resolve(formula: str) -> Path:
    """A path, or the id of a bundled formula such as gp_services_wales."""
    path = Path(formula)
    if path.exists() or formula.endswith((".yaml", ".yml")):
        return path
    return bundled().get(formula, path)


def _is_pence(column: str) -> bool:
    """Columns that hold money in whole pence (allocations and changes between them)."""
    return column in ("allocation", "change") or column.startswith("allocation_")


def csv_text(df: pd.DataFrame) -> str:
    """The CSV text: allocations and changes in pence (2 decimals), every other number to 6 decimals."""
    out = df.copy()
    for col in out.columns:
        if _is_pence(str(col)) and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda x: "" if pd.isna(x) else f"{x:.2f}")
    return out.to_csv(index=False, float_format="%.6f")


def write_csv(df: pd.DataFrame, out: str) -> None:
    """All or nothing: write next to the target, then rename."""
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, suffix=".tmp")
    os.close(fd)
    try:
        Path(tmp).write_text(csv_text(df), encoding="utf-8")
        os.replace(tmp, out_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _values(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"'{pair}' is not PATH=VALUE", param_hint="--set")
        key, value = pair.split("=", 1)
        try:
            out[key] = float(value)
        except ValueError:
            out[key] = value
    return out


def _load(formula: str, scenario: str | None = None, sets: tuple[str, ...] = ()):
    from .formula import load, with_values

    f = load(resolve(formula), scenario)
    return with_values(f, _values(sets)) if sets else f


def allocation_csv(allocation) -> pd.DataFrame:
    """area_code, area_name, allocation, share, one column per component, then the adjustments
    (damping, floor_cap, rounding: the row adds up to the allocation) and bound."""
    t = allocation.table
    cols = ["area_code", "area_name", "allocation", "share", *allocation.components, "damping", "floor_cap",
            "rounding", "bound"]
    out = t[cols + (["previous"] if "previous" in t else [])].copy()
    out["allocation"] = out["allocation"].round(2)
    return out


@click.group()
def funding():
    """Transparent local funding formulae with migrant-aware population bases.

    A formula is a YAML file (pot, components with weights, population bases, caps, floors and
    damping, parameters, scenarios). FORMULA is a path or the id of a bundled formula, e.g.
    gp_services_wales (the worked example on the 22 Welsh local authorities).
    """


@funding.command()
@click.argument("formula")
@click.option("--scenario", "-s", default=None, help="Apply a scenario defined in the formula (default: baseline).")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Change one value, e.g. --set components.morbidity.weight=0.3. Weights set are held exactly; "
                   "only the weights not set rescale.")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
def allocate(formula, scenario, sets, out):
    """Allocate the pot between areas and write one row per area.

    Columns: area_code, area_name, allocation (in pence, 2 decimals), share, one column per component
    (its amount before damping, floors and caps), damping and floor_cap (the adjustments; floor_cap is 0
    when no floor or cap binds), rounding (to whole pence) and bound (floor/cap when held). Each row adds
    up to its allocation, and the allocations add up to the pot to the penny.
    """
    from .engine import allocate as run, check_conservation

    try:
        a = run(_load(formula, scenario, sets))
    except InputErrors as e:
        raise click.ClickException(str(e)) from None
    check_conservation(a)
    write_csv(allocation_csv(a), out)
    table = Table(title=f"{a.formula.label.en} – {scenario or 'baseline'}")
    for col in ("area", "allocation", "share"):
        table.add_column(col, justify="left" if col == "area" else "right")
    for _, r in a.table.sort_values("allocation", ascending=False).head(5).iterrows():
        table.add_row(r["area_name"], f"{r['allocation']:,.2f}", f"{r['share']:.2%}")
    console.print(table)
    console.print(f"{len(a.table)} areas, total {a.pence.sum() / 100:,.2f} = pot {a.formula.pot:,.2f}. Wrote {out}")


@funding.command()
@click.argument("formula")
@click.option("--scenario", "-s", "scenarios", multiple=True, required=True,
              help="Two scenarios to compare, A then B (use 'baseline' for the formula as written).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
def compare(formula, scenarios, out):
    """Compare two scenarios: gains and losses per area (B minus A)."""
    from .scenarios import compare_scenarios

    if len(scenarios) != 2:
        raise click.UsageError("give --scenario exactly twice: A then B")
    try:
        df = compare_scenarios(_load(formula), *scenarios)
    except InputErrors as e:
        raise click.ClickException(str(e)) from None
    write_csv(df.drop(columns="area_name_cy"), out)
    gains = df[df.direction == "gain"]
    losses = df[df.direction == "loss"]
    console.print(f"{len(gains)} areas gain {gains.change.sum():,.2f}; {len(losses)} lose {-losses.change.sum():,.2f}. Wrote {out}")


@funding.command()
@click.argument("formula")
@click.argument("area")
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True, help="Language.")
@click.option("--scenario", "-s", default=None, help="Explain a scenario (compared with the baseline).")
def explain(formula, area, lang, scenario):
    """Explain in plain English or Welsh why AREA (a code such as W06000015) gets what it gets."""
    from .engine import allocate as run
    from .explain import explain as say

    try:
        f = _load(formula, scenario)
        a = run(f)
        baseline = run(f.baseline()) if scenario else None
        text = say(a, area, lang, baseline=baseline)
    except InputErrors as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{text.area_name} ({text.area_code})\n")
    click.echo("\n\n".join(text.paragraphs))


@funding.command()
@click.argument("formulas", nargs=-1)
def validate(formulas):
    """Check formula files (default: every bundled formula) and run every scenario.

    Reports every problem with its file, line and field, and exits 1 if there are any.
    """
    from .engine import allocate as run, check_conservation
    from .formula import apply_scenario

    targets = [resolve(f) for f in formulas] or sorted(bundled().values())
    failed = 0
    for path in targets:
        try:
            f = _load(str(path))
            for s in ("baseline", *f.scenarios):
                check_conservation(run(apply_scenario(f, s)))
            click.echo(f"ok   {path} ({len(f.components)} components, {len(f.scenarios)} scenarios)")
        except InputErrors as e:
            failed += 1
            click.echo(str(e), err=True)
    if failed:
        raise click.ClickException(f"{failed} formula file(s) have problems")


@funding.command()
@click.argument("formula")
@click.option("--scenario", "-s", default=None, help="Start from a scenario instead of the baseline.")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False),
              help="CSV of one-at-a-time effects; the joint corners go to OUT with '-joint' added.")
def effects(formula, scenario, out):
    """Effect of each declared parameter on each area, one at a time and jointly (low/high corners)."""
    from .scenarios import effects as run, n_runs

    try:
        f = _load(formula, scenario)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("running parameter settings", total=n_runs(f))
            result = run(f, progress=lambda: progress.advance(task))
    except InputErrors as e:
        raise click.ClickException(str(e)) from None
    write_csv(result["one_at_a_time"], out)
    joint_out = str(Path(out).with_name(Path(out).stem + "-joint" + Path(out).suffix))
    write_csv(result["joint"], joint_out)
    oat = result["one_at_a_time"]
    swing = oat.groupby("parameter")["change"].apply(lambda s: s.abs().max()).sort_values(ascending=False)
    for p, v in swing.items():
        console.print(f"{p}: moves some area by up to {v:,.2f}")
    console.print(f"Wrote {out} and {joint_out}")
