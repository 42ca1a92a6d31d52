"""The data table that stands beside every chart: same numbers, readable by screen readers and copyable."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from . import numbers
from .text import word


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""  # "" for text columns; "%", "count" (people), "rank", "indicators", "pp" or a unit name
    decimals: int = 1

    @property
    def numeric(self) -> bool:
        return bool(self.unit)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # raw values, in column order; None means no data
    lang: str = "en"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def records(self) -> list[dict]:
        """Rows as dicts keyed by column key (raw values), e.g. for CSV or XLSX."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row)) for row in self.rows]

    def cell(self, column: Column, raw) -> str:
        if not column.numeric:
            return "" if raw is None else str(raw)
        if numbers.is_missing(raw):
            return word("no_data", self.lang)
        return numbers.value(raw, column.unit, self.lang, column.decimals)

    def formatted(self) -> list[list[str]]:
        return [[self.cell(c, v) for c, v in zip(self.columns, row)] for row in self.rows]

    def html(self, *, table_id: str | None = None, css_class: str = "chart-table") -> str:
        ident = f' id="{escape(table_id)}"' if table_id else ""
        num = ' class="num"'
        head = "".join(f'<th scope="col"{num if c.numeric else ""}>{escape(c.label)}</th>' for c in self.columns)
        body = []
        for raw_row, text_row in zip(self.rows, self.formatted()):
            cells = []
            for i, (col, raw, text) in enumerate(zip(self.columns, raw_row, text_row)):
                if i == 0:
                    cells.append(f'<th scope="row">{escape(text)}</th>')
                elif col.numeric:
                    gap = " no-data" if numbers.is_missing(raw) else ""
                    cells.append(f'<td class="num{gap}">{escape(text)}</td>')
                else:
                    cells.append(f"<td>{escape(text)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        notes = "".join(f'<p class="table-note">{escape(n)}</p>' for n in self.notes)
        return (
            f'<div class="table-scroll"><table{ident} class="{css_class}"><caption>{escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{notes}</div>"
        )

    __html__ = html  # lets template engines that honour __html__ insert it unescaped
