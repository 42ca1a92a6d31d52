"""`perthyn synth`: write synthetic person microdata calibrated to Census 2021 Welsh margins."""

from __future__ import annotations

import time

import click


@click.command("synth")
@click.option("--rows", type=click.IntRange(min=44), required=True, help="Number of people (rows) to generate.")
@click.option("--design", type=click.Choice(["survey", "census"]), default="survey", show_default=True,
              help="survey: strata = local authorities, PSUs nested in strata, unequal weights; "
                   "census: proportional sample, equal weights, no strata or PSUs.")
@click.option("--seed", type=int, default=2021, show_default=True, help="Random seed (same seed, same file).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True,
              help="Output file: .parquet (default) or .csv.")
def synth(rows, design, seed, out):
    """Generate SYNTHETIC person-level microdata in the Perthyn person schema.

    Margins by local authority match the real Census 2021 figures for the 22 Welsh local authorities
    (born outside the UK, length of residence, passports, English proficiency, economic activity,
    health, tenure, overcrowding, qualifications, age, sex, main countries of birth); the joint
    structure is assumed. Every row has synthetic=true and the Parquet metadata says so.

    Example: perthyn synth --rows 100000 --design survey --out synthetic.parquet
    """
    from rich.console import Console

    from . import generate, write

    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status(f"Generating {rows:,} synthetic people ({design} design)..."):
        data = generate(rows, design=design, seed=seed)
    with console.status(f"Writing {out}..."):
        write(data, out)
    console.print(f"[bold]SYNTHETIC[/bold] data: {rows:,} rows written to {out} in "
                  f"{time.perf_counter() - started:.1f}s (design={design}, seed={seed}).")
