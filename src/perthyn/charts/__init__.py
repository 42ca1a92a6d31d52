"""Accessible, server-rendered SVG charts (pure Python, no web framework).

Every chart is an SVG with role="img", <title> and <desc> referenced by aria-labelledby, a colour-blind-safe
palette that meets WCAG contrast, right-to-left mirroring, locale-aware numbers (Babel), and a data Table
carrying the same numbers for a table beside the picture (`data_table(chart)` or `chart.table`).

    from perthyn.charts import bar, ranked_bar, dot_interval, line_band, stacked_bar, Bar, Estimate, Point, Stack
    chart = ranked_bar([Bar("Cardiff", 16.5, "W06000015"), ...], highlight="W06000015",
                       title="Born outside the UK", desc="...", unit="%", lang="cy")
    chart.svg, chart.table.html(), chart.figure()
"""

from .bars import Bar, Stack, bar, ranked_bar, stacked_bar
from .chart import Chart, data_table
from .intervals import Estimate, dot_interval
from .lines import Point, line_band
from .numbers import is_rtl, number, percent
from .table import Column, Table

__all__ = [
    "Bar", "Chart", "Column", "Estimate", "Point", "Stack", "Table", "bar", "data_table", "dot_interval",
    "is_rtl", "line_band", "number", "percent", "ranked_bar", "stacked_bar",
]
