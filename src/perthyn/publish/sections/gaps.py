"""The framework's data-gap register, as a profile section: what cannot yet be measured for migrants, and why."""

from __future__ import annotations

from perthyn.charts import Bar, bar
from perthyn.charts.table import Column, Table

from ..content import content, status_label, word
from ..model import Figure, PublishedTable, Section, SourceNote
from .context import Ctx

STATUSES = ("available", "partial", "in_development", "no_data")


def register(lang: str):
    """(rows, counts) from the bundled framework: one row per indicator, counts by status."""
    from perthyn.framework import load

    fw = load()
    domains = {d.id: d.label.get(lang) for d in fw.domains("wales_mif")}
    sources = {s.id: s.label.get(lang) for s in fw.sources}
    rows = []
    order = sorted(fw.indicators, key=lambda i: (list(domains).index(i.domain) if i.domain in domains else 99, i.id))
    for ind in order:
        if ind.status == "available" and ind.migrant_flag:
            continue  # the register lists the gaps: indicators not yet fully measurable for migrants
        rows.append((
            domains.get(ind.domain, ind.domain),
            ind.label.get(lang),
            status_label(ind.status, lang),
            "; ".join(sources.get(s.source, s.source) for s in ind.sources),
            str(ind.expected_by or ""),
            ind.next_step.get(lang),
        ))
    missing = sum(1 for i in fw.indicators if not i.migrant_flag)
    waiting = sum(1 for i in fw.indicators if i.waits_for_new_data)
    counts = {s: sum(1 for i in fw.indicators if i.status == s) for s in STATUSES}
    return rows, {"total": len(fw.indicators), "missing": missing, "waiting": waiting, "by_status": counts}


def gaps(ctx: Ctx) -> Section:
    rows, counts = register(ctx.lang)
    heading = ctx.text("gaps", "heading")
    note = SourceNote("framework")
    table = Table(heading, (
        Column("domain", word("domain", ctx.lang)),
        Column("indicator", word("indicator", ctx.lang)),
        Column("status", word("status", ctx.lang)),
        Column("sources", word("sources_word", ctx.lang)),
        Column("expected", word("expected", ctx.lang)),
        Column("next_step", word("next_step", ctx.lang)),
    ), tuple(rows), ctx.lang)
    title = f"{heading}: {word('status', ctx.lang)}"
    chart = bar([Bar(status_label(s, ctx.lang), counts["by_status"][s], s) for s in STATUSES], unit="indicators",
                title=title, desc=ctx.text("gaps", "intro", **{k: counts[k] for k in ("total", "missing", "waiting")}),
                lang=ctx.lang, decimals=0, id=ctx.table_id("gaps-status"), label_heading=word("status", ctx.lang),
                value_heading=word("indicator", ctx.lang), value_key="indicators")
    intro = ctx.text("gaps", "intro", total=counts["total"], missing=counts["missing"], waiting=counts["waiting"])
    return Section("gaps", heading, intro,
                   (Figure(chart, PublishedTable(ctx.table_id("gaps-status"), title, chart.table, (note,))),),
                   (PublishedTable(ctx.table_id("gaps"), heading, table, (note,)),), (note,), kind="gaps")


def guidance(ctx: Ctx) -> Section:
    g = content()["guidance"]

    def items(kind):
        return tuple({"kind": kind, "term": t["term"].get(ctx.lang, t["term"]["en"]),
                      "text": t["text"].get(ctx.lang, t["text"]["en"])} for t in g[kind])

    source = g["source"].get(ctx.lang, g["source"]["en"])
    return Section("guidance", ctx.text("guidance", "heading"), items=items("definitions") + items("duties"),
                   notes=(source,), kind="guidance")
