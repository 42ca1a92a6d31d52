"""A tiny SVG writer that knows about accessibility (title, desc, role, aria) and right-to-left mirroring.

Geometry is written for left-to-right; in a right-to-left chart every x is mirrored and the root gets
direction="rtl", so the logical anchors ("start", "end") keep meaning "where reading starts/ends".
The direction is always set explicitly so an inline SVG never inherits the page's direction by accident.
"""

from __future__ import annotations

import re
import textwrap
from html import escape

from . import palette

# The same faces as the profile stylesheet: Noto Sans for Latin (Welsh ŵ ŷ), then Arabic script and the other
# scripts of the language names, DejaVu Sans as the last resort. Written without spaces after the commas:
# WeasyPrint's SVG text splits the attribute on "," and strips only quotes, so " 'Noto Sans Arabic'" (with its
# leading space) would name no installed font and Arabic would fall back to DejaVu Sans.
FONT_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Bengali", "Noto Sans Gurmukhi",
                 "Noto Sans Gujarati", "Noto Sans Tamil", "Noto Sans Devanagari", "Noto Sans Hebrew", "DejaVu Sans")
FONT = ",".join(f"'{f}'" for f in FONT_FAMILIES) + ",sans-serif"
FONT_SIZE = 13
CHAR_WIDTH = 0.56  # average glyph advance as a share of the font size, for layout estimates


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def wrap(text: str, width_px: float, size: float = FONT_SIZE, max_lines: int = 2) -> list[str]:
    chars = max(6, int(width_px / (size * CHAR_WIDTH)))
    lines = textwrap.wrap(text, chars) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [textwrap.shorten(" ".join(lines[max_lines - 1 :]), chars, placeholder="…")]
    return lines


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "chart"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


class Canvas:
    def __init__(self, width: float, height: float, *, rtl: bool = False):
        self.width, self.height, self.rtl = width, height, rtl
        self.parts: list[str] = []

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def rect(self, x: float, y: float, w: float, h: float, fill: str, **attrs) -> None:
        left = self.x(x + w) if self.rtl else x
        self.parts.append(
            f'<rect x="{_f(left)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(h)}" fill="{fill}"{_attrs(attrs)}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, **attrs) -> None:
        self.parts.append(
            f'<line x1="{_f(self.x(x1))}" y1="{_f(y1)}" x2="{_f(self.x(x2))}" y2="{_f(y2)}" '
            f'stroke="{stroke}" stroke-width="{_f(width)}"{_attrs(attrs)}/>'
        )

    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float = 2) -> None:
        pts = " ".join(f"{_f(self.x(x))},{_f(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="{_f(width)}"/>')

    def polygon(self, points: list[tuple[float, float]], fill: str, **attrs) -> None:
        pts = " ".join(f"{_f(self.x(x))},{_f(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}" fill="{fill}"{_attrs(attrs)}/>')

    def marker(self, shape: str, x: float, y: float, fill: str, r: float = 5) -> None:
        cx = self.x(x)
        if shape == "square":
            self.parts.append(
                f'<rect x="{_f(cx - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" fill="{fill}" stroke="#fff"/>'
            )
        elif shape == "diamond":
            pts = f"{_f(cx)},{_f(y - r - 1)} {_f(cx + r + 1)},{_f(y)} {_f(cx)},{_f(y + r + 1)} {_f(cx - r - 1)},{_f(y)}"
            self.parts.append(f'<polygon points="{pts}" fill="{fill}" stroke="#fff"/>')
        elif shape == "triangle":
            pts = f"{_f(cx)},{_f(y - r - 1)} {_f(cx + r + 1)},{_f(y + r)} {_f(cx - r - 1)},{_f(y + r)}"
            self.parts.append(f'<polygon points="{pts}" fill="{fill}" stroke="#fff"/>')
        else:
            self.parts.append(f'<circle cx="{_f(cx)}" cy="{_f(y)}" r="{_f(r)}" fill="{fill}" stroke="#fff"/>')

    def text(
        self,
        x: float,
        y: float,
        content: str | list[str],
        *,
        anchor: str = "start",
        size: float = FONT_SIZE,
        fill: str = palette.INK,
        weight: str | None = None,
        italic: bool = False,
        line_height: float = 1.2,
    ) -> None:
        lines = [content] if isinstance(content, str) else content
        style = ""
        if weight:
            style += f' font-weight="{weight}"'
        if italic:
            style += ' font-style="italic"'
        tx = _f(self.x(x))
        if len(lines) == 1:
            self.parts.append(
                f'<text x="{tx}" y="{_f(y)}" text-anchor="{anchor}" font-size="{_f(size)}" fill="{fill}"{style}>'
                f"{escape(lines[0])}</text>"
            )
            return
        first = y - (len(lines) - 1) * size * line_height / 2
        spans = "".join(
            f'<tspan x="{tx}" y="{_f(first + i * size * line_height)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(
            f'<text text-anchor="{anchor}" font-size="{_f(size)}" fill="{fill}"{style}>{spans}</text>'
        )

    def render(self, *, chart_id: str, title: str, desc: str, lang: str) -> str:
        direction = "rtl" if self.rtl else "ltr"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" lang="{escape(lang)}" '
            f'direction="{direction}" viewBox="0 0 {_f(self.width)} {_f(self.height)}" '
            f'width="{_f(self.width)}" height="{_f(self.height)}" font-family="{FONT}" font-size="{FONT_SIZE}">'
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
            f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
            f'<rect width="100%" height="100%" fill="{palette.BACKGROUND}"/>'
            f'<g aria-hidden="true">{"".join(self.parts)}</g></svg>'
        )


def _attrs(attrs: dict) -> str:
    return "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items() if v is not None)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps)."""
    import math

    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks
