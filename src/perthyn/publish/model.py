"""What a profile is made of: sections of charts, tables and notes, each number tied to its source."""

from __future__ import annotations

from dataclasses import dataclass, field

from perthyn.charts import Chart, Table

from .content import content, pick


@dataclass(frozen=True)
class Area:
    code: str
    name_en: str
    name_cy: str
    nation: str  # "wales" | "england"

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" and self.name_cy else self.name_en


@dataclass(frozen=True)
class SourceNote:
    id: str  # a key of content.yaml `sources`
    table: str = ""  # e.g. the ONS table code "TS004"
    period: str = ""  # overrides the source's default period

    def describe(self, lang: str) -> dict:
        src = content()["sources"][self.id]
        title = pick(src["title"], lang) + (f" ({self.table})" if self.table else "")
        return {
            "publisher": pick(src["publisher"], lang),
            "title": title,
            "period": self.period or pick(src["period"], lang),
            "url": src.get("url", ""),
            "licence": src.get("licence", ""),
        }

    def text(self, lang: str) -> str:
        d = self.describe(lang)
        return f"{d['publisher']}, {d['title']}; {d['period']}."


@dataclass(frozen=True)
class PublishedTable:
    """A table that leaves Perthyn: on the page, in the PDF, and as CSV/XLSX with a data package."""

    id: str
    title: str
    table: Table
    sources: tuple[SourceNote, ...]
    description: str = ""
    from_microdata: bool = False  # went through perthyn.disclosure.gate


@dataclass(frozen=True)
class Figure:
    chart: Chart
    table: PublishedTable


@dataclass(frozen=True)
class Gap:
    text: str


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    intro: str = ""
    figures: tuple[Figure, ...] = ()
    tables: tuple[PublishedTable, ...] = ()
    sources: tuple[SourceNote, ...] = ()
    gaps: tuple[Gap, ...] = ()
    banner: str = ""  # e.g. the synthetic-data label
    notes: tuple[str, ...] = ()
    items: tuple[dict, ...] = ()  # structured extras (guidance terms, gap register rows)
    kind: str = "standard"

    def all_tables(self) -> list[PublishedTable]:
        return [f.table for f in self.figures] + list(self.tables)


@dataclass(frozen=True)
class Profile:
    area: Area
    lang: str
    title: str
    lead: str
    sections: tuple[Section, ...]
    generated: str  # formatted date
    synthetic: bool = False
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    def tables(self) -> list[PublishedTable]:
        return [t for s in self.sections for t in s.all_tables()]

    def section(self, id: str) -> Section:
        return next(s for s in self.sections if s.id == id)
