"""The indicator dashboard: framework indicators for migrants beside non-migrants, with intervals and gaps.

Input is a tidy estimate table (see perthyn.publish.estimates): one row per indicator, area and group
(`migrant` / `non_migrant`) with estimate, ci_low, ci_high and unweighted n. Because it derives from
microdata, it passes the disclosure gate before anything is drawn or written.
"""

from __future__ import annotations

import pandas as pd

from perthyn.charts import Estimate, dot_interval, numbers
from perthyn.charts.table import Column, Table
from perthyn.charts.text import word as chart_word
from perthyn.disclosure import DisclosurePolicy, gate

from ..content import word
from ..model import Figure, Gap, PublishedTable, Section, SourceNote
from .context import Ctx

GROUPS = ("migrant", "non_migrant")


def _label(indicator_id: str, lang: str) -> tuple[str, str]:
    """(label, unit) from the framework, falling back to the id when an indicator is unknown."""
    try:
        from perthyn.framework import load

        ind = load().indicator(indicator_id)
        unit = ind.definition.unit
        return ind.label.get(lang), "%" if unit in ("percent", "%", "proportion") else unit
    except Exception:  # an estimate for an indicator this framework version does not know
        return indicator_id, ""


def gated(frame: pd.DataFrame, policy: DisclosurePolicy) -> pd.DataFrame:
    """Through the one disclosure gate; a gap is hidden too when either side of it is."""
    gap_cols = [c for c in ("gap", "gap_low", "gap_high") if c in frame.columns]
    g = gate(frame, policy=policy, n_col="n", value_cols=("estimate", "ci_low", "ci_high", *gap_cols),
             group_cols=("group",), table_cols=("indicator_id", "area_code"))
    table = g.table
    if gap_cols:
        hidden = table.groupby(["indicator_id", "area_code"])["suppressed"].transform("any")
        table.loc[hidden, gap_cols] = float("nan")
    return table


def dashboard(ctx: Ctx, estimates, policy: DisclosurePolicy | None = None) -> Section:
    heading = ctx.text("dashboard", "heading")
    policy = policy or DisclosurePolicy()
    if estimates is None:
        return Section("dashboard", heading, gaps=(ctx.gap(word("indicator", ctx.lang)),), kind="dashboard")
    synthetic = estimates.synthetic
    frame = estimates.frame
    frame = frame[(frame["area_code"] == ctx.area.code) & frame["group"].isin(GROUPS)]
    if frame.empty:
        # e.g. every English authority under the default synthetic estimates (they simulate Welsh residents):
        # a marked gap, and no synthetic label, since nothing synthetic is shown
        text = ctx.text("dashboard", "none_synthetic") if synthetic else ctx.text("dashboard", "none",
                                                                                  source=estimates.label)
        return Section("dashboard", heading, gaps=(Gap(text),), kind="dashboard")
    if synthetic:
        banner, note = word("synthetic_banner", ctx.lang), SourceNote("synthetic")
    else:  # the user's own estimates, named by their source (and period, where the output gives one)
        banner = word("microdata_banner", ctx.lang, source=estimates.label)
        note = SourceNote("microdata", table=estimates.label, period=estimates.period)
    shown = gated(frame.reset_index(drop=True), policy)
    series = {"migrant": word("migrants", ctx.lang), "non_migrant": word("non_migrants", ctx.lang)}
    rows, table_rows = [], []
    unit = "%"
    for ind_id, part in shown.groupby("indicator_id", sort=True):
        label, unit_i = _label(ind_id, ctx.lang)
        unit = unit_i or unit
        by = {r.group: r for r in part.itertuples()}
        for g in GROUPS:
            r = by.get(g)
            est = None if r is None else r.estimate
            rows.append(Estimate(label, series[g], est, getattr(r, "ci_low", None), getattr(r, "ci_high", None),
                                 None if r is None or numbers.is_missing(r.n) else int(r.n)))
        m, n = by.get("migrant"), by.get("non_migrant")
        diff = None
        if m is not None and n is not None and not numbers.is_missing(m.estimate) and not numbers.is_missing(n.estimate):
            diff = m.estimate - n.estimate
        gap_low = gap_high = None
        if diff is not None and "gap_low" in part.columns and m is not None:
            gap_low, gap_high = m.gap_low, m.gap_high
        table_rows.append((label, diff, gap_low, gap_high))
    hidden = int(shown["suppressed"].sum())
    notes = [word("suppressed_note", ctx.lang, count=hidden, threshold=policy.threshold)] if hidden else []
    title = ctx.text("dashboard", "chart_title")
    chart = dot_interval(rows, series=list(series.values()), title=title, lang=ctx.lang, id=ctx.table_id("dashboard"),
                         desc=ctx.text("dashboard", "chart_desc"), label_heading=word("indicator", ctx.lang),
                         series_heading=word("people", ctx.lang), notes=tuple(notes))
    figure = Figure(chart, PublishedTable(ctx.table_id("dashboard"), title, chart.table, (note,), banner,
                                          from_microdata=True))
    gap_title = word("gap_pp", ctx.lang)
    gap_table = Table(gap_title, (
        Column("indicator", word("indicator", ctx.lang)),
        Column("gap", gap_title, unit="pp"),
        Column("gap_low", chart_word("lower", ctx.lang), unit="pp"),
        Column("gap_high", chart_word("upper", ctx.lang), unit="pp"),
    ), tuple(table_rows), ctx.lang)
    gaps = PublishedTable(ctx.table_id("dashboard-gaps"), gap_title, gap_table, (note,), banner, from_microdata=True)
    return Section("dashboard", heading, ctx.text("dashboard", "intro"), (figure,),
                   (gaps,), (note,), banner=banner, notes=tuple(notes), kind="dashboard")
