"""Load a framework folder (YAML) into frozen objects, reporting every problem at once.

Folder layout::

    framework.yaml          version, title, provenance documents, code lists, themes, seed 001 progress items
    schemes.yaml            wales_mif, home_office_ioi (with groups), wellbeing_wales: their domains
    sources.yaml            data sources with default frequency, migrant flag and collector
    indicators/*.yaml       one file per Wales domain: ``domain: work`` and a list of ``indicators``

Reading happens in two steps, as in dbt: the YAML is read as loose data with the line of every key
(yamlfile), then each object is checked key by key (unknown keys rejected, references resolved, compute
expressions parsed against the person schema) and frozen. Problems are collected across all files and
raised together as one InputErrors naming file, line and key path.
"""

from __future__ import annotations

import re
from pathlib import Path

from perthyn.errors import Collector
from perthyn.framework import expr as expr_mod
from perthyn.framework.model import (
    COLLECTORS, COMPUTE_KINDS, DIRECTIONS, STATUSES, Code, Compute, Definition, Document, Domain, Framework,
    Group, Indicator, Scheme, Source, SourceStatus, Text,
)
from perthyn.text import read_text
from perthyn.yamlfile import YamlDoc, key_path, read

ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_CORE = 30
CODE_LISTS = ("statuses", "frequencies", "collectors", "directions", "units", "source_kinds")
SCHEMES = ("wales_mif", "home_office_ioi", "wellbeing_wales")


class _Reader:
    """Typed access to one YAML document that records a problem (file, line, key path) on every misfit."""

    def __init__(self, doc: YamlDoc, problems: Collector):
        self.doc, self.problems = doc, problems

    def value(self, path):
        node = self.doc.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def problem(self, path, message, fix=None):
        self.problems.add(message, file=self.doc.file, line=self.doc.line(tuple(path)),
                          column=key_path(tuple(path)) or None, fix=fix)

    def mapping(self, path, required=(), optional=()) -> dict | None:
        node = self.value(path)
        if not isinstance(node, dict):
            self.problem(path, f"expected a mapping with keys {', '.join(required)}, got {type(node).__name__}")
            return None
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                self.problem(path + (key,), f"unknown key '{key}'",
                             fix=f"allowed keys here are: {', '.join(sorted(allowed))}")
        for key in required:
            if key not in node or node[key] is None:
                self.problem(path + (key,) if key in node else path, f"missing required key '{key}'")
        return node

    def items(self, path, required=True) -> list:
        node = self.value(path)
        if node is None and not required:
            return []
        if not isinstance(node, list):
            self.problem(path, f"expected a list, got {type(node).__name__}")
            return []
        return list(range(len(node)))

    def text(self, path, required=True) -> Text | None:
        node = self.value(path)
        if node is None:
            if required:
                self.problem(path, "missing bilingual text", fix="give it as {en: ..., cy: ...}")
            return None
        if not isinstance(node, dict):
            self.problem(path, "expected English and Welsh text as {en: ..., cy: ...}")
            return None
        self.mapping(path, required=(), optional=("en", "cy"))   # unknown keys, each at its own line
        return read_text(node, self.problems, key_path(tuple(path)), file=self.doc.file, what="label", strip=True,
                         line=lambda lang: self.doc.line(tuple(path) + ((lang,) if lang else ())), others=True,
                         absent_at_node=True)

    def string(self, path, required=True, choices=None, pattern=None) -> str | None:
        v = self.value(path)
        if v is None:
            if required:
                self.problem(path, "missing value")
            return None
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            self.problem(path, f"expected text, got {type(v).__name__}")
            return None
        v = str(v)
        if choices is not None and v not in choices:
            self.problem(path, f"'{v}' is not one of: {', '.join(choices)}")
            return None
        if pattern is not None and not pattern.match(v):
            self.problem(path, f"'{v}' is not a valid id", fix="use lower-case letters, digits and _")
            return None
        return v

    def integer(self, path, required=True) -> int | None:
        v = self.value(path)
        if v is None:
            if required:
                self.problem(path, "missing whole number")
            return None
        if not isinstance(v, int) or isinstance(v, bool):
            self.problem(path, f"expected a whole number, got {v!r}")
            return None
        return v

    def boolean(self, path, default=None) -> bool | None:
        v = self.value(path)
        if v is None:
            return default
        if not isinstance(v, bool):
            self.problem(path, f"expected true or false, got {v!r}")
            return default
        return v

    def strings(self, path) -> list:
        v = self.value(path)
        if v is None:
            return []
        if not isinstance(v, list):
            self.problem(path, "expected a list")
            return []
        return v


