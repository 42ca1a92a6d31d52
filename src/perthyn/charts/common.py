"""Shared layout helpers for the chart kinds."""

from __future__ import annotations

import hashlib

from . import numbers, palette
from .svg import FONT_SIZE, Canvas, nice_ticks, slug, text_width, wrap

WIDTH = 640


def chart_id(given: str | None, title: str, lang: str) -> str:
    if given:
        return given
    digest = hashlib.sha1(f"{title}|{lang}".encode()).hexdigest()[:6]
    return f"chart-{slug(title)[:40]}-{digest}"


def label_column(labels: list[str], *, share: float = 0.34) -> float:
    widest = max((text_width(label) for label in labels), default=0)
    return min(max(widest + 12, 60), WIDTH * share)


def legend(canvas: Canvas, entries: list[tuple[str, str, str]], *, x0: float, y: float, width: float) -> float:
    """Draw swatch+label entries (label, colour, marker shape or 'swatch'), wrapping; return the height used."""
    x, line = x0, 0
    for label, colour, shape in entries:
        w = 18 + text_width(label, FONT_SIZE - 1) + 16
        if x + w > x0 + width and x > x0:
            x, line = x0, line + 1
        cy = y + line * 20
        if shape == "swatch":
            canvas.rect(x, cy - 6, 12, 12, colour)
        else:
            canvas.marker(shape, x + 6, cy, colour)
        canvas.text(x + 18, cy + 4, label, size=FONT_SIZE - 1, fill=palette.INK)
        x += w
    return (line + 1) * 20 + 6


def value_axis(canvas: Canvas, lo: float, hi: float, *, x0: float, x1: float, y_top: float, y_bottom: float,
               unit: str, lang: str, ticks: int = 5):
    """Vertical gridlines and tick labels under a horizontal value scale; returns the scale function."""
    tick_values = nice_ticks(lo, hi, ticks)
    lo, hi = min(lo, tick_values[0]), max(hi, tick_values[-1])

    def scale(v: float) -> float:
        return x0 + (v - lo) / (hi - lo) * (x1 - x0)

    decimals = 0 if all(float(t).is_integer() for t in tick_values) else 1
    for t in tick_values:
        x = scale(t)
        canvas.line(x, y_top, x, y_bottom, palette.GRID, 1)
        canvas.text(x, y_bottom + 14, numbers.value(t, unit, lang, decimals), anchor="middle",
                    size=FONT_SIZE - 2, fill=palette.MUTED)
    return scale, lo, hi


def wrapped(labels: list[str], width: float, max_lines: int = 2) -> list[list[str]]:
    return [wrap(label, width, max_lines=max_lines) for label in labels]
