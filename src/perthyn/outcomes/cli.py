"""`perthyn outcomes`: export the question set, print paper forms, make and combine aggregate returns."""

from __future__ import annotations

from pathlib import Path

import click

from perthyn.errors import InputErrors


def _langs(value: str, bank) -> list[str]:
    langs = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [l for l in langs if l not in bank.languages]
    if bad:
        raise click.BadParameter(f"unknown language(s) {', '.join(bad)}; choose from {', '.join(bank.languages)}")
    return langs


def _bank(path):
    from .bank import load, load_file

    return load_file(path) if path else load()


@click.group()
def outcomes():
    """Outcome questionnaire for organisations that support migrants.

    Export the tick-box question set (XLSForm for KoboToolbox/ODK, printable PDF per language), import a
    question set written as an XLSForm, make an organisation's aggregate return (no personal data) from
    its readings, and combine many organisations' returns into framework-level figures.
    """


@outcomes.command()
@click.option("--lang", "langs", default="en,cy", show_default=True, help="Comma-separated languages, e.g. en,cy,ar,fa-af,ps,pl,lt,uk.")
@click.option("--profile", "profiles", multiple=True, help="Service profile(s) to include (default: all). Repeat for several.")
@click.option("--audience", type=click.Choice(["adult", "child"]), default=None, help="Only adult or child questions.")
@click.option("--bank", "bank_path", type=click.Path(exists=True, dir_okay=False), help="A question bank YAML (default: bundled).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the .xlsx XLSForm.")
@click.option("--no-validate", is_flag=True, help="Skip the pyxform check.")
def xlsform(langs, profiles, audience, bank_path, out, no_validate):
    """Export the question set as an XLSForm (label::, hint:: and audio:: columns per language)."""
    try:
        from .xlsform import export, validate

        bank = _bank(bank_path)
        data = export(bank, _langs(langs, bank), profiles=list(profiles) or None, audience=audience)
        if not no_validate:
            validate(data)
    except InputErrors as e:
        raise click.ClickException(str(e)) from e
    Path(out).write_bytes(data)
    click.echo(f"wrote {out} ({'validated with pyxform' if not no_validate else 'not validated'})")


@outcomes.command("import-xlsform")
@click.argument("xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the question bank YAML.")
def import_xlsform(xlsx, out):
    """Read a question set defined as an XLSForm and write it as a validated question bank YAML.

    Questions need instance::indicator and instance::domain columns (the framework link).
    """
    from .bank import dump
    from .xlsform import import_bank

    try:
        raw, bank = import_bank(xlsx)
    except InputErrors as e:
        raise click.ClickException(str(e)) from e
    Path(out).write_text(dump(raw), encoding="utf-8")
    click.echo(f"wrote {out}: {len(bank.questions)} questions in {', '.join(bank.languages)}")


@outcomes.command("form-pdf")
@click.option("--lang", "langs", default="en,cy", show_default=True, help="Comma-separated languages: one PDF each.")
@click.option("--profile", "profiles", multiple=True, help="Service profile(s) (default: all).")
@click.option("--audience", type=click.Choice(["adult", "child"]), default="adult", show_default=True)
@click.option("--out-dir", default=".", show_default=True, type=click.Path(file_okay=False), help="Folder for the PDFs.")
def form_pdf(langs, profiles, audience, out_dir):
    """Printable form per language (at most two A4 sides) with a form reference to type it back in."""
    from rich.progress import track

    from .paper import form_pdf as make, form_reference

    bank = _bank(None)
    chosen = list(profiles) or list(bank.profiles)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for lang in track(_langs(langs, bank), description="Printing forms"):
        ref = form_reference(bank, lang, chosen, audience)
        path = Path(out_dir) / f"{ref}.pdf"
        path.write_bytes(make(bank, lang, chosen, audience))
        click.echo(f"wrote {path}")


@outcomes.command("return")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False))
@click.option("--organisation", required=True, help="Organisation name or code shown on the return.")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Period start (YYYY-MM-DD).")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Period end (YYYY-MM-DD).")
@click.option("--threshold", default=10, show_default=True, help="Disclosure threshold (people).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output .csv or .json.")
def make_return(answers, organisation, start, end, threshold, out):
    """Make an aggregate return from a readings CSV (person, reading, taken_on, question, value).

    The return holds counts and rates per question and domain for groups of at least THRESHOLD people,
    with suppression flags and metadata. No person-level data is written.
    """
    from .answers import read_answers
    from .returns import build_return

    bank = _bank(None)
    try:
        table = read_answers(answers, bank)
    except InputErrors as e:
        raise click.ClickException(str(e)) from e
    ret = build_return(table, bank, organisation=organisation, period_start=start.date(), period_end=end.date(),
                       threshold=threshold)
    text = ret.to_json() if out.lower().endswith(".json") else ret.to_csv()
    Path(out).write_text(text, encoding="utf-8")
    shown = int((~ret.rows["suppressed"]).sum()) if len(ret.rows) else 0
    click.echo(f"wrote {out}: {shown} rows shown, {len(ret.rows) - shown} hidden (fewer than {threshold} people)")


@outcomes.command()
@click.argument("returns", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--threshold", default=10, show_default=True, help="Disclosure threshold for the combined figures.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output .csv or .json.")
def combine(returns, threshold, out):
    """Combine many organisations' returns (CSV or JSON) into framework-level figures, gated again."""
    from .returns import combine as merge, read_return

    problems = []
    read = []
    for path in returns:
        try:
            read.append(read_return(path))
        except InputErrors as e:
            problems.extend(e.problems)
    try:
        if problems:
            raise InputErrors(problems, "some returns could not be read; nothing was written")
        result = merge(read, threshold=threshold)
    except InputErrors as e:
        raise click.ClickException(str(e)) from e
    Path(out).write_text(result.to_json() if out.lower().endswith(".json") else result.to_csv(), encoding="utf-8")
    click.echo(f"wrote {out}: {len(read)} returns combined")
