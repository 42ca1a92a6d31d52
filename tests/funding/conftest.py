from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
THREE = DATA / "three_areas.yaml"


@pytest.fixture
def three_copy(tmp_path):
    """A writable copy of the three-area example: returns (yaml_path, csv_path)."""
    y = tmp_path / "three_areas.yaml"
    c = tmp_path / "three_areas.csv"
    y.write_text(THREE.read_text(encoding="utf-8"), encoding="utf-8")
    c.write_text((DATA / "three_areas.csv").read_text(encoding="utf-8"), encoding="utf-8")
    return y, c


@pytest.fixture
def line_of():
    """1-based line of the first line containing text (to check that errors point at it)."""

    def find(path: Path, text: str) -> int:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return i
        raise AssertionError(f"{text!r} not in {path}")

    return find
