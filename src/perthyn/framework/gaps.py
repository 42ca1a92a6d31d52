"""The data-gap report (seed 001's "progress by domain" and "challenges"), built from the framework data.

``build(fw)`` gives a GapReport: one row per indicator, grouped by Wales domain, with status, sources
and next step, then the challenges the statuses imply. ``to_csv``, ``to_markdown`` and ``to_html``
render it; the web view renders the same object with its own template.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass

from perthyn.framework.model import Framework, Indicator

CSV_COLUMNS = (
    "domain_id", "domain_label_en", "domain_label_cy", "indicator_id", "label_en", "label_cy", "status",
    "sources", "migrant_flag", "expected", "collected_by", "frequency", "core", "next_step_en", "next_step_cy",
)

# Report wording in both languages (headings only; all content comes from the framework files).
WORDS = {
    "title": ("Data gaps: progress by domain", "Bylchau data: cynnydd fesul parth"),
    "version": ("Framework version", "Fersiwn y fframwaith"),
    "indicator": ("Indicator", "Dangosydd"),
    "status": ("Status", "Statws"),
    "sources": ("Sources", "Ffynonellau"),
    "migrant_flag": ("Migrant flag", "Yn nodi mudwyr"),
    "next_step": ("Next step", "Cam nesaf"),
    "challenges": ("Challenges", "Heriau"),
    "yes": ("yes", "ydy"),
    "no": ("no", "nac ydy"),
    "expected": ("expected", "disgwylir"),
    "lacking": ("Data gaps: {n} of {total} indicators lack migrant-specific data from any source that has data today.",
                "Bylchau data: mae {n} o'r {total} dangosydd heb ddata penodol i fudwyr gan unrhyw ffynhonnell sydd â data heddiw."),
    "waiting": ("Long data development timelines: {n} indicators wait for new datasets with a migrant flag, "
                "expected by {until} ({names}).",
                "Amserlenni hir i ddatblygu data: mae {n} dangosydd yn aros am setiau data newydd sy'n nodi mudwyr, "
                "a ddisgwylir erbyn {until} ({names})."),
    "waiting_undated": ("Waiting for data still in development, with no date given: {n} ({names}).",
                        "Yn aros am ddata sy'n dal i gael eu datblygu, heb ddyddiad: {n} ({names})."),
    "no_data": ("No data at all: {n} ({names}).",
                "Dim data o gwbl: {n} ({names})."),
    "census_only": ("Migrant data from Census 2021 alone, updated once a decade: {n} ({names}).",
                    "Data mudwyr o Gyfrifiad 2021 yn unig, a ddiweddarir unwaith bob degawd: {n} ({names})."),
    "not_published": ("Held by government but not published for migrants: {n} ({names}); source needed: {sources}.",
                      "Yn cael eu dal gan y llywodraeth ond heb eu cyhoeddi ar gyfer mudwyr: {n} ({names}); "
                      "ffynhonnell sydd ei hangen: {sources}."),
    "fragmentation": ("Fragmentation: the indicators draw on {n} different sources.",
                      "Darnio: mae'r dangosyddion yn tynnu ar {n} ffynhonnell wahanol."),
    "by_collector": ("Depending on organisations collecting data themselves: {n}.",
                     "Yn dibynnu ar sefydliadau'n casglu data eu hunain: {n}."),
}


def word(key: str, lang: str = "en") -> str:
    en, cy = WORDS[key]
    return cy if lang.startswith("cy") else en


@dataclass(frozen=True)
class Challenges:
    total: int
    lacking_migrant_data: tuple[Indicator, ...]
    waiting_new_data: tuple[Indicator, ...]        # a source in development with an expected year
    waiting_undated: tuple[Indicator, ...]         # in development, no year given
    expected_by: int | None
    no_data: tuple[Indicator, ...]
    census_only: tuple[Indicator, ...]
    sources_used: tuple[str, ...]
    organisations_only: tuple[Indicator, ...]
    not_published: tuple[Indicator, ...]           # no data, but a government body holds records
    not_published_sources: tuple[str, ...]


@dataclass(frozen=True)
class GapReport:
    framework: Framework
    sections: tuple      # ((Domain, (Indicator, ...)), ...) in the Wales domain order
    challenges: Challenges


def build(fw: Framework) -> GapReport:
    sections = tuple((d, fw.indicators_in(d.id)) for d in fw.domains("wales_mif"))
    inds = fw.indicators
    dated = tuple(i for i in inds if i.waits_for_new_data and i.expected_by)
    undated = tuple(i for i in inds if i.waits_for_new_data and not i.expected_by)
    with_data = lambda i: [s for s in i.sources if s.status in ("available", "partial") and s.migrant_flag]  # noqa: E731
    census_only = tuple(i for i in inds if with_data(i) and {s.source for s in with_data(i)} == {"census2021"})
    org_only = tuple(i for i in inds if i.collected_by == ("organisations",))
    held = {s.id for s in fw.sources if s.kind == "administrative" and s.collected_by == "government"}
    not_published = tuple(i for i in inds if i.status == "no_data" and any(s.source in held for s in i.sources))
    challenges = Challenges(
        total=len(inds),
        lacking_migrant_data=tuple(i for i in inds if not i.migrant_flag),
        waiting_new_data=dated, waiting_undated=undated,
        expected_by=max((i.expected_by for i in dated), default=None),
        no_data=tuple(i for i in inds if i.status == "no_data"),
        census_only=census_only,
        sources_used=tuple(sorted({s.source for i in inds for s in i.sources})),
        organisations_only=org_only,
        not_published=not_published,
        not_published_sources=tuple(sorted({s.source for i in not_published for s in i.sources if s.source in held})),
    )
    return GapReport(fw, sections, challenges)


def challenge_lines(report: GapReport, lang: str = "en") -> list[str]:
    c = report.challenges
    names = lambda inds: ", ".join(i.label.get(lang) for i in inds)  # noqa: E731
    lines = [word("lacking", lang).format(n=len(c.lacking_migrant_data), total=c.total)]
    if c.waiting_new_data:
        lines.append(word("waiting", lang).format(n=len(c.waiting_new_data), until=c.expected_by,
                                                  names=names(c.waiting_new_data)))
    if c.waiting_undated:
        lines.append(word("waiting_undated", lang).format(n=len(c.waiting_undated), names=names(c.waiting_undated)))
    if c.no_data:
        lines.append(word("no_data", lang).format(n=len(c.no_data), names=names(c.no_data)))
    if c.not_published:
        sources = ", ".join(report.framework.source(s).label.get(lang) for s in c.not_published_sources)
        lines.append(word("not_published", lang).format(n=len(c.not_published), names=names(c.not_published),
                                                        sources=sources))
    if c.census_only:
        lines.append(word("census_only", lang).format(n=len(c.census_only), names=names(c.census_only)))
    if c.organisations_only:
        lines.append(word("by_collector", lang).format(n=len(c.organisations_only)))
    lines.append(word("fragmentation", lang).format(n=len(c.sources_used)))
    return lines


def _sources_text(fw: Framework, ind: Indicator, lang: str) -> str:
    parts = []
    for s in ind.sources:
        status = fw.code("statuses", s.status).label.get(lang)
        extra = f", {word('expected', lang)} {s.expected}" if s.expected else ""
        parts.append(f"{fw.source(s.source).label.get(lang)} ({status}{extra})")
    return "; ".join(parts)


def rows(report: GapReport) -> list[dict]:
    fw = report.framework
    out = []
    for domain, inds in report.sections:
        for i in inds:
            out.append({
                "domain_id": domain.id, "domain_label_en": domain.label.en, "domain_label_cy": domain.label.cy,
                "indicator_id": i.id, "label_en": i.label.en, "label_cy": i.label.cy, "status": i.status,
                "sources": ";".join(f"{s.source}:{s.status}" for s in i.sources),
                "migrant_flag": "yes" if i.migrant_flag else "no",
                "expected": ";".join(s.expected for s in i.sources if s.expected),
                "collected_by": ";".join(i.collected_by),
                "frequency": ";".join(dict.fromkeys(s.frequency for s in i.sources)),
                "core": "yes" if i.core else "no",
                "next_step_en": i.next_step.en, "next_step_cy": i.next_step.cy,
            })
    return out


def to_csv(report: GapReport) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(report))
    return buf.getvalue()


def to_markdown(report: GapReport, lang: str = "en") -> str:
    fw = report.framework
    out = [f"# {word('title', lang)}", "", f"{fw.title.get(lang)}. {word('version', lang)} {fw.version}.", ""]
    for domain, inds in report.sections:
        out += [f"## {domain.order}. {domain.label.get(lang)}", ""]
        out.append(f"| {word('indicator', lang)} | {word('status', lang)} | {word('migrant_flag', lang)} | "
                   f"{word('sources', lang)} | {word('next_step', lang)} |")
        out.append("|---|---|---|---|---|")
        for i in inds:
            cells = [i.label.get(lang), fw.code("statuses", i.status).label.get(lang),
                     word("yes" if i.migrant_flag else "no", lang), _sources_text(fw, i, lang), i.next_step.get(lang)]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    out += [f"## {word('challenges', lang)}", ""] + [f"- {line}" for line in challenge_lines(report, lang)]
    return "\n".join(out) + "\n"


def to_html(report: GapReport, lang: str = "en") -> str:
    """A standalone, accessible HTML page (tables with captions and header cells)."""
    fw = report.framework
    e = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head><meta charset="utf-8">'
             f"<title>{e(word('title', lang))}</title>",
             "<style>body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em;line-height:1.4}"
             "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}th,td{border:1px solid #666;"
             "padding:.3em .5em;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold}</style>",
             "</head>\n<body>\n<main>", f"<h1>{e(word('title', lang))}</h1>",
             f"<p>{e(fw.title.get(lang))}. {e(word('version', lang))} {e(fw.version)}.</p>"]
    for domain, inds in report.sections:
        parts.append(f'<section aria-labelledby="d-{domain.id}"><h2 id="d-{domain.id}">{domain.order}. '
                     f"{e(domain.label.get(lang))}</h2>")
        parts.append(f"<table><caption>{e(domain.label.get(lang))}</caption><thead><tr>"
                     + "".join(f'<th scope="col">{e(word(k, lang))}</th>'
                               for k in ("indicator", "status", "migrant_flag", "sources", "next_step"))
                     + "</tr></thead><tbody>")
        for i in inds:
            parts.append(
                f'<tr><th scope="row">{e(i.label.get(lang))}</th>'
                f"<td>{e(fw.code('statuses', i.status).label.get(lang))}</td>"
                f"<td>{e(word('yes' if i.migrant_flag else 'no', lang))}</td>"
                f"<td>{e(_sources_text(fw, i, lang))}</td><td>{e(i.next_step.get(lang))}</td></tr>")
        parts.append("</tbody></table></section>")
    parts.append(f"<h2>{e(word('challenges', lang))}</h2><ul>"
                 + "".join(f"<li>{e(line)}</li>" for line in challenge_lines(report, lang)) + "</ul>")
    parts.append("</main>\n</body>\n</html>\n")
    return "\n".join(parts)
