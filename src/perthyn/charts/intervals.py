"""Dot-and-interval charts: estimates with 95% confidence intervals, one or more series per row
(e.g. migrants beside non-migrants), each series with its own colour and marker shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import numbers, palette
from .chart import Chart
from .common import WIDTH, chart_id, label_column, legend, value_axis, wrapped
from .svg import FONT_SIZE, Canvas
from .table import Column, Table
from .text import word


@dataclass(frozen=True)
class Estimate:
    label: str
    series: str
    estimate: float | None
    low: float | None = None
    high: float | None = None
    n: int | None = None


def dot_interval(
    rows: Sequence[Estimate],
    *,
    title: str,
    desc: str,
    series: Sequence[str] | None = None,
    unit: str = "%",
    lang: str = "en",
    decimals: int = 1,
    id: str | None = None,
    domain: tuple[float, float] | None = None,
    label_heading: str | None = None,
    series_heading: str | None = None,
    notes: Sequence[str] = (),
) -> Chart:
    rows = list(rows)
    labels = list(dict.fromkeys(r.label for r in rows))
    series = list(series or dict.fromkeys(r.series for r in rows))
    by_key = {(r.label, r.series): r for r in rows}
    ident = chart_id(id, title, lang)
    canvas = Canvas(WIDTH, 0, rtl=numbers.is_rtl(lang))
    entries = [(s, palette.series_colour(i), palette.MARKERS[i % len(palette.MARKERS)]) for i, s in enumerate(series)]
    legend_h = legend(canvas, entries, x0=8, y=14, width=WIDTH - 16) if len(series) > 1 else 4
    label_w = label_column(labels)
    lines = wrapped(labels, label_w - 10)
    slot = 16
    row_h = [max(len(series) * slot + 12, len(ls) * FONT_SIZE * 1.2 + 10) for ls in lines]
    top = legend_h + 6
    height = top + sum(row_h) + 28
    canvas.height = height
    present = [v for r in rows for v in (r.estimate, r.low, r.high) if not numbers.is_missing(v)]
    lo, hi = domain or (min([0.0, *present]), max([*present, 1e-9]))
    x0, x1 = label_w, WIDTH - 64
    scale, lo, hi = value_axis(canvas, lo, hi, x0=x0, x1=x1, y_top=top, y_bottom=top + sum(row_h), unit=unit, lang=lang)
    y = top
    for label, ls, h in zip(labels, lines, row_h):
        canvas.text(x0 - 8, y + h / 2 + 4, ls, anchor="end")
        first = y + (h - len(series) * slot) / 2 + slot / 2
        for i, s in enumerate(series):
            cy = first + i * slot
            r = by_key.get((label, s))
            colour, shape = entries[i][1], entries[i][2]
            if r is None or numbers.is_missing(r.estimate):
                canvas.text(x0 + 4, cy + 4, f"{s}: {word('no_data', lang)}", italic=True, size=FONT_SIZE - 2,
                            fill=palette.MUTED)
                continue
            end = r.estimate
            if not numbers.is_missing(r.low) and not numbers.is_missing(r.high):
                a, b = scale(r.low), scale(r.high)
                canvas.line(a, cy, b, cy, colour, 2)
                canvas.line(a, cy - 4, a, cy + 4, colour, 2)
                canvas.line(b, cy - 4, b, cy + 4, colour, 2)
                end = max(r.high, r.estimate)
            canvas.marker(shape, scale(r.estimate), cy, colour)
            canvas.text(scale(end) + 8, cy + 4, numbers.value(r.estimate, unit, lang, decimals), size=FONT_SIZE - 2)
        y += h
    columns = [
        Column("label", label_heading or word("category", lang)),
        Column("series", series_heading or word("series", lang)),
        Column("estimate", word("estimate", lang), unit=unit, decimals=decimals),
    ]
    # census counts have no sampling interval: leave the columns out rather than fill them with "no data"
    with_ci = any(not numbers.is_missing(r.low) for r in rows)
    if with_ci:
        columns += [Column("low", word("lower", lang), unit=unit, decimals=decimals),
                    Column("high", word("upper", lang), unit=unit, decimals=decimals)]
    with_n = any(r.n is not None for r in rows)
    if with_n:
        columns.append(Column("n", word("n", lang), unit="count", decimals=0))
    table_rows = []
    for label in labels:
        for s in series:
            r = by_key.get((label, s)) or Estimate(label, s, None)
            row = (label, s, r.estimate) + ((r.low, r.high) if with_ci else ()) + ((r.n,) if with_n else ())
            table_rows.append(row)
    table = Table(word("table_caption", lang, title=title), tuple(columns), tuple(table_rows), lang, tuple(notes))
    svg = canvas.render(chart_id=ident, title=title, desc=desc, lang=lang)
    return Chart(ident, "dot_interval", title, desc, svg, table, lang)
