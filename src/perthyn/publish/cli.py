"""`perthyn profile` and `perthyn publish`: local migration profiles, the Wales overview and open data."""

from __future__ import annotations

from pathlib import Path

import click

from perthyn.errors import InputErrors

LANG = click.Choice(["en", "cy"])


def _estimates(directory):
    from .estimates import from_output, synthetic_default

    return from_output(directory) if directory else synthetic_default()


@click.command("profile")
@click.argument("area")
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the profile (cy = Welsh).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--estimates", "estimates_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Output directory of `perthyn estimate framework` run on your own microdata, for the indicator "
                   "dashboard. Default: estimates from bundled synthetic microdata, labelled as synthetic.")
def profile(area, lang, fmt, out, estimates_dir):
    """Write the local migration profile of AREA (a GSS code such as W06000015 for Cardiff) as HTML or PDF.

    The profile covers country of birth and groups, passports, length of residence, English (and Welsh),
    moves from abroad beside moves within the UK, the APS trend 2016-2021 with confidence intervals, the
    indicator dashboard, comparison with Wales, the data-gap register and a guidance box. An unknown AREA
    lists the valid codes.
    """
    from . import render
    from .profile import build
    from .site import write_atomic

    try:
        prof = build(area, lang, estimates=_estimates(estimates_dir))
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc
    html = render.profile_html(prof)
    write_atomic(out, render.pdf(html) if fmt == "pdf" else html)
    click.echo(f"Wrote {prof.title} ({lang}, {fmt}) to {out}")


@click.group("publish")
def publish():
    """Publish the Wales overview, open data and every profile at once."""


@publish.command("overview")
@click.option("--lang", type=LANG, default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def overview_cmd(lang, fmt, out):
    """Write the Wales overview: the 22 local authorities ranked on the main Census 2021 measures."""
    from . import overview, render
    from .site import write_atomic

    html = render.profile_html(overview.build(lang))
    write_atomic(out, render.pdf(html) if fmt == "pdf" else html)
    click.echo(f"Wrote the Wales overview ({lang}, {fmt}) to {out}")


def _progress(total, label):
    from rich.progress import Progress

    bar = Progress(transient=False)
    task = bar.add_task(label, total=total)
    return bar, (lambda: bar.advance(task))


@publish.command("opendata")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write.")
@click.option("--estimates", "estimates_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Estimate output of your own microdata for the dashboard tables (default: synthetic).")
@click.option("--areas", "scope", type=click.Choice(["wales", "all"]), default="wales", show_default=True,
              help="wales: the 22 Welsh authorities. all: also every English authority the bundled data reach "
                   "(over 300; a few minutes).")
def opendata_cmd(out, estimates_dir, scope):
    """Every table of every Welsh profile (with --areas all, every English one too) and the overview, in English
    and Welsh, as CSV (UTF-8 with BOM) and XLSX with a Frictionless datapackage.json per area, plus
    perthyn-opendata.zip of all of them."""
    from . import areas
    from .site import build_opendata

    codes = [a.code for a in areas.published(scope)]
    bar, step = _progress(len(codes) * 2, "Open data")
    with bar:
        path = build_opendata(out, codes=codes, estimates=_estimates(estimates_dir), progress=step)
    click.echo(f"Wrote open data to {out} (bulk download: {path})")


@publish.command("all")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write.")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True, help="Worker processes.")
@click.option("--estimates", "estimates_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Estimate output of your own microdata for the dashboard (default: synthetic, labelled).")
def all_cmd(out, jobs, estimates_dir):
    """All 22 Welsh profiles in English and Welsh as HTML and PDF, the overview, and the open data with a zip."""
    from . import areas
    from .site import build_all

    bar, step = _progress((len(areas.wales()) + 1) * 2, "Profiles")
    with bar:
        results = build_all(out, estimates=_estimates(estimates_dir), jobs=jobs, progress=step)
    click.echo(f"Wrote {len(results)} documents (HTML and PDF) to {out}/en and {out}/cy; "
               f"open data in {out}/opendata and {out}/perthyn-opendata.zip")
