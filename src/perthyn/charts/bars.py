"""Horizontal bars, ranked bars with one unit highlighted, and stacked (100%) bars."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import numbers, palette
from .chart import Chart
from .common import WIDTH, chart_id, label_column, legend, value_axis, wrapped
from .svg import FONT_SIZE, Canvas, text_width
from .table import Column, Table
from .text import word


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    key: str | None = None  # e.g. an area code, used to pick the highlighted bar


def _bars(items) -> list[Bar]:
    out = []
    for item in items:
        if isinstance(item, Bar):
            out.append(item)
        else:
            out.append(Bar(*item))
    return out


def bar(
    items: Sequence[Bar | tuple],
    *,
    title: str,
    desc: str,
    unit: str = "%",
    lang: str = "en",
    decimals: int = 1,
    id: str | None = None,
    highlight: str | None = None,
    label_heading: str | None = None,
    value_heading: str | None = None,
    max_value: float | None = None,
    notes: Sequence[str] = (),
    ranked: bool = False,
    colour: str | None = None,
    value_key: str = "value",
) -> Chart:
    """One bar per item. A missing value is drawn as the words 'No data', never as a zero-length bar."""
    bars = _bars(items)
    lang_rtl = numbers.is_rtl(lang)
    ident = chart_id(id, title, lang)
    label_w = label_column([b.label for b in bars])
    lines = wrapped([b.label for b in bars], label_w - 10, max_lines=3)
    row_h = [max(26, len(ls) * FONT_SIZE * 1.2 + 10) for ls in lines]
    top, bottom = 8, 28
    height = top + sum(row_h) + bottom
    canvas = Canvas(WIDTH, height, rtl=lang_rtl)
    values = [b.value for b in bars if not numbers.is_missing(b.value)]
    lo = min([0.0, *values])
    hi = max([max_value or 0, *values, 1e-9])
    value_room = max((text_width(numbers.value(v, unit, lang, decimals)) for v in values), default=40) + 20
    x0, x1 = label_w, WIDTH - value_room
    scale, lo, hi = value_axis(canvas, lo, hi, x0=x0, x1=x1, y_top=top, y_bottom=top + sum(row_h), unit=unit, lang=lang)
    y = top
    base = colour or (palette.OTHERS if highlight else palette.series_colour(0))
    for b, ls, h in zip(bars, lines, row_h):
        mid = y + h / 2
        is_hl = highlight is not None and b.key == highlight
        canvas.text(x0 - 8, mid + 4, ls, anchor="end", weight="bold" if is_hl else None)
        if numbers.is_missing(b.value):
            canvas.text(scale(0) + 4, mid + 4, word("no_data", lang), italic=True, fill=palette.MUTED)
        else:
            start, end = sorted((scale(0), scale(b.value)))
            fill = palette.HIGHLIGHT if is_hl else base
            canvas.rect(start, mid - 8, end - start, 16, fill)
            # a negative bar's value goes just past the zero line, clear of the category labels
            label_x = end + 4 if b.value >= 0 else scale(0) + 4
            canvas.text(label_x, mid + 4, numbers.value(b.value, unit, lang, decimals),
                        weight="bold" if is_hl else None)
        y += h
    canvas.line(scale(0), top, scale(0), top + sum(row_h), palette.AXIS, 1.5)

    columns = [Column("label", label_heading or word("category", lang))]
    if ranked:
        columns.append(Column("rank", word("rank", lang), unit="rank", decimals=0))
    columns.append(Column(value_key, value_heading or word("value", lang), unit=unit, decimals=decimals))
    rows = []
    for i, b in enumerate(bars, start=1):
        rows.append((b.label, i if not numbers.is_missing(b.value) else None, b.value) if ranked else (b.label, b.value))
    table = Table(word("table_caption", lang, title=title), tuple(columns), tuple(rows), lang, tuple(notes))
    svg = canvas.render(chart_id=ident, title=title, desc=desc, lang=lang)
    return Chart(ident, "ranked_bar" if ranked else "bar", title, desc, svg, table, lang)


def ranked_bar(items: Sequence[Bar | tuple], *, highlight: str | None = None, descending: bool = True, **kwargs) -> Chart:
    """Bars sorted by value (missing values last) with the unit `highlight` (a Bar.key) picked out.

    The description gains a sentence saying where the highlighted unit ranks.
    """
    bars = _bars(items)
    present = sorted((b for b in bars if not numbers.is_missing(b.value)), key=lambda b: b.value, reverse=descending)
    ordered = present + [b for b in bars if numbers.is_missing(b.value)]
    lang = kwargs.get("lang", "en")
    desc = kwargs.pop("desc")
    notes = list(kwargs.pop("notes", ()))
    for rank, b in enumerate(present, start=1):
        if highlight is not None and b.key == highlight:
            note = word("rank_note", lang, label=b.label, rank=rank, count=len(present))
            desc = f"{desc} {note}"
            notes.insert(0, note)
    return bar(ordered, highlight=highlight, ranked=True, desc=desc, notes=notes, **kwargs)


@dataclass(frozen=True)
class Stack:
    label: str
    values: tuple  # one value per category, in the categories' order; None means no data


def stacked_bar(
    rows: Sequence[Stack | tuple],
    categories: Sequence[str | tuple[str, str]],
    *,
    title: str,
    desc: str,
    unit: str = "%",
    percent: bool = True,
    lang: str = "en",
    decimals: int = 1,
    id: str | None = None,
    label_heading: str | None = None,
    notes: Sequence[str] = (),
) -> Chart:
    """Stacked horizontal bars (categories as labels or (key, label) pairs); with percent=True each bar is scaled to 100%. A row with any missing
    category is shown as 'No data' rather than a misleading partial stack."""
    stacks = [r if isinstance(r, Stack) else Stack(r[0], tuple(r[1])) for r in rows]
    keys = [c[0] if isinstance(c, tuple) else f"c{i}" for i, c in enumerate(categories)]
    categories = [c[1] if isinstance(c, tuple) else c for c in categories]
    ident = chart_id(id, title, lang)
    canvas = Canvas(WIDTH, 0, rtl=numbers.is_rtl(lang))
    label_w = label_column([s.label for s in stacks], share=0.28)
    colours = [palette.series_colour(i) for i in range(len(categories))]
    legend_h = legend(canvas, [(c, colours[i], "swatch") for i, c in enumerate(categories)], x0=8, y=14,
                      width=WIDTH - 16)
    lines = wrapped([s.label for s in stacks], label_w - 10)
    row_h = [max(30, len(ls) * FONT_SIZE * 1.2 + 12) for ls in lines]
    top = legend_h + 6
    height = top + sum(row_h) + 28
    canvas.height = height
    x0, x1 = label_w, WIDTH - 24
    totals = [sum(v for v in s.values if not numbers.is_missing(v)) for s in stacks]
    hi = 100.0 if percent else max(totals + [1e-9])
    scale, lo, hi = value_axis(canvas, 0.0, hi, x0=x0, x1=x1, y_top=top, y_bottom=top + sum(row_h),
                               unit=unit if not percent else "%", lang=lang)
    y = top
    for s, ls, h, total in zip(stacks, lines, row_h, totals):
        mid = y + h / 2
        canvas.text(x0 - 8, mid + 4, ls, anchor="end")
        if any(numbers.is_missing(v) for v in s.values) or total <= 0:
            canvas.text(x0 + 4, mid + 4, word("no_data", lang), italic=True, fill=palette.MUTED)
        else:
            acc = 0.0
            for v, fill in zip(s.values, colours):
                share = v / total * 100 if percent else v
                a, b = scale(acc), scale(acc + share)
                canvas.rect(a, mid - 10, b - a, 20, fill, stroke="#ffffff", stroke_width="1.5")
                label = numbers.value(v, unit, lang, decimals)
                if b - a > text_width(label, FONT_SIZE - 2) + 6:
                    canvas.text((a + b) / 2, mid + 4, label, anchor="middle", size=FONT_SIZE - 2,
                                fill=palette.text_on(fill))
                acc += share
        y += h
    columns = [Column("label", label_heading or word("category", lang))]
    columns += [Column(k, c, unit=unit, decimals=decimals) for k, c in zip(keys, categories)]
    table_rows = tuple((s.label, *s.values) for s in stacks)
    table = Table(word("table_caption", lang, title=title), tuple(columns), table_rows, lang, tuple(notes))
    svg = canvas.render(chart_id=ident, title=title, desc=desc, lang=lang)
    return Chart(ident, "stacked_bar", title, desc, svg, table, lang)
