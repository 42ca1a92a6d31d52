"""What every section builder needs to know: the area, its comparator (Wales or England), its peers, the language."""

from __future__ import annotations

from dataclasses import dataclass

from perthyn.charts import numbers

from .. import areas
from ..content import section_text, word
from ..model import Area, Gap
from ..welsh import and_place, in_place


@dataclass(frozen=True)
class Ctx:
    area: Area
    lang: str

    @property
    def name(self) -> str:
        return self.area.name(self.lang)

    @property
    def comparator(self) -> Area:
        return areas.comparator(self.area)

    @property
    def peers(self) -> tuple[Area, ...]:
        return areas.peers(self.area)

    def names(self) -> dict:
        """Place-name forms for the sentence templates (Welsh ones mutated after 'yn' and 'a/â')."""
        comp = self.comparator.name(self.lang)
        if self.lang == "cy":
            welsh = self.area.nation == "wales"
            return {"area": self.name, "in_area": in_place(self.name, welsh_name=welsh), "comp": comp,
                    "and_comp": and_place(comp)}
        return {"area": self.name, "in_area": f"in {self.name}", "comp": comp, "and_comp": comp}

    def text(self, section: str, key: str, **values) -> str:
        return section_text(section, key, self.lang, **{**self.names(), **values})

    def word(self, key: str, **values) -> str:
        return word(key, self.lang, **{**self.names(), **values})

    def pct(self, value, decimals: int = 1) -> str:
        if numbers.is_missing(value):
            return word("na", self.lang)
        return numbers.percent(value, self.lang, decimals)

    def count(self, value) -> str:
        if numbers.is_missing(value):
            return word("na", self.lang)
        return numbers.number(value, self.lang, 0)

    def gap(self, table_name: str) -> Gap:
        return Gap(self.word("gap_missing_table", table=table_name))

    def table_id(self, part: str) -> str:
        return f"{self.area.code.lower()}-{part}"
