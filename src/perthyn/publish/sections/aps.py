"""Annual Population Survey sections: country-of-birth groups (year to June 2021) and the 2016-2021 trend,
each estimate with ONS's published 95% confidence interval.

ONS publishes counts (rounded to thousands) with a +/- interval; the authority's total is controlled to
population estimates, so a share's interval is the count's interval over that total.
"""

from __future__ import annotations

from perthyn.charts import Estimate, Point, dot_interval, line_band, numbers

from .. import sources
from ..content import content, pick, section_text, word
from ..model import Figure, PublishedTable, Section, SourceNote
from .context import Ctx

YEARS = tuple(range(2016, 2022))
GROUPS = ("non_uk", "eu", "eu14", "eu8", "eu2", "non_eu")


def share(frame, code: str, group: str) -> tuple[float | None, float | None, float | None]:
    """(estimate, low, high) as percentages of all residents; Nones where ONS withheld the figure."""
    if frame is None or code not in frame.index:
        return None, None, None
    row = frame.loc[code]
    total, value, ci = row.get("all"), row.get(group), row.get(f"{group}_ci")
    if numbers.is_missing(total) or numbers.is_missing(value) or not total:
        return None, None, None
    est = value / total * 100
    if numbers.is_missing(ci):
        return est, None, None
    half = ci / total * 100
    return est, max(est - half, 0.0), est + half


def _period(year: int, lang: str) -> str:
    return section_text("trend", "year", lang, year=year)


def groups(ctx: Ctx) -> Section:
    frame = sources.aps(2021)
    labels = content()["sections"]["groups"]["group_labels"]
    series = [ctx.name, ctx.comparator.name(ctx.lang)]
    rows = []
    for g in GROUPS:
        for area, name in ((ctx.area, series[0]), (ctx.comparator, series[1])):
            est, low, high = share(frame, area.code, g)
            rows.append(Estimate(pick(labels[g], ctx.lang), name, est, low, high))
    note = SourceNote("aps", period=_period(2021, ctx.lang))
    heading = ctx.text("groups", "heading")
    if all(r.estimate is None for r in rows if r.series == series[0]):
        return Section("groups", heading, gaps=(ctx.gap(pick(content()["sources"]["aps"]["title"], ctx.lang)),),
                       sources=(note,))
    title = ctx.text("groups", "chart_title")
    desc = ctx.text("groups", "chart_desc")
    notes = (word("thousands_note", ctx.lang),)
    chart = dot_interval(rows, series=series, title=title, desc=desc, lang=ctx.lang, id=ctx.table_id("aps-groups"),
                         label_heading=word("measure", ctx.lang), series_heading=word("area", ctx.lang), notes=notes)
    table = PublishedTable(ctx.table_id("aps-groups"), title, chart.table, (note,), notes[0])
    return Section("groups", heading, ctx.text("groups", "intro"), (Figure(chart, table),),
                   sources=(note,))


def trend(ctx: Ctx) -> Section:
    frames = {y: sources.aps(y) for y in YEARS}
    points, withheld = [], []
    for area in (ctx.area, ctx.comparator):
        for y in YEARS:
            est, low, high = share(frames[y], area.code, "non_uk")
            if est is None and area == ctx.area:
                withheld.append(y)
            points.append(Point(str(y), est, low, high, series=area.name(ctx.lang)))
    note = SourceNote("aps")
    heading = ctx.text("trend", "heading")
    if len(withheld) == len(YEARS):
        return Section("trend", heading, gaps=(ctx.gap(pick(content()["sources"]["aps"]["title"], ctx.lang)),),
                       sources=(note,))
    title = ctx.text("trend", "chart_title")
    desc = ctx.text("trend", "chart_desc")
    notes = [word("thousands_note", ctx.lang)] + ([word("aps_suppressed", ctx.lang)] if withheld else [])
    chart = line_band(points, title=title, desc=desc, lang=ctx.lang, id=ctx.table_id("aps-trend"),
                      x_heading=ctx.text("trend", "x_heading"), series_heading=word("area", ctx.lang), notes=tuple(notes))
    table = PublishedTable(ctx.table_id("aps-trend"), title, chart.table, (note,), notes[0])
    return Section("trend", heading, ctx.text("trend", "intro"), (Figure(chart, table),),
                   sources=(note,))