def load_dir(path: str | Path) -> Framework:
    """Load and validate the framework folder at ``path``; raise InputErrors listing every problem."""
    root = Path(path)
    problems = Collector()
    if not root.is_dir():
        problems.add("not a framework folder", file=str(root),
                     fix="give a folder holding framework.yaml, schemes.yaml, sources.yaml and indicators/")
        problems.raise_if_any()
    docs = {}
    for name in ("framework.yaml", "schemes.yaml", "sources.yaml"):
        if not (root / name).is_file():
            problems.add(f"missing file {name}", file=str(root / name), fix="every framework folder needs it")
        else:
            docs[name] = read(root / name, problems)
    indicator_files = sorted((root / "indicators").glob("*.yaml"))
    if not indicator_files:
        problems.add("no indicator files", file=str(root / "indicators"), fix="add indicators/<domain>.yaml files")
    indicator_docs = [d for d in (read(f, problems) for f in indicator_files) if d is not None]
    if any(docs.get(n) is None for n in ("framework.yaml", "schemes.yaml", "sources.yaml")):
        problems.raise_if_any(f"{len(problems.problems)} problem(s) in the framework at {root}")

    meta = _read_meta(_Reader(docs["framework.yaml"], problems))
    schemes = _read_schemes(_Reader(docs["schemes.yaml"], problems), meta)
    sources = _read_sources(_Reader(docs["sources.yaml"], problems), meta)
    ctx = dict(meta=meta, schemes=schemes, sources=sources, schema=expr_mod.person_schema())
    _check_unique_ids(indicator_docs, problems)
    indicators, seen = [], set()
    for doc in indicator_docs:
        for ind in _read_indicator_file(_Reader(doc, problems), ctx):
            if ind.id not in seen:
                seen.add(ind.id)
                indicators.append(ind)
    # present indicators in the Wales domain order, then file order within a domain
    order = {d.id: n for n, d in enumerate(schemes["wales_mif"].domains)} if "wales_mif" in schemes else {}
    indicators.sort(key=lambda i: order.get(i.domain, len(order)))
    core = [i for i in indicators if i.core]
    if len(core) > MAX_CORE:
        last = core[-1]
        problems.add(f"{len(core)} indicators are marked core; the core set may hold at most {MAX_CORE}",
                     file=last.source_path, line=last.line, column="core",
                     fix="set core: false on the least essential ones")
    problems.raise_if_any(f"{len(problems.problems)} problem(s) in the framework at {root}")
    return Framework(
        version=meta["version"], title=meta["title"], documents=meta["documents"], codes=meta["codes"],
        themes=meta["themes"], progress_items=meta["progress_items"], schemes=tuple(schemes.values()),
        sources=tuple(sources.values()), indicators=tuple(indicators), path=str(root),
    )


def _check_unique_ids(docs: list[YamlDoc], problems: Collector) -> None:
    """Duplicate ids are found on the raw data, so they are reported even when the entries have other faults."""
    first = {}
    for doc in docs:
        items = doc.data.get("indicators") if isinstance(doc.data, dict) else None
        for n, item in enumerate(items if isinstance(items, list) else []):
            iid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(iid, str):
                continue
            path = ("indicators", n, "id")
            if iid in first:
                file, line = first[iid]
                problems.add(f"duplicate indicator id '{iid}' (first defined in {file}, line {line})",
                             file=doc.file, line=doc.line(path), column="id", fix="give each indicator a unique id")
            else:
                first[iid] = (doc.file, doc.line(path))


# --- framework.yaml -------------------------------------------------------------------------------


def _codes(r: _Reader, path) -> tuple[Code, ...]:
    out, ids = [], set()
    for i in r.items(path):
        p = path + (i,)
        if r.mapping(p, required=("id", "label"), optional=("description",)) is None:
            continue
        cid, label = r.string(p + ("id",), pattern=ID), r.text(p + ("label",))
        desc = r.text(p + ("description",), required=False)
        if cid in ids:
            r.problem(p + ("id",), f"duplicate id '{cid}'")
        elif cid and label:
            ids.add(cid)
            out.append(Code(cid, label, desc))
    return tuple(out)


