"""One error shape for bad input across Perthyn: every problem names where it is and what to do.

Loaders collect every problem they find (not just the first) into an InputErrors and raise it once,
so a person can fix a file in one pass. Nothing is written when an InputErrors is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    message: str
    file: str | None = None
    line: int | None = None       # 1-based line in a text file (YAML, CSV)
    row: int | None = None        # 1-based data row (CSV/Parquet/XLSX), header excluded
    column: str | None = None     # column name, or a key path such as indicators[3].compute.universe
    fix: str | None = None        # what to do about it
    rows: tuple = ()              # example rows for problems that affect many
    count: int | None = None      # how many rows are affected

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'" if "." not in self.column and "[" not in self.column else self.column)
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.count is not None:
            text += f" ({self.count} row{'s' if self.count != 1 else ''} affected"
            text += f", e.g. rows {', '.join(map(str, self.rows[:5]))})" if self.rows else ")"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class InputErrors(ValueError):
    """Raised with every problem found in one input; str() lists them one per line."""

    def __init__(self, problems: list[Problem] | Problem, title: str | None = None):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.title = title or f"{len(self.problems)} problem(s) in the input"
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.title + ":\n" + "\n".join(f"  - {p}" for p in self.problems)


@dataclass
class Collector:
    """Gather problems while checking, then raise them together."""

    file: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, **where) -> None:
        where.setdefault("file", self.file)
        self.problems.append(Problem(message, **where))

    def raise_if_any(self, title: str | None = None) -> None:
        if self.problems:
            raise InputErrors(self.problems, title)
