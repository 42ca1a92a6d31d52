"""Census 2021 sections: country of birth, passports, length of residence, language, moves in the last year."""

from __future__ import annotations

from perthyn.charts import Bar, bar, numbers, ranked_bar, stacked_bar

from .. import sources
from ..content import content, pick, topic, word
from ..model import Figure, PublishedTable, Section, SourceNote
from .context import Ctx

CENSUS = "census2021"


def shares(topic_id: str, code: str) -> list | None:
    """The category percentages of one topic for one area, or None when the bundled data lack them."""
    table = sources.census_shares(topic_id)
    if table is None or code not in table.index:
        return None
    row = [float(v) for v in table.loc[code].tolist()]
    return None if any(numbers.is_missing(v) for v in row) else row


def category_keys(topic_id: str) -> list[str]:
    return [f"{topic_id}_{i + 1}" for i in range(len(topic(topic_id)["categories"]))]


def _note(topic_id: str) -> SourceNote:
    return SourceNote(CENSUS, table=topic(topic_id)["table"])


def stacked_figure(ctx: Ctx, section_id: str, topic_id: str, *, title: str | None = None, desc: str | None = None,
                   **text) -> Figure | None:
    """Area beside its comparator for one topic; None when the area has no figures for it."""
    own, comp = shares(topic_id, ctx.area.code), shares(topic_id, ctx.comparator.code)
    if own is None:
        return None
    t = topic(topic_id)
    cats = [(k, pick(c, ctx.lang)) for k, c in zip(category_keys(topic_id), t["categories"])]
    rows = [(ctx.name, own)] + ([(ctx.comparator.name(ctx.lang), comp)] if comp else [])
    title = title or ctx.text(section_id, "chart_title")
    desc = desc or ctx.text(section_id, "chart_desc", **text)
    unit_note = word("unit_percent", ctx.lang, universe=pick(t["universe"], ctx.lang))
    chart = stacked_bar(rows, cats, title=title, desc=desc, lang=ctx.lang, id=ctx.table_id(topic_id),
                        label_heading=word("area", ctx.lang), notes=(unit_note,))
    return Figure(chart, PublishedTable(ctx.table_id(topic_id), title, chart.table, (_note(topic_id),), unit_note))


def missing(ctx: Ctx, section_id: str, topic_id: str) -> Section:
    return Section(section_id, ctx.text(section_id, "heading"),
                   gaps=(ctx.gap(f"{pick(topic(topic_id)['name'], ctx.lang)} ({topic(topic_id)['table']})"),),
                   sources=(_note(topic_id),))


def peer_ranking(ctx: Ctx, topic_id: str, index: int, title: str) -> Figure | None:
    table = sources.census_shares(topic_id)
    if table is None:
        return None
    items = [Bar(a.name(ctx.lang), float(table.loc[a.code].iloc[index]) if a.code in table.index else None, a.code)
             for a in ctx.peers]
    comp = table.loc[ctx.comparator.code].iloc[index] if ctx.comparator.code in table.index else None
    desc = ctx.word("wales_value", value=ctx.pct(comp))
    chart = ranked_bar(items, highlight=ctx.area.code, title=title, desc=desc, lang=ctx.lang,
                       id=ctx.table_id(f"{topic_id}-rank"), label_heading=word("local_authority", ctx.lang),
                       value_key=category_keys(topic_id)[index])
    return Figure(chart, PublishedTable(ctx.table_id(f"{topic_id}-rank"), title, chart.table, (_note(topic_id),),
                                        word("unit_percent", ctx.lang, universe=pick(topic(topic_id)["universe"], ctx.lang))))


def birth(ctx: Ctx) -> Section:
    own, comp = shares("country_of_birth", ctx.area.code), shares("country_of_birth", ctx.comparator.code)
    if own is None:
        return missing(ctx, "birth", "country_of_birth")
    counts = sources.census_counts()
    count = counts.loc[ctx.area.code, "born_outside"] if ctx.area.code in counts.index else None
    fmt = {"area": ctx.name, "share": ctx.pct(own[1]), "comp_value": ctx.pct(comp[1] if comp else None)}
    intro = ctx.text("birth", "intro", count=ctx.count(count), **fmt)
    figures = [stacked_figure(ctx, "birth", "country_of_birth", share=fmt["share"], comp_value=fmt["comp_value"])]
    ranking = peer_ranking(ctx, "country_of_birth", 1, ctx.text("birth", "rank_title")
                           if ctx.area.nation == "wales" else word("born_outside", ctx.lang))
    if ranking and ctx.area.nation == "wales":
        figures.append(ranking)
    return Section("birth", ctx.text("birth", "heading"), intro, tuple(figures),
                   sources=(_note("country_of_birth"),))


