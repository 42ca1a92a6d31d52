"""The area beside Wales (or England) on the main Census measures: values, difference and rank among peers."""

from __future__ import annotations

from perthyn.charts import bar, numbers
from perthyn.charts.table import Column, Table

from .. import sources
from ..content import pick, topic, word
from ..model import Figure, PublishedTable, Section, SourceNote
from .context import Ctx

# (topic, category index): the measures a reader compares first
MEASURES = (
    ("country_of_birth", 1),
    ("passports", 1),
    ("residence_length", 4),
    ("english_proficiency", 2),
    ("migrant_indicator", 3),
    ("migrant_indicator", 2),
)


def measure_label(topic_id: str, index: int, lang: str) -> str:
    t = topic(topic_id)
    return f"{pick(t['name'], lang)}: {pick(t['categories'][index], lang)}"


def rank(values: dict[str, float], code: str) -> int | None:
    present = {k: v for k, v in values.items() if not numbers.is_missing(v)}
    if code not in present:
        return None
    return 1 + sum(1 for v in present.values() if v > present[code])


def comparison(ctx: Ctx) -> Section:
    comp = ctx.comparator
    rows, tables_used = [], []
    for topic_id, i in MEASURES:
        frame = sources.census_shares(topic_id)
        if frame is None:
            continue
        label = measure_label(topic_id, i, ctx.lang)
        own = frame.loc[ctx.area.code].iloc[i] if ctx.area.code in frame.index else None
        other = frame.loc[comp.code].iloc[i] if comp.code in frame.index else None
        peers = {a.code: (frame.loc[a.code].iloc[i] if a.code in frame.index else None) for a in ctx.peers}
        diff = None if numbers.is_missing(own) or numbers.is_missing(other) else round(own - other, 1)
        rows.append((label, own, other, diff, rank(peers, ctx.area.code)))
        tables_used.append(topic(topic_id)["table"])
    heading = ctx.text("comparison", "heading")
    notes = (word("rank_among", ctx.lang, count=len(ctx.peers)),)
    table = Table(heading, (
        Column("measure", word("measure", ctx.lang)),
        Column("area_value", ctx.name, unit="%"),
        Column("comparator_value", comp.name(ctx.lang), unit="%"),
        Column("difference_pp", ctx.word("difference"), unit="pp"),
        Column("rank", word("rank", ctx.lang), unit="rank", decimals=0),
    ), tuple(rows), ctx.lang, notes)
    source_notes = tuple(SourceNote("census2021", table=t) for t in dict.fromkeys(tables_used))
    # one figure: the differences drawn as bars, the full comparison (values, difference, rank) as its table
    chart = bar([(r[0], r[3]) for r in rows], unit="pp", title=heading, lang=ctx.lang,
                desc=ctx.text("comparison", "intro", count=len(ctx.peers)), id=ctx.table_id("comparison"),
                label_heading=word("measure", ctx.lang), value_heading=ctx.word("difference"))
    published = PublishedTable(ctx.table_id("comparison"), heading, table, source_notes)
    return Section("comparison", heading, ctx.text("comparison", "intro", count=len(ctx.peers)),
                   (Figure(chart, published),), sources=source_notes)
