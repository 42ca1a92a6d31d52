"""Read a YAML file into plain Python values plus the line of every key and list item.

PyYAML's composer already knows where each node starts; we keep that as ``lines[path]`` where ``path``
is a tuple of keys and list indices, so validation can say "indicators/work.yaml, line 42,
indicators[3].compute.universe". Duplicate keys, which plain ``safe_load`` silently overwrites, are
reported as problems. Shared by every loader of YAML definitions (framework, outcomes, funding, people, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from perthyn.errors import Collector, InputErrors


@dataclass
class YamlDoc:
    file: str
    data: object
    lines: dict = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        # the nearest enclosing node that has a line
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def line_at(self, key: str) -> int | None:
        """`line` for a key path written the way `key_path` writes it, e.g. "groups[4].members.QQ"."""
        return self.line(parse_key_path(key))


def key_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_key_path(text: str) -> tuple:
    """The inverse of `key_path` (for keys without dots or brackets)."""
    return tuple(int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text))


def read(path: Path, problems: Collector, label: str | None = None) -> YamlDoc | None:
    """Parse one file; on a syntax error or duplicate key add a problem and return None."""
    name = label or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # C parser when built
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problems.add(f"not valid YAML: {exc.problem}", file=name, line=mark.line + 1 if mark else None,
                     fix="check indentation, colons and quotes on that line")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(f"cannot read the file: {exc}", file=name)
        return None
    doc = YamlDoc(name, None)
    if node is None:
        doc.data = {}
        return doc
    before = len(problems.problems)
    doc.data = _convert(node, (), doc, problems)
    return doc if len(problems.problems) == before else None


def load(path: Path, label: str | None = None) -> YamlDoc:
    """Like `read`, but raise InputErrors (every problem found) instead of returning None."""
    problems = Collector()
    doc = read(path, problems, label)
    if doc is None:
        raise InputErrors(problems.problems)
    return doc


def _convert(node, path, doc, problems):
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in out:
                problems.add(f"duplicate key '{key}'", file=doc.file, line=key_node.start_mark.line + 1,
                             column=key_path(path + (key,)), fix="remove or rename one of the two")
                continue
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
