"""Colours for charts: colour-blind-safe, and every mark meets WCAG 2.2 non-text contrast (3:1) on white.

Series colours follow the Okabe-Ito / Paul Tol idea (hues that stay apart under the common colour-vision
deficiencies), darkened where needed so that each passes 3:1 against the white page; the migrant and
non-migrant colours match the site stylesheet (--migrant, --nonmigrant). Series are also told apart by
marker shape, never by colour alone.
"""

from __future__ import annotations

BACKGROUND = "#ffffff"
INK = "#1b1b1b"  # text: 17:1 on white
MUTED = "#4a4a4a"  # axis labels and notes: 8.9:1
GRID = "#c8c8c8"  # gridlines are decoration, not information
AXIS = "#6b6b6b"

SERIES = ("#1d5fa8", "#b35900", "#007a5e", "#aa3377", "#5e6a71", "#332288")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
HIGHLIGHT = "#8a1c3c"  # the unit a ranked chart is about
OTHERS = "#767676"  # every other unit in a ranked chart


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = BACKGROUND) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def series_colour(i: int) -> str:
    return SERIES[i % len(SERIES)]


def text_on(fill: str) -> str:
    """The text colour (white or ink) with the better contrast on a filled shape."""
    return "#ffffff" if contrast("#ffffff", fill) >= contrast(INK, fill) else INK
