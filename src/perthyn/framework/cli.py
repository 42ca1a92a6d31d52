"""`perthyn framework`: list, show and check the indicator framework, and write the data-gap report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from perthyn.errors import InputErrors

FORMATS = click.Choice(["table", "csv", "json"])
LANG = click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True,
                    help="Language of labels in table and report output.")


def _load(path=None):
    from perthyn import framework

    try:
        return framework.load(path)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from exc


def _emit(rows: list[dict], columns: list[str], fmt: str, title: str):
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
        Console().print(table)


@click.group()
def framework():
    """The indicator framework as data: domains, indicators, sources, mappings and data gaps.

    Definitions live in YAML under perthyn/definitions/framework/ (see docs/framework.md).
    """


@framework.command("list")
@click.option("--domain", "domain", metavar="D", help="Only indicators of this Wales domain (e.g. work).")
@click.option("--core", is_flag=True, help="Only the core set (at most 30 indicators).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@LANG
def list_(domain, core, fmt, lang):
    """List indicators with their domain, status, migrant flag and mappings."""
    fw = _load()
    known = [d.id for d in fw.domains("wales_mif")]
    if domain and domain not in known:
        raise click.BadParameter(f"unknown domain '{domain}'; domains are: {', '.join(known)}",
                                 param_hint="--domain")
    rows = []
    for i in fw.indicators:
        if (domain and i.domain != domain) or (core and not i.core):
            continue
        rows.append({
            "id": i.id, "domain": i.domain, "label_en": i.label.en, "label_cy": i.label.cy,
            "label": i.label.get(lang), "status": i.status, "migrant_flag": i.migrant_flag, "core": i.core,
            "computable": i.compute is not None, "unit": i.definition.unit, "direction": i.definition.direction,
            "sources": ";".join(s.source for s in i.sources),
            "home_office": ";".join(i.home_office), "wellbeing": ";".join(map(str, i.wellbeing)),
            "themes": ";".join(i.themes),
        })
    if fmt == "table":
        cols = ["id", "domain", "label", "status", "migrant_flag", "core", "computable"]
    else:
        cols = ["id", "domain", "label_en", "label_cy", "status", "migrant_flag", "core", "computable", "unit",
                "direction", "sources", "home_office", "wellbeing", "themes"]
        for r in rows:
            r.pop("label")
    _emit(rows, cols, fmt, f"{len(rows)} indicators (framework {fw.version})")


@framework.command("show")
@click.argument("indicator_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
def show(indicator_id, fmt, lang):
    """Show one indicator: definition, computable form, sources and status, next step, mappings."""
    fw = _load()
    try:
        ind = fw.indicator(indicator_id)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc
    if fmt == "json":
        click.echo(json.dumps(_as_dict(fw, ind), ensure_ascii=False, indent=2))
        return
    t = lambda x: x.get(lang) if x else ""  # noqa: E731
    d = ind.definition
    domain = fw.domain(ind.domain)
    lines = [
        f"{ind.id}: {t(ind.label)}",
        f"  domain: {domain.label.get(lang)} ({ind.domain}); core: {'yes' if ind.core else 'no'}; "
        f"status: {ind.status}; migrant flag: {'yes' if ind.migrant_flag else 'no'}",
    ]
    if ind.description:
        lines.append(f"  {t(ind.description)}")
    lines += [
        f"  population:  {t(d.population)}",
        f"  numerator:   {t(d.numerator)}",
        f"  denominator: {t(d.denominator) or '-'}",
        f"  unit: {d.unit}; {d.direction.replace('_', ' ')}",
    ]
    if ind.compute:
        lines.append(f"  compute ({ind.compute.kind}):")
        lines += [f"    {k}: {v}" for k, v in ind.compute.expressions().items()]
        if ind.compute.by:
            lines.append(f"    by: {', '.join(ind.compute.by)}")
    else:
        lines.append("  compute: not computable from the person schema")
    lines.append("  sources:")
    for s in ind.sources:
        src = fw.source(s.source)
        exp = f", expected {s.expected}" if s.expected else ""
        lines.append(f"    - {src.label.get(lang)} [{s.source}]: {s.status}{exp}; {s.frequency}; migrant flag "
                     f"{'yes' if s.migrant_flag else 'no'}; collected by {s.collected_by}")
        if s.note:
            lines.append(f"      {t(s.note)}")
    lines.append(f"  next step: {t(ind.next_step)}")
    ho = [fw.domain(h, "home_office_ioi").label.get(lang) for h in ind.home_office]
    lines.append(f"  Home Office domains: {', '.join(ho) or '-'}")
    lines.append(f"  national well-being indicators: {', '.join(map(str, ind.wellbeing)) or '-'}")
    if ind.themes:
        lines.append(f"  themes: {', '.join(fw.theme(x).label.get(lang) for x in ind.themes)}")
    lines.append(f"  defined in {ind.source_path}, line {ind.line} (framework {ind.version})")
    click.echo("\n".join(lines))


def _as_dict(fw, ind) -> dict:
    from dataclasses import asdict

    out = asdict(ind)
    out.update(status=ind.status, migrant_flag=ind.migrant_flag)
    return out


@framework.command("domains")
@click.option("--scheme", type=click.Choice(["wales_mif", "home_office_ioi", "wellbeing_wales"]),
              help="Only this scheme (default: all three).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def domains(scheme, fmt):
    """List the domains of each scheme with English and Welsh labels and how many indicators map to them."""
    fw = _load()
    rows = []
    for s in fw.schemes:
        if scheme and s.id != scheme:
            continue
        groups = {g.id: g for g in s.groups}
        for d in s.domains:
            if s.id == "wales_mif":
                n = sum(1 for i in fw.indicators if i.domain == d.id)
            elif s.id == "home_office_ioi":
                n = sum(1 for i in fw.indicators if d.id in i.home_office)
            else:
                n = sum(1 for i in fw.indicators if d.number in i.wellbeing)
            rows.append({
                "scheme": s.id, "domain_id": d.id, "label_en": d.label.en, "label_cy": d.label.cy,
                "group": d.group or "", "group_label_en": groups[d.group].label.en if d.group else "",
                "number": d.number if d.number is not None else "", "indicators": n,
            })
    cols = ["scheme", "domain_id", "label_en", "label_cy", "group", "group_label_en", "number", "indicators"]
    _emit(rows, cols, fmt, "Domains")


@framework.command("gaps")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "csv"]), default="md", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@LANG
def gaps(fmt, out, lang):
    """Write the data-gap report: per domain each indicator's status, sources and next step, then the
    challenges (indicators lacking migrant-specific data, those waiting for new datasets and until when)."""
    from perthyn.framework import gaps as gaps_mod

    report = gaps_mod.build(_load())
    text = {"md": lambda: gaps_mod.to_markdown(report, lang), "html": lambda: gaps_mod.to_html(report, lang),
            "csv": lambda: gaps_mod.to_csv(report)}[fmt]()
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out} ({len(report.framework.indicators)} indicators)", err=True)
    else:
        click.echo(text, nl=False)


@framework.command("validate")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def validate(path):
    """Check a framework folder (framework.yaml, schemes.yaml, sources.yaml, indicators/*.yaml).

    Every problem is listed with file, line and key path; the exit code is 1 when there is any.
    """
    fw = _load(path)
    click.echo(f"OK: {len(fw.indicators)} indicators in {len(fw.domains('wales_mif'))} domains, "
               f"{len(fw.core)} core, {len(fw.sources)} sources (framework {fw.version})")
