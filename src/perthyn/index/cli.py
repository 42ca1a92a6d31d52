"""`perthyn index`: build composite indices from COINr-style CSVs, score LMII questionnaires,
quantify rank uncertainty, check self-assessments against the census, and check MIPEX."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from perthyn.errors import InputErrors

console = Console(stderr=True)


def _fail_on_input_errors(fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputErrors as exc:
            raise click.ClickException(str(exc)) from exc
    return wrapper


def _range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise click.BadParameter("give the range as LOW,HIGH, e.g. 0,100") from exc
    if not low < high:
        raise click.BadParameter("LOW must be below HIGH")
    return low, high


def _show(frame, title: str, limit: int = 15):
    table = Table(title=title)
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "fiu" else "left")
    for _, row in frame.head(limit).iterrows():
        table.add_row(*[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row])
    Console().print(table)


@click.group()
def index():
    """Local Migrant Integration Index and a general composite-indicator engine (COINr's iData/iMeta)."""


@index.command()
@click.option("--idata", required=True, type=click.Path(exists=True, dir_okay=False), help="iData CSV (units x indicators).")
@click.option("--imeta", required=True, type=click.Path(exists=True, dir_okay=False), help="iMeta CSV (framework).")
@click.option("--denominate/--no-denominate", default=True, show_default=True, help="Divide by iMeta denominators.")
@click.option("--impute", type=click.Choice(["none", "mean", "median"]), default="none", show_default=True)
@click.option("--screen", "dat_thresh", type=float, default=None, help="Drop units with less than this share of data.")
@click.option("--treat/--no-treat", default=False, show_default=True, help="Winsorise / log-transform outliers.")
@click.option("--normalise", type=click.Choice(["minmax", "zscore", "rank", "prank", "goalposts", "dist2max"]),
              default="minmax", show_default=True)
@click.option("--range", "range_", default="0,100", show_default=True, help="Min-max target range LOW,HIGH.")
@click.option("--aggregate", type=click.Choice(["amean", "gmean", "hmean", "copeland"]), default="amean",
              show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for results and every table.")
@_fail_on_input_errors
def build(idata, imeta, denominate, impute, dat_thresh, treat, normalise, range_, aggregate, out):
    """Build an index: results.csv (uCode, each indicator and aggregate, Rank) plus every intermediate table."""
    from perthyn import composite as c

    low, high = _range(range_)
    coin = c.read_coin(idata, imeta)
    if denominate:
        c.denominate(coin)
    if dat_thresh is not None:
        c.screen(coin, dat_thresh=dat_thresh)
    if impute != "none":
        c.impute(coin, method=impute)
    if treat:
        c.treat(coin)
    c.normalise(coin, method=normalise, low=low, high=high)
    try:
        c.aggregate(coin, method=aggregate)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    c.analyse(coin)
    written = coin.export(out)
    _show(coin.results()[["uCode", coin.top, "Rank"]].sort_values("Rank"), f"{coin.top}: top units")
    for w in coin.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    console.print(f"wrote {len(written)} files to {out}")


@index.command()
@click.argument("spec", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_fail_on_input_errors
def pipeline(spec, out):
    """Run a multi-step build described in SPEC.yaml (impute, screen, treat, normalise, aggregate, ...)."""
    from perthyn.composite.pipeline import load_spec, run_pipeline, uncertainty_spec
    from perthyn.composite.uncertainty import run_sensitivity, run_uncertainty

    s = load_spec(spec)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("building", total=len(s.get("steps") or []))
        coin = run_pipeline(s, progress=lambda name: bar.update(task, advance=1, description=name))
    if isinstance(s.get("uncertainty"), dict):
        u = s["uncertainty"]
        result = run_uncertainty(coin, u.get("dset"), uncertainty_spec(u))
        coin.analysis["uncertainty"] = result.table.set_index("uCode")
    if isinstance(s.get("sensitivity"), dict):
        u = s["sensitivity"]
        coin.analysis["sensitivity"] = run_sensitivity(coin, u.get("dset"), uncertainty_spec(u), n=u.get("n", 256))
    written = coin.export(out)
    if "Aggregated" in coin.data:
        _show(coin.results()[["uCode", coin.top, "Rank"]].sort_values("Rank"), f"{coin.top}: top units")
    for w in coin.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    console.print(f"wrote {len(written)} files to {out}")


@index.command()
@click.option("--idata", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--imeta", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--replications", "-n", type=int, default=1000, show_default=True)
@click.option("--weight-noise", type=float, default=0.25, show_default=True,
              help="Each weight is multiplied by U(1-a, 1+a).")
@click.option("--normalisations", default="minmax,zscore,prank", show_default=True)
@click.option("--aggregations", default="amean,gmean", show_default=True)
@click.option("--sobol", type=int, default=0, help="Also estimate Sobol indices (SALib) with this base sample size.")
@click.option("--seed", type=int, default=20240101, show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_fail_on_input_errors
def uncertainty(idata, imeta, replications, weight_noise, normalisations, aggregations, sobol, seed, out):
    """Monte Carlo over weights, normalisation, aggregation and imputation on/off: median rank and 5-95% interval."""
    from perthyn.composite import denominate, read_coin
    from perthyn.composite.uncertainty import UncertaintySpec, run_sensitivity, run_uncertainty

    coin = read_coin(idata, imeta)
    denominate(coin)
    spec = UncertaintySpec(replications=replications, weight_noise=weight_noise, seed=seed,
                           normalisations=tuple(normalisations.split(",")),
                           aggregations=tuple(aggregations.split(",")))
    spec.nominal.update(normalisation=spec.normalisations[0], aggregation=spec.aggregations[0])
    with console.status(f"{replications:,} replications"):
        result = run_uncertainty(coin, None, spec)
    Path(out).mkdir(parents=True, exist_ok=True)
    result.table.to_csv(Path(out) / "rank_uncertainty.csv", index=False)
    result.choices.to_csv(Path(out) / "replications.csv", index=False)
    _show(result.table, "Median rank and 5-95% interval")
    if sobol:
        s = run_sensitivity(coin, None, spec, n=sobol)
        s.to_csv(Path(out) / "sensitivity_sobol.csv")
        _show(s.reset_index(), "Sobol indices of the mean absolute rank shift")
    for w in dict.fromkeys(coin.warnings):  # once each: the uncertainty and sensitivity runs warn alike
        console.print(f"[yellow]warning:[/] {w}")
    console.print(f"wrote results to {out}")


@index.command()
@click.argument("answers", type=click.Path(exists=True, dir_okay=False))
@click.option("--questionnaire", "-q", "qpath", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Questionnaire YAML (default: the bundled LMII questionnaire).")
@click.option("--unanswered", type=click.Choice(["zero", "exclude"]), default=None, help="Override the treatment.")
@click.option("--not-applicable", type=click.Choice(["zero", "exclude"]), default=None)
@click.option("--dont-know", type=click.Choice(["zero", "exclude"]), default=None)
@click.option("--min-answered", type=click.FloatRange(0, 1), default=None, metavar="FLOAT",
              help="Share (0-1) of an area's applicable question weight that must be counted for it to get a "
                   "score, else the area score is missing (default: the questionnaire's min_answered, 0.5).")
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_fail_on_input_errors
def score(answers, qpath, unanswered, not_applicable, dont_know, min_answered, out):
    """Score a round of answers (one row per authority): area scores, overall, data collection, ranks."""
    from perthyn.index import load, read_answers
    from perthyn.index import score as score_answers

    q = load(qpath)
    frame = read_answers(answers, q)
    overrides = {k: v for k, v in dict(unanswered=unanswered, not_applicable=not_applicable,
                                       dont_know=dont_know).items() if v}
    if min_answered is not None:
        overrides["min_answered"] = min_answered
    s = score_answers(frame, q, **overrides)
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    s.scores.to_csv(d / "scores.csv", index=False)
    s.questions.to_csv(d / "question_scores.csv", index=False)
    s.summary.to_csv(d / "summary.csv")
    s.distribution.to_csv(d / "distribution.csv")
    _show(s.scores.sort_values("rank")[["area_code", "overall", "data_collection", "rank"]], "Overall scores")
    console.print(f"treatment: {s.treatment}; wrote 4 files to {out}")


@index.command()
@click.argument("answers", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--country", type=click.Choice(["wales", "ireland"]), default="wales", show_default=True,
              help="Wales: Census 2021, born outside the UK. Ireland: Census 2016, non-Irish nationals (EU / non-EU).")
@click.option("--questionnaire", "-q", "qpath", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--tolerance", type=int, default=None, help="Categories of difference still counted as consistent.")
@click.option("--demo", is_flag=True, help="Use synthetic self-assessments for every authority instead of ANSWERS.")
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_fail_on_input_errors
def consistency(answers, country, qpath, tolerance, demo, out):
    """Compare each authority's self-assessed migrant share with the census; list the inconsistent ones."""
    from perthyn.index import load, read_answers
    from perthyn.index.census import census_shares
    from perthyn.index.consistency import check, inconsistent_authorities
    from perthyn.index.demo import demo_answers

    q = load(qpath)
    census = census_shares(country)
    if demo:
        authorities = census[["area_code", "name"]].drop_duplicates()
        frame = demo_answers(q, authorities, census)
        console.print("[yellow]synthetic self-assessments (demo), real census figures[/]")
    elif answers:
        frame = read_answers(answers, q)
    else:
        raise click.UsageError("give an ANSWERS file or --demo")
    result = check(frame, census, q, tolerance=tolerance)
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    result.to_csv(d / "consistency.csv", index=False)
    bad = inconsistent_authorities(result)
    bad.to_csv(d / "inconsistent.csv", index=False)
    _show(bad[["area_code", "name", "measure", "answer", "area_share", "national_share", "census_category"]],
          f"{bad['area_code'].nunique() if len(bad) else 0} authorities with inconsistent answers")


@index.command()
@click.argument("mipex_csv", type=click.Path(exists=True, dir_okay=False))
@click.option("--tolerance", type=float, default=1.0, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None)
@_fail_on_input_errors
def mipex(mipex_csv, tolerance, out):
    """Recompute MIPEX overall scores from the area scores (mean of the 7 areas other than Health) and report defects."""
    from perthyn.index.mipex import find_defects, read_mipex, recompute, repair

    frame = read_mipex(mipex_csv)
    before = recompute(frame, tolerance)
    defects = find_defects(frame, tolerance)
    after = recompute(repair(frame, defects), tolerance)
    _show(defects, f"{len(defects)} countries whose overall does not match their areas")
    console.print(f"consistent within {tolerance:g} point(s): before {int(before['consistent'].sum())}/{len(before)}, "
                  f"after repair {int(after['consistent'].sum())}/{len(after)} "
                  f"(largest difference {after['difference'].abs().max():.2f})")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        defects.to_csv(Path(out) / "defects.csv", index=False)
        after.to_csv(Path(out) / "recomputed.csv", index=False)
