"""Trend lines with a shaded 95% confidence band; a missing point breaks the line instead of dropping to zero."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import numbers, palette
from .chart import Chart
from .common import WIDTH, chart_id, legend
from .svg import FONT_SIZE, Canvas, nice_ticks, text_width
from .table import Column, Table
from .text import word


@dataclass(frozen=True)
class Point:
    x: str  # a period label, already formatted for the reader
    estimate: float | None
    low: float | None = None
    high: float | None = None
    series: str = ""


def _runs(values: list) -> list[list[int]]:
    runs, cur = [], []
    for i, v in enumerate(values):
        if v is None:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        runs.append(cur)
    return runs


def line_band(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    unit: str = "%",
    lang: str = "en",
    decimals: int = 1,
    id: str | None = None,
    x_heading: str | None = None,
    series_heading: str | None = None,
    zero_based: bool = True,
    notes: Sequence[str] = (),
    height: float = 300,
) -> Chart:
    points = list(points)
    xs = list(dict.fromkeys(p.x for p in points))
    series = list(dict.fromkeys(p.series for p in points))
    by_key = {(p.series, p.x): p for p in points}
    ident = chart_id(id, title, lang)
    canvas = Canvas(WIDTH, height, rtl=numbers.is_rtl(lang))
    colours = [palette.series_colour(i) for i in range(len(series))]
    shapes = [palette.MARKERS[i % len(palette.MARKERS)] for i in range(len(series))]
    top = 10
    if len(series) > 1:
        top += legend(canvas, list(zip(series, colours, shapes)), x0=8, y=14, width=WIDTH - 16)
    present = [v for p in points for v in (p.estimate, p.low, p.high) if not numbers.is_missing(v)]
    lo = min([0.0] if zero_based else [] + present or [0.0]) if zero_based else min(present or [0.0])
    hi = max(present or [1.0])
    ticks = nice_ticks(lo, hi, 5)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    tick_dec = 0 if all(float(t).is_integer() for t in ticks) else 1
    y_labels = [numbers.value(t, unit, lang, tick_dec) for t in ticks]
    x0 = max(text_width(s, FONT_SIZE - 2) for s in y_labels) + 14
    x1 = WIDTH - 20
    y0, y1 = height - 34, top + 8  # bottom and top of the plot

    def sx(i: int) -> float:
        return x0 + (i + 0.5) / len(xs) * (x1 - x0)

    def sy(v: float) -> float:
        return y0 - (v - lo) / (hi - lo) * (y0 - y1)

    for t, text in zip(ticks, y_labels):
        canvas.line(x0, sy(t), x1, sy(t), palette.GRID, 1)
        canvas.text(x0 - 6, sy(t) + 4, text, anchor="end", size=FONT_SIZE - 2, fill=palette.MUTED)
    for i, x in enumerate(xs):
        canvas.text(sx(i), y0 + 18, x, anchor="middle", size=FONT_SIZE - 2, fill=palette.MUTED)
    canvas.line(x0, y0, x1, y0, palette.AXIS, 1.5)

    for s, colour, shape in zip(series, colours, shapes):
        row = [by_key.get((s, x)) for x in xs]
        est = [None if p is None or numbers.is_missing(p.estimate) else p.estimate for p in row]
        band_ok = [
            None if p is None or numbers.is_missing(p.low) or numbers.is_missing(p.high) else (p.low, p.high)
            for p in row
        ]
        for run in _runs(band_ok):
            upper = [(sx(i), sy(band_ok[i][1])) for i in run]
            lower = [(sx(i), sy(band_ok[i][0])) for i in reversed(run)]
            if len(run) == 1:  # a lone interval: draw it as a whisker
                i = run[0]
                canvas.line(sx(i), sy(band_ok[i][0]), sx(i), sy(band_ok[i][1]), colour, 2)
            else:
                canvas.polygon(upper + lower, colour, fill_opacity="0.18")
        for run in _runs(est):
            if len(run) > 1:
                canvas.polyline([(sx(i), sy(est[i])) for i in run], colour, 2.5)
        for i, v in enumerate(est):
            if v is None:
                canvas.text(sx(i), y0 - 6, word("no_data", lang), anchor="middle", size=FONT_SIZE - 3,
                            italic=True, fill=palette.MUTED)
            else:
                canvas.marker(shape, sx(i), sy(v), colour, r=4.5)

    multi = len(series) > 1
    columns = [Column("x", x_heading or word("period", lang))]
    if multi:
        columns.append(Column("series", series_heading or word("series", lang)))
    columns += [
        Column("estimate", word("estimate", lang), unit=unit, decimals=decimals),
        Column("low", word("lower", lang), unit=unit, decimals=decimals),
        Column("high", word("upper", lang), unit=unit, decimals=decimals),
    ]
    rows = []
    for s in series:
        for x in xs:
            p = by_key.get((s, x)) or Point(x, None, series=s)
            rows.append((x, *((s,) if multi else ()), p.estimate, p.low, p.high))
    table = Table(word("table_caption", lang, title=title), tuple(columns), tuple(rows), lang, tuple(notes))
    svg = canvas.render(chart_id=ident, title=title, desc=desc, lang=lang)
    return Chart(ident, "line_band", title, desc, svg, table, lang)
