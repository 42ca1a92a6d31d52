"""The Chart result: an accessible SVG plus the data table that carries the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .table import Table


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str
    title: str
    desc: str
    svg: str
    table: Table
    lang: str = "en"

    def __html__(self) -> str:
        return self.svg

    def __str__(self) -> str:
        return self.svg

    def figure(self) -> str:
        """Chart and table together in one <figure>, the table beside the picture."""
        return (
            f'<figure class="chart-figure" id="{self.id}-figure">{self.svg}'
            f'<details class="chart-data"><summary>{_escape(self.table.caption)}</summary>'
            f"{self.table.html(table_id=self.id + '-table')}</details></figure>"
        )


def data_table(chart: Chart) -> Table:
    """The data table that belongs beside `chart`."""
    return chart.table


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