def _read_meta(r: _Reader) -> dict:
    r.mapping((), required=("version", "title", "documents", "codes", "themes", "progress_items"),
              optional=("description",))
    docs = []
    for i in r.items(("documents",)):
        p = ("documents", i)
        if r.mapping(p, required=("id", "title", "publisher", "year"), optional=("url", "note")) is None:
            continue
        d = Document(r.string(p + ("id",), pattern=ID), r.text(p + ("title",)), r.string(p + ("publisher",)),
                     r.integer(p + ("year",)), r.string(p + ("url",), required=False),
                     r.text(p + ("note",), required=False))
        docs.append(d)
    codes = {}
    if r.mapping(("codes",), required=CODE_LISTS) is not None:
        codes = {name: _codes(r, ("codes", name)) for name in CODE_LISTS}
    # the code lists the model relies on must be complete
    for name, expected in (("statuses", STATUSES), ("directions", DIRECTIONS), ("collectors", COLLECTORS)):
        have = {c.id for c in codes.get(name, ())}
        if codes and set(expected) - have:
            r.problem(("codes", name), f"code list lacks {', '.join(sorted(set(expected) - have))}")
    return dict(
        version=str(r.value(("version",)) or ""), title=r.text(("title",)), documents=tuple(docs),
        codes=codes, themes=_codes(r, ("themes",)), progress_items=_codes(r, ("progress_items",)),
    )


def _ids(codes) -> tuple[str, ...]:
    return tuple(c.id for c in codes)


# --- schemes.yaml ---------------------------------------------------------------------------------


def _read_schemes(r: _Reader, meta) -> dict[str, Scheme]:
    r.mapping((), required=("schemes",))
    out = {}
    doc_ids = [d.id for d in meta["documents"]]
    for i in r.items(("schemes",)):
        p = ("schemes", i)
        if r.mapping(p, required=("id", "label", "document", "domains"), optional=("groups",)) is None:
            continue
        sid = r.string(p + ("id",), choices=SCHEMES)
        label = r.text(p + ("label",))
        document = r.string(p + ("document",), choices=doc_ids)
        groups = []
        for g in r.items(p + ("groups",), required=False):
            gp = p + ("groups", g)
            if r.mapping(gp, required=("id", "label")) is not None:
                groups.append(Group(r.string(gp + ("id",), pattern=ID), r.text(gp + ("label",))))
        group_ids = [g.id for g in groups]
        domains, seen = [], set()
        for d in r.items(p + ("domains",)):
            dp = p + ("domains", d)
            if r.mapping(dp, required=("id", "label"), optional=("group", "number", "description")) is None:
                continue
            did = r.string(dp + ("id",), pattern=ID)
            if did in seen:
                r.problem(dp + ("id",), f"duplicate domain id '{did}' in scheme '{sid}'")
                continue
            seen.add(did)
            group = r.string(dp + ("group",), required=bool(groups), choices=group_ids or None)
            number = r.integer(dp + ("number",), required=sid == "wellbeing_wales")
            domains.append(Domain(sid, did, r.text(dp + ("label",)), d + 1, group, number,
                                  r.text(dp + ("description",), required=False), r.doc.file,
                                  r.doc.line(dp)))
        if sid in out:
            r.problem(p + ("id",), f"duplicate scheme '{sid}'")
        elif sid:
            out[sid] = Scheme(sid, label, document, tuple(groups), tuple(domains), r.doc.file, r.doc.line(p))
    for sid in SCHEMES:
        if sid not in out:
            r.problem(("schemes",), f"scheme '{sid}' is missing")
    return out


# --- sources.yaml ---------------------------------------------------------------------------------


