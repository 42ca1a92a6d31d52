"""`perthyn estimate framework`: every framework indicator the data support, gated, with a manifest."""

from __future__ import annotations

import click

from perthyn.errors import InputErrors

SUPPRESSION_REASONS = ("primary", "secondary", "gap_side_hidden", "gap_side_below_threshold")


@click.command("framework")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--map", "mapping", default=None,
              help="Mapping from the source's variables to the person schema: a bundled id (aps, "
                   "census2021_microdata) or a YAML file. Omit when DATA already uses the person schema "
                   "(e.g. from `perthyn synth`).")
@click.option("--by", default="area_code", show_default=True,
              help="Comma-separated area columns crossed with migrant status and migrant group.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for estimates.csv and manifest.json.")
@click.option("--indicator", "indicators", multiple=True, help="Only these indicator ids (repeatable).")
@click.option("--core", "core_only", is_flag=True,
              help="Only the framework's core set (at most 30 indicators, the set reports and questionnaires default to).")
@click.option("--threshold", type=click.IntRange(min=1), default=10, show_default=True,
              help="Disclosure control: hide estimates from fewer people than this (unweighted).")
@click.option("--round-counts", "rounding", type=click.IntRange(min=2), default=None,
              help="Also round published unweighted counts to this base (e.g. 5).")
@click.option("--ci", type=click.Choice(["t", "normal", "logit"]), default="t", show_default=True,
              help="Confidence intervals: t with the design's degrees of freedom (#PSUs - #strata), normal, or "
                   "logit (for proportions; gaps and means of other values keep t intervals).")
@click.option("--singleton", type=click.Choice(["fail", "adjust", "average"]), default="fail", show_default=True,
              help="Strata with a single PSU: fail, or as R survey's lonely.psu 'adjust' (deviation from the "
                   "grand mean) / 'average' (the other strata's average).")
@click.option("--fpc/--no-fpc", default=True, show_default=True,
              help="Use the data's fpc column (population PSUs per stratum, or the sampling fraction) when present.")
@click.option("--replicate", "replicate_cols", default=None,
              help="Comma-separated replicate weight columns: variances from replicate weights instead of "
                   "strata and PSUs.")
@click.option("--replicate-type", type=click.Choice(["JK1", "BRR", "Fay", "bootstrap"]), default="JK1",
              show_default=True, help="How the replicate weights were made.")
@click.option("--rho", type=float, default=None, help="Fay's rho for --replicate-type Fay.")
@click.option("--source", default=None, help="Source name written in the provenance columns (default: from the mapping).")
@click.option("--period", default=None, help="Period written in the provenance columns (default: from the mapping).")
@click.option("--show-sql", is_flag=True,
              help="Print the SQL the run compiles to (each indicator's row-level expression and the aggregation, "
                   "DuckDB dialect), then exit without computing.")
@click.option("--engine", type=click.Choice(["duckdb", "pyspark"]), default="duckdb", show_default=True,
              help="Where the run executes: DuckDB in-process, or PySpark (local mode, or the cluster named by "
                   "PERTHYN_SPARK_MASTER). The same Ibis expressions and results either way.")
@click.option("--aggregates/--no-aggregates", default=False, show_default=True,
              help="Also add indicators from published tables (Census 2021 percentages, APS counts with their "
                   "intervals) for the Welsh local authorities, flagged input=aggregate.")
