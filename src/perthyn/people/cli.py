"""`perthyn people`: who counts as a migrant, from the command line."""

from __future__ import annotations

import click

from perthyn.errors import InputErrors


@click.group()
def people():
    """Who counts as a migrant: country groups as at a date, groups, glossary."""


@people.command()
@click.argument("code")
@click.option("--on", "on", metavar="YYYY-MM-DD", help="Reference date (default: today). Membership is as at this date.")
@click.option("--host", type=click.Choice(["uk", "ie"]), default="uk", show_default=True,
              help="Host country: uk, or ie for Irish data (the UK counts as EU there until 2020-01-31).")
@click.option("--nationality", is_flag=True,
              help="CODE is a nationality rather than a country of birth (same groups; printed for the record).")
@click.option("--explain", is_flag=True, help="Also print the country, Common Travel Area flag and migrant flag.")
def classify(code, on, host, nationality, explain):
    """Print the migrant group of CODE: an ISO 3166 alpha-2 or alpha-3 code or an ONS country name.

    Groups: uk (or ie for host Ireland), eu14, eu8, eu2, eu_other, eea_efta, switzerland, third_country.
    Example: `perthyn people classify RO --on 2006-12-31` prints third_country. An unknown code is an error.
    """
    from perthyn.people.classify import classify_detail

    try:
        c = classify_detail(code, on, host)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(c.group)
    if explain:
        basis = "nationality" if nationality else "country of birth"
        click.echo(f"{basis}: {c.country.name.en} ({c.country.alpha2}/{c.country.alpha3}); as at {c.on}; host {c.host}; "
                   f"migrant: {'yes' if c.migrant else 'no'}; Common Travel Area: {'yes' if c.common_travel_area else 'no'}")


@people.command()
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def groups(lang, fmt):
    """List the migrant groups with their member countries and the dates they joined."""
    import csv
    import sys

    from perthyn.people.definitions import load_all

    countries, groups_, _ = load_all()
    rows = []
    for g in groups_.groups:
        members = "; ".join(f"{countries.by_alpha2[m.country].name.get(lang)} ({m.country}) "
                            f"{m.since or ''}{' to ' + str(m.until) if m.until else ''}".strip() for m in g.members)
        rows.append((g.id, g.label.get(lang), members))
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["group_id", "label", "members"])
        w.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("group", "label", "members (joined)", title="Migrant groups (ONS)" if lang == "en" else "Grwpiau mudwyr (SYG)")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


@people.command()
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True)
def glossary(lang):
    """Print the glossary of migration terms (seed 003) in English or Welsh, with sources."""
    from perthyn.people.glossary import glossary as load

    for t in load():
        click.echo(t.term.get(lang))
        click.echo("  " + t.definition.get(lang))
        for s in t.sources:
            click.echo(("  Source: " if lang == "en" else "  Ffynhonnell: ") + s.get(lang))
        click.echo()