def _read_sources(r: _Reader, meta) -> dict[str, Source]:
    r.mapping((), required=("sources",))
    codes = meta["codes"]
    out = {}
    for i in r.items(("sources",)):
        p = ("sources", i)
        if r.mapping(p, required=("id", "label", "publisher", "kind", "frequency", "migrant_flag", "collected_by"),
                     optional=("description", "url")) is None:
            continue
        sid = r.string(p + ("id",), pattern=ID)
        src = Source(
            sid, r.text(p + ("label",)), r.string(p + ("publisher",)),
            r.string(p + ("kind",), choices=_ids(codes.get("source_kinds", ()))),
            r.string(p + ("frequency",), choices=_ids(codes.get("frequencies", ()))),
            r.boolean(p + ("migrant_flag",), default=False),
            r.string(p + ("collected_by",), choices=COLLECTORS),
            r.text(p + ("description",), required=False), r.string(p + ("url",), required=False),
            r.doc.file, r.doc.line(p),
        )
        if sid in out:
            r.problem(p + ("id",), f"duplicate source id '{sid}'")
        elif sid:
            out[sid] = src
    return out


# --- indicators/*.yaml ----------------------------------------------------------------------------

INDICATOR_REQUIRED = ("id", "label", "definition", "sources", "next_step")
INDICATOR_OPTIONAL = ("description", "compute", "core", "home_office", "wellbeing", "themes", "progress_item",
                      "named_in")
COMPUTE_NEEDS = {"proportion": ("condition",), "mean": ("variable",), "ratio": ("numerator", "denominator")}
EXPR_KEYS = ("universe", "condition", "variable", "numerator", "denominator")


def _read_indicator_file(r: _Reader, ctx) -> list[Indicator]:
    r.mapping((), required=("domain", "indicators"))
    mif = [d.id for d in ctx["schemes"]["wales_mif"].domains] if "wales_mif" in ctx["schemes"] else []
    domain = r.string(("domain",))
    if domain is not None and domain not in mif:
        r.problem(("domain",), f"unknown domain '{domain}'", fix=f"use one of the Wales domains: {', '.join(mif)}")
    out = []
    for i in r.items(("indicators",)):
        ind = _read_indicator(r, ("indicators", i), domain, ctx)
        if ind is not None:
            out.append(ind)
    return out


def _read_indicator(r: _Reader, p, domain, ctx) -> Indicator | None:
    if r.mapping(p, required=INDICATOR_REQUIRED, optional=INDICATOR_OPTIONAL) is None:
        return None
    before = len(r.problems.problems)
    meta, schemes = ctx["meta"], ctx["schemes"]
    iid = r.string(p + ("id",), pattern=ID)
    label = r.text(p + ("label",))
    definition = _read_definition(r, p + ("definition",), meta)
    compute = _read_compute(r, p + ("compute",), ctx) if r.value(p + ("compute",)) is not None else None
    sources = _read_source_statuses(r, p + ("sources",), ctx)
    next_step = r.text(p + ("next_step",))

    def refs(key, allowed, kind):
        out = []
        for j, v in enumerate(r.strings(p + (key,))):
            if v not in allowed:
                r.problem(p + (key, j), f"unknown {kind} '{v}'", fix=f"use one of: {', '.join(map(str, allowed))}")
            else:
                out.append(v)
        return tuple(out)

    ho = refs("home_office", [d.id for d in schemes["home_office_ioi"].domains] if "home_office_ioi" in schemes
              else [], "Home Office domain")
    wb = refs("wellbeing", [d.number for d in schemes["wellbeing_wales"].domains] if "wellbeing_wales" in schemes
              else [], "national well-being indicator")
    themes = refs("themes", _ids(meta["themes"]), "theme")
    named_in = refs("named_in", [d.id for d in meta["documents"]], "document")
    progress = r.string(p + ("progress_item",), required=False, choices=_ids(meta["progress_items"]))
    core = r.boolean(p + ("core",), default=False)
    if len(r.problems.problems) != before or domain is None:
        return None
    return Indicator(
        id=iid, label=label, domain=domain, definition=definition, compute=compute, sources=sources,
        next_step=next_step, core=core, home_office=ho, wellbeing=tuple(int(n) for n in wb), themes=themes,
        progress_item=progress, named_in=named_in, description=r.text(p + ("description",), required=False),
        version=meta["version"], source_path=r.doc.file, line=r.doc.line(p),
    )


