"""The framework's resolved, frozen objects. The loader builds them from YAML; nothing else does.

Every object that comes from a file remembers ``source_path`` and ``line`` so that a report or an error
can point back at the definition a person would edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perthyn.text import Text

STATUSES = ("available", "partial", "in_development", "no_data")  # best first
DIRECTIONS = ("higher_is_better", "lower_is_better")
COMPUTE_KINDS = ("proportion", "mean", "ratio")
COLLECTORS = ("government", "organisations")


@dataclass(frozen=True)
class Document:
    """A published document the framework draws on (its provenance)."""

    id: str
    title: Text
    publisher: str
    year: int
    url: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Code:
    id: str
    label: Text
    description: Text | None = None


@dataclass(frozen=True)
class Group:
    id: str
    label: Text


@dataclass(frozen=True)
class Domain:
    scheme: str
    id: str
    label: Text
    order: int
    group: str | None = None          # Home Office groups (markers and means, ...)
    number: int | None = None          # Welsh national well-being indicator number
    description: Text | None = None
    source_path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Scheme:
    id: str
    label: Text
    document: str
    groups: tuple[Group, ...]
    domains: tuple[Domain, ...]
    source_path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Source:
    """A data source: defaults for frequency, migrant flag and collector that indicators may override."""

    id: str
    label: Text
    publisher: str
    kind: str                      # survey | census | administrative | new_dataset | organisation_records
    frequency: str
    migrant_flag: bool
    collected_by: str
    description: Text | None = None
    url: str | None = None
    source_path: str = ""
    line: int = 0


@dataclass(frozen=True)
class SourceStatus:
    """What one source can say about one indicator today."""

    source: str
    status: str                    # available | partial | in_development | no_data
    frequency: str
    migrant_flag: bool
    collected_by: str
    expected_from: int | None = None  # in_development: first year data are expected
    expected_by: int | None = None    # ... and the latest
    note: Text | None = None

    @property
    def expected(self) -> str:
        if self.expected_from and self.expected_by and self.expected_from != self.expected_by:
            return f"{self.expected_from}-{self.expected_by}"
        year = self.expected_by or self.expected_from
        return str(year) if year else ""


@dataclass(frozen=True)
class Definition:
    population: Text
    numerator: Text
    denominator: Text | None
    unit: str
    direction: str                 # higher_is_better | lower_is_better

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher_is_better"


@dataclass(frozen=True)
class Compute:
    """How to compute the indicator from person-level data, as expressions over the person schema."""

    kind: str                      # proportion | mean | ratio
    universe: str = "true"
    condition: str | None = None   # proportion
    variable: str | None = None    # mean
    numerator: str | None = None   # ratio
    denominator: str | None = None  # ratio
    by: tuple[str, ...] = ()        # breakdowns the indicator is defined by (e.g. age_group)

    def expressions(self) -> dict[str, str]:
        names = ("universe", "condition", "variable", "numerator", "denominator")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


@dataclass(frozen=True)
class Indicator:
    id: str
    label: Text
    domain: str                    # a wales_mif domain id
    definition: Definition
    compute: Compute | None
    sources: tuple[SourceStatus, ...]
    next_step: Text
    core: bool = False
    home_office: tuple[str, ...] = ()
    wellbeing: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    progress_item: str | None = None   # the seed 001 progress item it answers
    named_in: tuple[str, ...] = ()     # provenance: document ids
    description: Text | None = None
    version: str = ""
    source_path: str = ""
    line: int = 0

    @property
    def status(self) -> str:
        """The best status any source reaches (available > partial > in_development > no_data)."""
        ranks = [STATUSES.index(s.status) for s in self.sources] or [len(STATUSES) - 1]
        return STATUSES[min(ranks)]

    @property
    def migrant_flag(self) -> bool:
        """True when a source that has data today identifies migrants."""
        return any(s.migrant_flag and s.status in ("available", "partial") for s in self.sources)

    @property
    def waits_for_new_data(self) -> bool:
        return any(s.status == "in_development" for s in self.sources)

    @property
    def expected_by(self) -> int | None:
        years = [s.expected_by or s.expected_from for s in self.sources if s.status == "in_development"]
        years = [y for y in years if y]
        return max(years) if years else None

    @property
    def collected_by(self) -> tuple[str, ...]:
        return tuple(sorted({s.collected_by for s in self.sources}))


@dataclass(frozen=True)
class Framework:
    version: str
    title: Text
    documents: tuple[Document, ...]
    codes: dict = field(hash=False)            # code list name -> tuple[Code]
    themes: tuple[Code, ...]
    progress_items: tuple[Code, ...]
    schemes: tuple[Scheme, ...]
    sources: tuple[Source, ...]
    indicators: tuple[Indicator, ...]
    path: str = ""

    def indicator(self, id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == id:
                return ind
        raise KeyError(f"no indicator '{id}' in the framework (see `perthyn framework list`)")

    def scheme(self, id: str) -> Scheme:
        for s in self.schemes:
            if s.id == id:
                return s
        raise KeyError(f"no scheme '{id}'; schemes are {', '.join(s.id for s in self.schemes)}")

    def domains(self, scheme: str = "wales_mif") -> tuple[Domain, ...]:
        return self.scheme(scheme).domains

    def domain(self, id: str, scheme: str = "wales_mif") -> Domain:
        for d in self.domains(scheme):
            if d.id == id:
                return d
        raise KeyError(f"no domain '{id}' in scheme '{scheme}'")

    def indicators_in(self, domain: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.domain == domain)

    def source(self, id: str) -> Source:
        for s in self.sources:
            if s.id == id:
                return s
        raise KeyError(f"no source '{id}'")

    def code(self, codelist: str, id: str) -> Code:
        for c in self.codes.get(codelist, ()):
            if c.id == id:
                return c
        raise KeyError(f"no code '{id}' in '{codelist}'")

    def theme(self, id: str) -> Code:
        for t in self.themes:
            if t.id == id:
                return t
        raise KeyError(f"no theme '{id}'")

    @property
    def core(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.core)
