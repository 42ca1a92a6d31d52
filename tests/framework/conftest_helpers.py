"""Small text-editing helpers for the bad-input tests."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line containing ``needle``."""
    seen = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return n
    raise AssertionError(f"{needle!r} not in {path}")
