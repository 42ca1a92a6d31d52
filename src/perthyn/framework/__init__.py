"""The indicator framework as data: domains, indicators, sources and mappings, loaded from YAML.

    >>> from perthyn import framework
    >>> fw = framework.load()            # bundled definitions, validated and cached
    >>> fw.indicator("employment_rate").compute.condition
    "econ_activity == 'employed'"

``load(path)`` reads another framework folder (same layout) without caching.
"""

from __future__ import annotations

import functools
from pathlib import Path

from perthyn import definitions_dir
from perthyn.framework.model import (  # noqa: F401  (the public API)
    STATUSES, Code, Compute, Definition, Document, Domain, Framework, Group, Indicator, Scheme, Source,
    SourceStatus, Text,
)


def bundled_path() -> Path:
    return Path(str(definitions_dir() / "framework"))


@functools.lru_cache(maxsize=1)
def _bundled() -> Framework:
    from perthyn.framework.loader import load_dir

    return load_dir(bundled_path())


def load(path: str | Path | None = None) -> Framework:
    """The framework: bundled (cached) when ``path`` is None, else the folder at ``path`` (validated)."""
    if path is None:
        return _bundled()
    from perthyn.framework.loader import load_dir

    return load_dir(path)
