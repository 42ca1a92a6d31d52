"""`perthyn data`: the real public data bundled with Perthyn."""

from __future__ import annotations

import sys

import click

from perthyn.errors import InputErrors


@click.group()
def data():
    """Bundled real data: Welsh local authorities, Census 2021, APS country of birth, Irish Census 2016."""


@data.command("list")
def list_():
    """List the bundled tables (NAME[:parameter]) with their titles."""
    from perthyn.data.catalogue import describe

    for name, params, title in describe():
        click.echo(f"{name}{params}\t{title}")


@data.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=30, show_default=True, help="Rows to show as a table (csv prints all).")
def show(name, fmt, limit):
    """Print a bundled table. NAME is as `perthyn data list` shows, e.g. census2021_wales,
    census2021_lad:residence_length_6b, aps_country_of_birth:2021. Provenance goes to stderr with --format csv."""
    from perthyn.data.catalogue import load
    from perthyn.data.files import provenance

    try:
        df = load(name)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc
    prov = provenance(df)
    line = f"Source: {prov.get('source')}; {prov.get('table')}; {prov.get('period')}. Licence: {prov.get('licence')}."
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
        click.echo(line, err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*map(str, df.columns), title=name, caption=line)
    for row in df.head(limit).itertuples(index=False):
        table.add_row(*("" if v is None or v != v else f"{v:,.1f}" if isinstance(v, float) else str(v) for v in row))
    Console(width=max(200, Console().width)).print(table)
    if len(df) > limit:
        click.echo(f"... {len(df) - limit} more rows (use --limit or --format csv)")


@data.command("provenance")
def provenance_():
    """Print where each bundled file came from (PROVENANCE.md) and the licences (LICENCE.md)."""
    from perthyn.data.files import reference_dir

    click.echo((reference_dir() / "PROVENANCE.md").read_text(encoding="utf-8"))
    click.echo((reference_dir() / "LICENCE.md").read_text(encoding="utf-8"))
