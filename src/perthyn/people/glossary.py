"""The glossary of migration terms (glossary.yaml), English and Welsh, each term with its sources."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from perthyn.errors import Collector
from perthyn.people.definitions import definitions_dir, label, read_yaml
from perthyn.text import Text


@dataclass(frozen=True)
class Term:
    id: str
    term: Text
    definition: Text
    sources: tuple[Text, ...]


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    path = path or definitions_dir() / "glossary.yaml"
    problems = Collector(file=str(path))
    doc = read_yaml(path, problems)
    data = doc.data or {}
    sources = {key: label({"text": raw}, "text", problems, f"sources.{key}", doc) for key, raw in
               (data.get("sources") or {}).items()}
    terms, ids = [], set()
    for i, raw in enumerate(data.get("terms") or []):
        where = f"terms[{i}]"
        tid = raw.get("id")
        if not tid or tid in ids:
            problems.add(f"missing or duplicate id {tid!r}", line=doc.line_at(where), column=f"{where}.id")
        ids.add(tid)
        refs = raw.get("sources") or []
        if not refs:
            problems.add("a term needs at least one source", line=doc.line_at(where), column=f"{where}.sources")
        for ref in refs:
            if ref not in sources:
                problems.add(f"unknown source {ref!r}", line=doc.line_at(where), column=f"{where}.sources",
                             fix=f"Use one of: {', '.join(sources)}.")
        terms.append(Term(tid, label(raw, "term", problems, where, doc), label(raw, "definition", problems, where, doc),
                          tuple(sources[r] for r in refs if r in sources)))
    problems.raise_if_any(f"Glossary {path.name} is not valid")
    return tuple(terms)


@lru_cache(maxsize=None)
def glossary() -> tuple[Term, ...]:
    return load_glossary()