def _simple(ctx: Ctx, section_id: str, topic_id: str, index: int) -> Section:
    own, comp = shares(topic_id, ctx.area.code), shares(topic_id, ctx.comparator.code)
    if own is None:
        return missing(ctx, section_id, topic_id)
    fmt = {"area": ctx.name, "share": ctx.pct(own[index]), "comp_value": ctx.pct(comp[index] if comp else None)}
    intro = ctx.text(section_id, "intro", **fmt)
    fig = stacked_figure(ctx, section_id, topic_id)
    return Section(section_id, ctx.text(section_id, "heading"), intro, (fig,), sources=(_note(topic_id),))


def passports(ctx: Ctx) -> Section:
    return _simple(ctx, "passports", "passports", 1)


def residence(ctx: Ctx) -> Section:
    return _simple(ctx, "residence", "residence_length", 4)


def language(ctx: Ctx) -> Section:
    section = _simple(ctx, "language", "english_proficiency", 2)
    spoken = languages_figure(ctx)
    if spoken is not None:
        section = Section(section.id, section.heading, section.intro, section.figures + (spoken,), section.tables,
                          section.sources + (spoken.table.sources[0],), section.gaps)
    welsh = stacked_figure(ctx, "language", "welsh_language") if sources.census_shares("welsh_language") is not None else None
    if welsh is None and ctx.area.nation == "wales":  # Welsh language skills (TS032) are not in the bundled data: say so, do not draw nothing
        t = topic("welsh_language")
        gap = ctx.gap(f"{pick(t['name'], ctx.lang)} ({t['table']})")
        return Section(section.id, section.heading, section.intro, section.figures, section.tables,
                       section.sources, section.gaps + (gap,))
    if welsh is None:
        return section
    return Section(section.id, section.heading, section.intro, section.figures + (welsh,), section.tables,
                   section.sources + (_note("welsh_language"),), section.gaps)


def languages_figure(ctx: Ctx) -> Figure | None:
    """Selected main languages, each with its own name (e.g. Arabic, العربية), largest first."""
    counts = sources.census_languages()
    if ctx.area.code not in counts.index:
        return None
    meta = content()["languages"]
    row = counts.loc[ctx.area.code]
    items = []
    for key, n in sorted(row.items(), key=lambda kv: -(kv[1] if not numbers.is_missing(kv[1]) else -1)):
        if numbers.is_missing(n) or n <= 0 or key not in meta["names"]:
            continue
        name = meta["names"][key]
        label = pick(name, ctx.lang) + (f" ({name['own']})" if name.get("own") and name["own"] != pick(name, ctx.lang) else "")
        items.append(Bar(label, float(n), key))
    if not items:
        return None
    title = pick(meta["chart_title"], ctx.lang).format(area=ctx.name)
    desc = pick(meta["chart_desc"], ctx.lang).format(top=items[0].label, top_value=ctx.count(items[0].value))
    note = pick(meta["note"], ctx.lang)
    chart = bar(items, title=title, desc=desc, unit="count", decimals=0, lang=ctx.lang, id=ctx.table_id("languages"),
                label_heading=word("language_word", ctx.lang), value_heading=word("people", ctx.lang),
                value_key="residents", notes=(note,))
    src = SourceNote(CENSUS, table=meta["source_table"])
    return Figure(chart, PublishedTable(ctx.table_id("languages"), title, chart.table, (src,), note))


def moves(ctx: Ctx) -> Section:
    """International migrants side by side with people who moved within the UK (seed 002, recommendation 8)."""
    own, comp = shares("migrant_indicator", ctx.area.code), shares("migrant_indicator", ctx.comparator.code)
    if own is None:
        return missing(ctx, "moves", "migrant_indicator")
    cats = topic("migrant_indicator")["categories"]
    abroad, within = pick(cats[3], ctx.lang), pick(cats[2], ctx.lang)
    comp_name = ctx.comparator.name(ctx.lang)
    items = [(f"{abroad}: {ctx.name}", own[3]), (f"{within}: {ctx.name}", own[2])]
    if comp:
        items += [(f"{abroad}: {comp_name}", comp[3]), (f"{within}: {comp_name}", comp[2])]
    title = ctx.text("moves", "chart_title")
    desc = ctx.text("moves", "chart_desc")
    unit_note = word("unit_percent", ctx.lang, universe=pick(topic("migrant_indicator")["universe"], ctx.lang))
    chart = bar(items, title=title, desc=desc, lang=ctx.lang, id=ctx.table_id("moves"),
                label_heading=word("measure", ctx.lang), notes=(unit_note,))
    fig = Figure(chart, PublishedTable(ctx.table_id("moves"), title, chart.table, (_note("migrant_indicator"),), unit_note))
    name = pick(topic("migrant_indicator")["name"], ctx.lang)
    full = stacked_figure(ctx, "moves", "migrant_indicator", title=f"{name}: {ctx.name}, {comp_name}",
                          desc=f"{name}: {', '.join(pick(c, ctx.lang) for c in cats)}.")
    intro = ctx.text("moves", "intro", abroad=ctx.pct(own[3]), within=ctx.pct(own[2]))
    return Section("moves", ctx.text("moves", "heading"), intro, (fig, full),
                   sources=(_note("migrant_indicator"),))
