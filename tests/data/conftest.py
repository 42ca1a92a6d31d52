import shutil

import pytest

from perthyn.data import aps, census2021, files, ireland, wales

CACHED = [wales._wales_las, census2021._content, census2021._area_names, census2021._lad, census2021._quiz_frame,
          aps._load, ireland._load, files._datasets]


def _clear():
    for fn in CACHED:
        fn.cache_clear()


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    """A writable copy of the bundled data that the loaders read instead, to plant faults in."""
    root = tmp_path / "reference"
    shutil.copytree(files.reference_dir(), root)
    monkeypatch.setattr(files, "reference_dir", lambda: root)
    monkeypatch.setattr(census2021, "reference_dir", lambda: root)
    _clear()
    yield root
    monkeypatch.undo()
    _clear()