def framework(data, mapping, by, out_dir, indicators, threshold, rounding, ci, singleton, fpc, replicate_cols,
              replicate_type, rho, source, period, engine, aggregates, core_only, show_sql):
    """Estimate every framework indicator that DATA can support, for migrants and non-migrants.

    For each indicator with a compute rule whose columns are in the data: estimates for migrants, for
    non-migrants and for everyone, overall and by migrant group, length of residence, age group, sex,
    area and area x migrant group, with the gap (migrants minus non-migrants) and design-based
    confidence intervals (weight, strata, PSU and fpc columns are used when present; --singleton and
    --replicate as in `perthyn estimate mean`: the same variance code). Every table passes
    the disclosure gate. Writes OUT/estimates.csv (with indicator id, definition version, source, period,
    unweighted n, CI, suppression and synthetic flags) and OUT/manifest.json (what was computed, what
    could not be and why, what was suppressed).

    Example: perthyn estimate framework synthetic.parquet --out results/
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from perthyn.disclosure import DisclosurePolicy

    from .backends import connect
    from .framework_run import run_framework, write

    by_cols = tuple(c.strip() for c in by.split(",") if c.strip())
    if core_only:
        from perthyn import framework as fw_mod

        core = {i.id for i in fw_mod.load().core}
        indicators = tuple(i for i in indicators if i in core) if indicators else tuple(sorted(core))
    console = Console(stderr=True)
    steps = 5
    replicate = None
    if replicate_cols:
        from .design import ReplicateSpec

        replicate = ReplicateSpec(tuple(c.strip() for c in replicate_cols.split(",") if c.strip()),
                                  type=replicate_type, rho=rho)
    if show_sql:
        from .framework_run import show_sql as compile_sql

        try:
            click.echo(compile_sql(data, mapping=mapping, by=by_cols, indicators=indicators or None,
                                   replicate=replicate, fpc=fpc), nl=False)
        except InputErrors as exc:
            raise click.ClickException(str(exc))
        return
    if not out_dir:
        raise click.UsageError("Missing option '--out' (the folder for estimates.csv and manifest.json).")
    policy = DisclosurePolicy(threshold=threshold, rounding_base=rounding)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("Reading and checking the data", total=steps)

        def step(label, advance=1):
            progress.update(task, advance=advance, description=f"Estimating: {label}")

        try:
            result = run_framework(data, mapping=mapping, by=by_cols, policy=policy, indicators=indicators or None,
                                   ci=ci, source=source, period=period, progress=step, singleton=singleton,
                                   fpc=fpc, replicate=replicate, con=connect(engine) if engine != "duckdb" else None)
        except InputErrors as exc:
            raise click.ClickException(str(exc))
        if aggregates:
            import pandas as pd

            from .aggregate import aggregate_estimates

            extra = aggregate_estimates(policy=policy)
            result.estimates = pd.concat([result.estimates.assign(note=""), extra], ignore_index=True)
            result.manifest["aggregate_rows"] = {"rows": len(extra), "indicators": sorted(set(extra.indicator_id)),
                                                 "input": "aggregate"}
        progress.update(task, description="Writing", completed=steps - 1)
        csv, manifest = write(result, out_dir)
        progress.update(task, description="Done", completed=steps)
    m = result.manifest
    label = "[bold red]SYNTHETIC DATA[/bold red] " if m["synthetic"] else ""
    sup = m["suppressed"]
    reasons = ", ".join(f"{sup[k]} {k.replace('_', ' ')}" for k in SUPPRESSION_REASONS if sup.get(k))
    console.print(f"{label}{len(m['computed'])} indicators computed, {len(m['not_computed'])} not computed; "
                  f"{sup['rows']} of {sup['of']} rows suppressed (threshold {threshold}"
                  f"{': ' + reasons if reasons else ''}). Wrote {csv} and {manifest} in {m['seconds']}s.")
    left = m.get("left_out") or {}
    gaps = [f"{g} {n:,}" for g, n in (left.get("groupings") or {}).items() if n]
    if gaps or left.get("migrant_unknown"):
        parts = []
        if gaps:
            parts.append("rows left out of a grouping for a missing label: " + ", ".join(gaps)
                         + (" (e.g. migrants with no year of arrival have no residence band)"
                            if (left.get("groupings") or {}).get("residence_band") else ""))
        if left.get("migrant_unknown"):
            parts.append(f"{left['migrant_unknown']:,} rows of unknown migrant status count only in migrant=all")
        console.print("Note: " + "; ".join(parts) + f". See left_out in {manifest}.")
