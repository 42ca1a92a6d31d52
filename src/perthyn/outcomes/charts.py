"""Small server-rendered SVG charts for distance travelled, each with a title, a description and a data table.

Pure functions of numbers and labels; the caller passes text already translated.
"""

from __future__ import annotations

import itertools
from html import escape

BASELINE, LATEST = "#6b6b6b", "#0b5d3b"
SHARE_COLOURS = {"improved": "#0b5d3b", "unchanged": "#8a8a8a", "worse": "#8a1c3c"}
_ids = itertools.count(1)


def _svg(title: str, desc: str, width: int, height: int, body: str) -> str:
    n = next(_ids)
    return (f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-labelledby="ct{n} cd{n}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="ct{n}">{escape(title)}</title><desc id="cd{n}">{escape(desc)}</desc>{body}</svg>')


def before_after(rows: list[tuple[str, float | None, float | None]], *, title: str, desc: str,
                 labels: tuple[str, str], scale_max: float = 10.0) -> str:
    """Horizontal paired bars per domain: baseline (grey) and latest (green) on a 0-10 scale."""
    label_w, bar_w, row_h = 230, 330, 40
    width, height = label_w + bar_w + 60, 40 + row_h * len(rows)
    parts = [f'<rect x="{label_w}" y="6" width="12" height="12" fill="{BASELINE}"/>'
             f'<text x="{label_w + 18}" y="17" font-size="13">{escape(labels[0])}</text>'
             f'<rect x="{label_w + 150}" y="6" width="12" height="12" fill="{LATEST}"/>'
             f'<text x="{label_w + 168}" y="17" font-size="13">{escape(labels[1])}</text>']
    for i, (label, before, after) in enumerate(rows):
        y = 30 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 20}" font-size="13" text-anchor="end">{escape(label)}</text>')
        for j, (value, colour) in enumerate(((before, BASELINE), (after, LATEST))):
            yy = y + 4 + j * 15
            if value is None or value != value:
                parts.append(f'<text x="{label_w + 4}" y="{yy + 11}" font-size="11">–</text>')
                continue
            w = bar_w * max(0.0, min(value, scale_max)) / scale_max
            parts.append(f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="13" fill="{colour}"/>'
                         f'<text x="{label_w + w + 4:.1f}" y="{yy + 11}" font-size="11">{value:.1f}</text>')
    parts.append(f'<line x1="{label_w}" x2="{label_w}" y1="26" y2="{height - 6}" stroke="#1b1b1b"/>')
    return _svg(title, desc, width, height, "".join(parts))


def shares(rows: list[tuple[str, dict | None]], *, title: str, desc: str, legend: dict) -> str:
    """100% stacked bars per domain: share improved / unchanged / worse. None means hidden by the gate."""
    label_w, bar_w, row_h = 230, 360, 30
    width, height = label_w + bar_w + 20, 34 + row_h * len(rows)
    parts = []
    x = label_w
    for key, colour in SHARE_COLOURS.items():
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="17" font-size="13">{escape(legend[key])}</text>')
        x += 120
    for i, (label, share) in enumerate(rows):
        y = 28 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" font-size="13" text-anchor="end">{escape(label)}</text>')
        if not share:
            parts.append(f'<text x="{label_w + 4}" y="{y + 16}" font-size="12">{escape(legend["hidden"])}</text>')
            continue
        x = label_w
        for key, colour in SHARE_COLOURS.items():
            w = bar_w * float(share.get(key) or 0)
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="18" fill="{colour}"/>')
            x += w
    return _svg(title, desc, width, height, "".join(parts))