def _read_definition(r: _Reader, p, meta) -> Definition | None:
    if r.mapping(p, required=("population", "numerator", "unit", "direction"), optional=("denominator",)) is None:
        return None
    return Definition(
        r.text(p + ("population",)), r.text(p + ("numerator",)), r.text(p + ("denominator",), required=False),
        r.string(p + ("unit",), choices=_ids(meta["codes"].get("units", ()))),
        r.string(p + ("direction",), choices=DIRECTIONS),
    )


def _read_compute(r: _Reader, p, ctx) -> Compute | None:
    if r.mapping(p, required=("kind",), optional=EXPR_KEYS + ("by",)) is None:
        return None
    kind = r.string(p + ("kind",), choices=COMPUTE_KINDS)
    if kind is None:
        return None
    node = r.value(p)
    for key in COMPUTE_NEEDS[kind]:
        if node.get(key) is None:
            r.problem(p, f"a {kind} needs '{key}'")
    for key in set(EXPR_KEYS) - set(COMPUTE_NEEDS[kind]) - {"universe"}:
        if node.get(key) is not None:
            r.problem(p + (key,), f"'{key}' does not belong in a {kind}",
                      fix=f"a {kind} takes universe and {' and '.join(COMPUTE_NEEDS[kind])}")
    schema = ctx["schema"]
    wants = {"universe": ("boolean",), "condition": ("boolean",), "variable": ("number", "boolean"),
             "numerator": ("number", "boolean"), "denominator": ("number", "boolean")}
    for key in EXPR_KEYS:
        text = node.get(key)
        if text is None:
            continue
        if not isinstance(text, str):
            r.problem(p + (key,), f"expected an expression in quotes, got {text!r}")
            continue
        try:
            parsed = expr_mod.parse(text, schema)
        except expr_mod.ExprError as exc:
            at = f" (at character {exc.offset + 1})" if exc.offset is not None else ""
            r.problem(p + (key,), f"malformed expression '{text}': {exc.message}{at}")
            continue
        if parsed.type not in wants[key]:
            r.problem(p + (key,), f"'{text}' gives a {parsed.type} value but {key} needs {' or '.join(wants[key])}")
    by = []
    for j, col in enumerate(r.strings(p + ("by",))):
        c = schema.columns.get(col)
        if c is None or not (c.codes or c.type == "boolean"):
            r.problem(p + ("by", j), f"'{col}' is not a category or boolean column of the person schema")
        else:
            by.append(col)
    return Compute(kind, node.get("universe") or "true", node.get("condition"), node.get("variable"),
                   node.get("numerator"), node.get("denominator"), tuple(by))


def _read_source_statuses(r: _Reader, p, ctx) -> tuple[SourceStatus, ...]:
    sources, codes = ctx["sources"], ctx["meta"]["codes"]
    out = []
    idx = r.items(p)
    if not idx and isinstance(r.value(p), list):
        r.problem(p, "an indicator needs at least one source (use status no_data for a gap)")
    for i in idx:
        sp = p + (i,)
        if r.mapping(sp, required=("source", "status"),
                     optional=("frequency", "migrant_flag", "collected_by", "expected_from", "expected_by",
                               "note")) is None:
            continue
        sid = r.string(sp + ("source",))
        if sid is not None and sid not in sources:
            r.problem(sp + ("source",), f"unknown source '{sid}'", fix="add it to sources.yaml or fix the id")
            continue
        status = r.string(sp + ("status",), choices=STATUSES)
        src = sources.get(sid)
        frequency = r.string(sp + ("frequency",), required=False, choices=_ids(codes.get("frequencies", ())))
        collected = r.string(sp + ("collected_by",), required=False, choices=COLLECTORS)
        start, end = r.integer(sp + ("expected_from",), required=False), r.integer(sp + ("expected_by",),
                                                                                     required=False)
        if (start or end) and status != "in_development":
            r.problem(sp + ("expected_by" if end else "expected_from",),
                      "an expected year only makes sense for status in_development")
        if start and end and end < start:
            r.problem(sp + ("expected_by",), f"expected_by {end} is before expected_from {start}")
        if src is None or status is None:
            continue
        out.append(SourceStatus(
            sid, status, frequency or src.frequency, r.boolean(sp + ("migrant_flag",), default=src.migrant_flag),
            collected or src.collected_by, start, end, r.text(sp + ("note",), required=False),
        ))
    return tuple(out)
