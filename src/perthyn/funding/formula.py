"""A funding formula as data: parse the YAML into frozen objects, checking every key on the way.

Shape of a formula file (see docs/funding.md and definitions/funding/*.yaml):

    id, version, label{en,cy}, description{en,cy}, pot, currency, period
    tables:      name -> {csv: path | loader: name, key: column, source{en,cy,url}}
    areas:       {table, code, name: {en: column, cy: column}}
    bases:       name -> {kind: usual_residents|gp_registered|migrant_aware, ...}
    weights_total: the sum the component weights must reach
    components:  name -> {label, weight, base, need: {..}, cost: {..}}
    constraints: {previous: {table, column} | {scenario}, damping, floor, cap}
    parameters:  [{path, label, low, high, illustrative, source}]
    scenarios:   name -> {label, description, set: {dotted.path: value}}

Every problem found is collected (with file, line and key path) and raised once.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from perthyn.errors import Collector
from perthyn.text import Text, read_text

from perthyn.yamlfile import YamlDoc
from perthyn.yamlfile import load as load_file

BASE_KINDS = ("usual_residents", "gp_registered", "migrant_aware")
TOP_KEYS = {"id", "version", "label", "description", "pot", "currency", "period", "illustrative", "tables", "areas",
            "bases", "weights_total", "components", "constraints", "parameters", "scenarios", "notes"}


@dataclass(frozen=True)
class Source:
    text: Text
    url: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str
    csv: Path | None
    loader: str | None
    source: Source | None
    line: int


@dataclass(frozen=True)
class Column:
    """One column of one data table, with where it was named in the formula."""

    table: str
    column: str
    path: str            # key path in the formula, for errors
    line: int
    percent_of: str | None = None   # the column holds a percentage of this population base


@dataclass(frozen=True)
class Band:
    """Recent arrivals in one length-of-residence band and the share of them on GP lists."""

    id: str
    count: Column
    registration_rate: float
    label: Text
    illustrative: bool
    source: Source | None


@dataclass(frozen=True)
class Inflation:
    """People counted on a modelled GP list who no longer live in the area (list inflation, "ghost patients"):
    `rate` of the count in `count` are taken to be still registered here."""

    id: str
    count: Column
    rate: float
    label: Text
    illustrative: bool
    source: Source | None


@dataclass(frozen=True)
class Base:
    id: str
    kind: str
    label: Text
    column: Column | None = None          # usual_residents, gp_registered (a real list)
    model_from: str | None = None         # gp_registered modelled from another base
    from_base: str | None = None          # migrant_aware: the registered list it corrects
    bands: tuple[Band, ...] = ()
    inflation: tuple[Inflation, ...] = ()   # gp_registered modelled: people still listed after leaving
    illustrative: bool = False
    source: Source | None = None
    line: int = 0

    @property
    def depends_on(self) -> tuple[str, ...]:
        cols = [self.column, *(band.count for band in self.bands), *(term.count for term in self.inflation)]
        pct = [c.percent_of for c in cols if c is not None and c.percent_of]
        return tuple(dict.fromkeys(b for b in (self.model_from, self.from_base, *pct) if b))


@dataclass(frozen=True)
class Indicator:
    """A need or cost indicator: index = (constant + sum(coef * column)) ** exponent."""

    id: str
    label: Text
    terms: tuple[tuple[Column, float], ...]
    constant: float
    exponent: float
    illustrative: bool
    source: Source | None
    line: int


@dataclass(frozen=True)
class Component:
    id: str
    label: Text
    weight: float
    base: str
    need: tuple[Indicator, ...]
    cost: tuple[Indicator, ...]
    line: int


@dataclass(frozen=True)
class Constraints:
    previous_column: Column | None = None
    previous_scenario: str | None = None
    damping: float = 1.0        # 1 = go straight to the formula; 0 = stay at previous shares
    floor: float | None = None  # minimum change on previous, e.g. -0.01
    cap: float | None = None    # maximum change on previous, e.g. 0.05
    line: int = 0

    @property
    def has_previous(self) -> bool:
        return self.previous_column is not None or self.previous_scenario is not None


@dataclass(frozen=True)
class Parameter:
    path: str
    label: Text
    low: float
    high: float
    illustrative: bool
    source: Source | None
    line: int


@dataclass(frozen=True)
class Scenario:
    id: str
    label: Text
    description: Text
    set: dict
    line: int


@dataclass(frozen=True)
class Formula:
    id: str
    version: str
    label: Text
    description: Text
    pot: float
    currency: str
    period: str
    illustrative: bool
    tables: dict[str, TableSpec]
    area_table: str
    area_code: str
    area_name: Text            # column names
    bases: dict[str, Base]
    base_order: tuple[str, ...]
    weights_total: float
    components: dict[str, Component]
    constraints: Constraints
    parameters: tuple[Parameter, ...]
    scenarios: dict[str, Scenario]
    file: str
    raw: dict = field(repr=False, compare=False, hash=False)
    located: YamlDoc = field(repr=False, compare=False, hash=False)
    scenario: str | None = None
    origin: YamlDoc | None = field(default=None, repr=False, compare=False, hash=False)  # the file as written

    def baseline(self) -> "Formula":
        return self if self.origin is None else parse(self.origin)


class _Reader:
    """Walks the raw mapping with a Collector, so each check names file, line and key path."""

    def __init__(self, located: YamlDoc, lines_from: dict | None = None):
        self.loc = located
        self.errors = Collector(file=located.file)
        self.lines_from = lines_from or {}

    def line(self, *path) -> int:
        dotted = ".".join(map(str, path))
        for p, ln in self.lines_from.items():    # values set by a scenario point at the scenario
            if dotted == p or dotted.startswith(p + "."):
                return ln
        return self.loc.line(path)

    def add(self, path: tuple, message: str, fix: str) -> None:
        self.errors.add(message, line=self.line(*path), column=".".join(map(str, path)), fix=fix)

    def mapping(self, value, path, *, allowed=None, required=()) -> dict:
        if not isinstance(value, dict):
            self.add(path, f"expected a mapping, found {type(value).__name__}", "indent the keys under this one")
            return {}
        for key in required:
            if key not in value:
                self.add(path, f"'{key}' is missing", f"add '{key}:' under {'.'.join(map(str, path)) or 'the top level'}")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    self.add((*path, key), f"unknown key '{key}'", f"use one of: {', '.join(sorted(allowed))}")
        return value

    def number(self, value, path, *, low=None, high=None, default=None) -> float:
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.add(path, f"expected a number, found {value!r}", "write a plain number such as 0.25")
            return default if default is not None else 0.0
        if low is not None and value < low or high is not None and value > high:
            bounds = f"between {low} and {high}" if low is not None and high is not None else (
                f"at least {low}" if low is not None else f"at most {high}")
            self.add(path, f"{value} is out of range", f"use a value {bounds}")
        return float(value)

    def text(self, value, path, *, required=True) -> Text:
        return read_text(value, self.errors, ".".join(map(str, path)), required=required,
                         line=lambda lang: self.line(*path, *([lang] if lang else []))) or Text()

    def source(self, value, path) -> Source | None:
        if value is None:
            return None
        value = self.mapping(value, path, allowed={"en", "cy", "url"}, required=("en", "cy"))
        return Source(self.text({"en": value.get("en"), "cy": value.get("cy")}, path), str(value.get("url", "")))

    def ref(self, value, path, names, what) -> str:
        if not isinstance(value, str) or value not in names:
            self.add(path, f"{what} '{value}' is not defined", f"use one of: {', '.join(sorted(names)) or '(none defined)'}")
        return str(value)

    def column(self, value: dict, path, tables, bases=None) -> Column:
        self.mapping(value, path, required=("table", "column"))
        table = self.ref(value.get("table"), (*path, "table"), tables, "table")
        col = value.get("column")
        if not isinstance(col, str):
            self.add((*path, "column"), "expected a column name", "name a column of the table")
        pct = value.get("percent_of")
        if pct is not None:
            pct = self.ref(pct, (*path, "percent_of"), bases or {}, "population base")
        return Column(table, str(col), ".".join(map(str, path)), self.line(*path, "column"), pct)


def _indicators(r: _Reader, value, path, tables) -> tuple[Indicator, ...]:
    if value is None:
        return ()
    out = []
    for ind_id, spec in r.mapping(value, path).items():
        p = (*path, ind_id)
        spec = r.mapping(spec, p, allowed={"label", "table", "column", "terms", "constant", "exponent",
                                           "illustrative", "source"}, required=("label", "table"))
        table = r.ref(spec.get("table"), (*p, "table"), tables, "table")
        terms = []
        if "column" in spec and "terms" in spec:
            r.add(p, "give either 'column' or 'terms', not both", "keep one")
        if "terms" in spec:
            for col, coef in r.mapping(spec["terms"], (*p, "terms")).items():
                terms.append((Column(table, str(col), ".".join(map(str, (*p, "terms", col))), r.line(*p, "terms", col)),
                              r.number(coef, (*p, "terms", col))))
        elif isinstance(spec.get("column"), str):
            terms.append((Column(table, spec["column"], ".".join(map(str, (*p, "column"))), r.line(*p, "column")), 1.0))
        else:
            r.add(p, "no column or terms given", "add 'column: NAME' or 'terms: {COLUMN: coefficient}'")
        out.append(Indicator(
            id=str(ind_id), label=r.text(spec.get("label"), (*p, "label")), terms=tuple(terms),
            constant=r.number(spec.get("constant", 0), (*p, "constant")),
            exponent=r.number(spec.get("exponent", 1), (*p, "exponent")),
            illustrative=bool(spec.get("illustrative", False)), source=r.source(spec.get("source"), (*p, "source")),
            line=r.line(*p)))
    return tuple(out)


def _bases(r: _Reader, value, tables) -> dict[str, Base]:
    bases = {}
    raw = r.mapping(value, ("bases",))
    for bid, spec in raw.items():
        p = ("bases", bid)
        spec = r.mapping(spec, p, allowed={"kind", "label", "table", "column", "percent_of", "model_from", "from",
                                           "arrivals", "inflation", "illustrative", "source"}, required=("kind", "label"))
        kind = spec.get("kind")
        if kind not in BASE_KINDS:
            r.add((*p, "kind"), f"unknown population base kind {kind!r}", f"use one of: {', '.join(BASE_KINDS)}")
        column = model_from = from_base = None
        if kind in ("usual_residents", "gp_registered") and "model_from" not in spec:
            column = r.column(spec, p, tables, raw)
        if kind == "gp_registered" and "model_from" in spec:
            model_from = r.ref(spec["model_from"], (*p, "model_from"), raw, "population base")
        if kind == "migrant_aware":
            from_base = r.ref(spec.get("from"), (*p, "from"), raw, "population base")
        bands, inflation = [], []
        if "inflation" in spec and not model_from:
            r.add((*p, "inflation"), "list inflation applies only to a GP list modelled from another base",
                  "use it under a gp_registered base with model_from, or remove it")
        if model_from and "inflation" in spec:
            for term_id, t in r.mapping(spec.get("inflation"), (*p, "inflation")).items():
                tp = (*p, "inflation", term_id)
                t = r.mapping(t, tp, allowed={"table", "column", "percent_of", "rate", "label", "illustrative", "source"},
                              required=("table", "column", "rate", "label"))
                inflation.append(Inflation(str(term_id), r.column(t, tp, tables, raw),
                                           r.number(t.get("rate"), (*tp, "rate"), low=0.0, high=1.0),
                                           r.text(t.get("label"), (*tp, "label")), bool(t.get("illustrative", False)),
                                           r.source(t.get("source"), (*tp, "source"))))
        if kind == "migrant_aware" or model_from:
            arrivals = r.mapping(spec.get("arrivals") or {}, (*p, "arrivals"))
            if not arrivals and not (model_from and inflation):
                r.add((*p, "arrivals"), "no length-of-residence bands given",
                      "add arrivals: {BAND: {table, column, registration_rate, label}}")
            for band_id, b in arrivals.items():
                bp = (*p, "arrivals", band_id)
                b = r.mapping(b, bp, allowed={"table", "column", "percent_of", "registration_rate", "label",
                                              "illustrative", "source"},
                              required=("table", "column", "registration_rate", "label"))
                bands.append(Band(str(band_id), r.column(b, bp, tables, raw),
                                  r.number(b.get("registration_rate"), (*bp, "registration_rate"), low=0.01, high=1.0),
                                  r.text(b.get("label"), (*bp, "label")), bool(b.get("illustrative", False)),
                                  r.source(b.get("source"), (*bp, "source"))))
        bases[str(bid)] = Base(id=str(bid), kind=str(kind), label=r.text(spec.get("label"), (*p, "label")),
                               column=column, model_from=model_from, from_base=from_base, bands=tuple(bands),
                               inflation=tuple(inflation),
                               illustrative=bool(spec.get("illustrative", False)),
                               source=r.source(spec.get("source"), (*p, "source")), line=r.line(*p))
    return bases


def _base_order(r: _Reader, bases: dict[str, Base]) -> tuple[str, ...]:
    graph = {bid: {d for d in b.depends_on if d in bases} for bid, b in bases.items()}
    try:
        return tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = exc.args[1]
        first = cycle[0]
        b = bases[first]
        key = "from" if b.from_base else "model_from" if b.model_from else "percent_of"
        r.add(("bases", first, key), "circular reference between population bases: " + " -> ".join(cycle),
              "make one of these bases read a data column instead of another base")
        return tuple(bases)


def parse(located: YamlDoc, *, scenario: str | None = None, lines_from: dict | None = None,
          origin: YamlDoc | None = None) -> Formula:
    """Check a located YAML document and build a Formula; raises InputErrors listing every problem."""
    r = _Reader(located, lines_from)
    raw = r.mapping(located.data, (), allowed=TOP_KEYS,
                    required=("id", "label", "pot", "tables", "areas", "bases", "weights_total", "components"))
    base_dir = Path(located.file).parent

    tables = {}
    for name, spec in r.mapping(raw.get("tables", {}), ("tables",)).items():
        p = ("tables", name)
        spec = r.mapping(spec, p, allowed={"csv", "loader", "key", "source"}, required=("key",))
        if ("csv" in spec) == ("loader" in spec):
            r.add(p, "give exactly one of 'csv' or 'loader'", "csv: a file next to the formula, or loader: a perthyn.data loader")
        tables[str(name)] = TableSpec(str(name), str(spec.get("key")), base_dir / spec["csv"] if "csv" in spec else None,
                                      spec.get("loader"), r.source(spec.get("source"), (*p, "source")), r.line(*p))

    areas = r.mapping(raw.get("areas", {}), ("areas",), allowed={"table", "code", "name"}, required=("table", "code", "name"))
    area_table = r.ref(areas.get("table"), ("areas", "table"), tables, "table")
    names = areas.get("name") if isinstance(areas.get("name"), dict) else {}
    area_name = r.text(names, ("areas", "name"))

    bases = _bases(r, raw.get("bases", {}), tables)
    order = _base_order(r, bases)

    components = {}
    for cid, spec in r.mapping(raw.get("components", {}), ("components",)).items():
        p = ("components", cid)
        spec = r.mapping(spec, p, allowed={"label", "weight", "base", "need", "cost", "description"},
                         required=("label", "weight", "base"))
        components[str(cid)] = Component(
            id=str(cid), label=r.text(spec.get("label"), (*p, "label")),
            weight=r.number(spec.get("weight"), (*p, "weight"), low=0),
            base=r.ref(spec.get("base"), (*p, "base"), bases, "population base"),
            need=_indicators(r, spec.get("need"), (*p, "need"), tables),
            cost=_indicators(r, spec.get("cost"), (*p, "cost"), tables), line=r.line(*p))
    if not components and "components" in raw:
        r.add(("components",), "no components", "add at least one component with a weight and a base")

    weights_total = r.number(raw.get("weights_total"), ("weights_total",), low=0)
    total = sum(c.weight for c in components.values())
    if components and abs(total - weights_total) > 1e-9:
        listed = ", ".join(f"{c.id} {c.weight:g} (line {c.line})" for c in components.values())
        r.add(("weights_total",), f"component weights sum to {total:g}, not the declared {weights_total:g}: {listed}",
              "change the weights so they add up to weights_total, or correct weights_total")

    scenarios_raw = r.mapping(raw.get("scenarios", {}) or {}, ("scenarios",))
    cons_raw = r.mapping(raw.get("constraints", {}) or {}, ("constraints",),
                         allowed={"previous", "damping", "floor", "cap"})
    prev_col = prev_scn = None
    if "previous" in cons_raw:
        prev = r.mapping(cons_raw["previous"], ("constraints", "previous"), allowed={"table", "column", "scenario"})
        if "scenario" in prev:
            prev_scn = prev["scenario"]
            if prev_scn != "baseline" and prev_scn not in scenarios_raw:
                r.add(("constraints", "previous", "scenario"), f"scenario '{prev_scn}' is not defined",
                      f"use baseline or one of: {', '.join(sorted(scenarios_raw))}")
            if prev_scn == (scenario or "baseline"):
                r.add(("constraints", "previous", "scenario"),
                      f"circular reference: scenario '{prev_scn}' is damped against itself",
                      "damp against the baseline or another scenario, or a column of previous allocations")
        else:
            prev_col = r.column(prev, ("constraints", "previous"), tables)
    floor = cons_raw.get("floor")
    cap = cons_raw.get("cap")
    constraints = Constraints(
        previous_column=prev_col, previous_scenario=prev_scn,
        damping=r.number(cons_raw.get("damping", 1.0), ("constraints", "damping"), low=0, high=1),
        floor=None if floor is None else r.number(floor, ("constraints", "floor"), low=-1, high=0),
        cap=None if cap is None else r.number(cap, ("constraints", "cap"), low=0),
        line=r.line("constraints"))
    if (constraints.floor is not None or constraints.cap is not None or constraints.damping < 1) and not constraints.has_previous:
        r.add(("constraints",), "floor, cap and damping need the previous allocation to measure change from",
              "add previous: {table: ..., column: ...} or previous: {scenario: baseline}")

    parameters = []
    for i, spec in enumerate(raw.get("parameters", []) or []):
        p = ("parameters", i)
        spec = r.mapping(spec, p, allowed={"path", "label", "low", "high", "illustrative", "source"},
                         required=("path", "label", "low", "high"))
        path = str(spec.get("path"))
        if not isinstance(get_path(raw, path), (int, float)):
            r.add((*p, "path"), f"'{path}' does not lead to a number in this formula",
                  "use a dotted key path such as components.need.weight")
        low = r.number(spec.get("low"), (*p, "low"))
        high = r.number(spec.get("high"), (*p, "high"))
        if low > high:
            r.add((*p, "low"), f"low {low:g} is above high {high:g}", "swap them")
        parameters.append(Parameter(path, r.text(spec.get("label"), (*p, "label")), low, high,
                                    bool(spec.get("illustrative", False)), r.source(spec.get("source"), (*p, "source")),
                                    r.line(*p)))

    scenarios = {}
    for sid, spec in scenarios_raw.items():
        p = ("scenarios", sid)
        spec = r.mapping(spec, p, allowed={"label", "description", "set"}, required=("label", "set"))
        sets = r.mapping(spec.get("set", {}), (*p, "set"))
        for path in sets:
            parent = get_path(raw, path.rsplit(".", 1)[0]) if "." in path else raw
            if not isinstance(parent, dict):
                r.add((*p, "set", path), f"'{path}' is not a key path in this formula",
                      "use a dotted path to an existing section, such as components.practice.base")
        scenarios[str(sid)] = Scenario(str(sid), r.text(spec.get("label"), (*p, "label")),
                                       r.text(spec.get("description"), (*p, "description"), required=False),
                                       dict(sets), r.line(*p))

    pot = r.number(raw.get("pot"), ("pot",), low=0.01)
    if abs(round(pot * 100) - pot * 100) > 1e-6:
        r.add(("pot",), "the pot has fractions of a penny", "round the pot to whole pence")

    r.errors.raise_if_any(f"{located.file}: the funding formula has problems")
    return Formula(
        id=str(raw["id"]), version=str(raw.get("version", "1")), label=r.text(raw["label"], ("label",)),
        description=r.text(raw.get("description"), ("description",), required=False), pot=pot,
        currency=str(raw.get("currency", "GBP")), period=str(raw.get("period", "")),
        illustrative=bool(raw.get("illustrative", False)), tables=tables, area_table=area_table,
        area_code=str(areas["code"]), area_name=area_name, bases=bases, base_order=order,
        weights_total=weights_total, components=components, constraints=constraints, parameters=tuple(parameters),
        scenarios=scenarios, file=located.file, raw=raw, located=located, scenario=scenario, origin=origin)


# -- dotted key paths (used by scenarios and parameters) ------------------------------------------

def get_path(data, path: str):
    node = data
    for part in str(path).split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def set_path(data: dict, path: str, value) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value


def with_values(formula: Formula, values: dict, *, rebalance: bool = True, lines: dict | None = None,
                scenario: str | None = None) -> Formula:
    """The formula with some values changed (dotted paths).

    Component weights that are set are held at exactly the values given; only the weights not set are
    rescaled (in proportion to their values, or equally if they are all zero) so that the weights still
    sum as declared. Setting weights that alone exceed weights_total is an error naming the file and field."""
    raw = copy.deepcopy(formula.raw)
    comps = raw.get("components") if isinstance(raw.get("components"), dict) else {}
    weights = {}
    for path, value in values.items():
        parts = path.split(".")
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if rebalance and numeric and len(parts) == 3 and parts[0] == "components" and parts[2] == "weight" \
                and parts[1] in comps:
            weights[parts[1]] = float(value)
        set_path(raw, path, value)
    if weights:
        _rebalance(formula, raw, comps, weights, lines or {})
    located = YamlDoc(formula.file, raw, formula.located.lines)
    return parse(located, scenario=scenario if scenario is not None else formula.scenario, lines_from=lines,
                 origin=formula.origin or formula.located)


def _rebalance(formula: Formula, raw: dict, comps: dict, weights: dict[str, float], lines: dict) -> None:
    """Rescale the weights not in `weights` so that all of them sum to weights_total (in place)."""
    total = raw.get("weights_total")
    if isinstance(total, bool) or not isinstance(total, (int, float)):
        return                                  # parse reports the bad weights_total
    held = sum(weights.values())
    others = [k for k in comps if k not in weights]
    try:
        rest = sum(float(comps[k]["weight"]) for k in others)
    except (KeyError, TypeError, ValueError):
        return                                  # parse reports the bad weight
    target = float(total) - held
    if target < -1e-12:
        from perthyn.errors import InputErrors, Problem

        first = next(iter(weights))
        path = f"components.{first}.weight"
        line = lines.get(path) or formula.located.line(("components", first, "weight"))
        listed = ", ".join(f"{k} {v:g}" for k, v in weights.items())
        raise InputErrors(Problem(
            f"the weights set ({listed}) add up to {held:g}, more than weights_total {float(total):g}",
            file=formula.file, line=line, column=path,
            fix="lower the weights being set so that they add up to no more than weights_total"))
    target = max(target, 0.0)
    for k in others:
        comps[k]["weight"] = (float(comps[k]["weight"]) * target / rest) if rest else target / len(others)


def load(path: str | Path, scenario: str | None = None) -> Formula:
    """Load a formula file; with `scenario`, apply that scenario's settings on top of it."""
    formula = parse(load_file(path))
    if scenario in (None, "baseline"):
        return formula
    return apply_scenario(formula, scenario)


def apply_scenario(formula: Formula, scenario: str) -> Formula:
    if scenario in (None, "baseline"):
        return formula.baseline()
    formula = formula.baseline()
    if scenario not in formula.scenarios:
        from perthyn.errors import InputErrors, Problem
        raise InputErrors(Problem(f"scenario '{scenario}' is not defined", file=formula.file,
                                  line=formula.located.line(("scenarios",)), column="scenarios",
                                  fix=f"use baseline or one of: {', '.join(formula.scenarios) or '(none)'}"))
    sc = formula.scenarios[scenario]
    lines = {path: formula.located.line(("scenarios", scenario, "set", path)) for path in sc.set}
    return with_values(formula, sc.set, rebalance=False, lines=lines, scenario=scenario)
