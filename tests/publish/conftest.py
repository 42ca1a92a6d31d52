"""Fixtures for the publish tests: the raw bundled CSVs read with the csv module (independently of the
loaders and of publish), and profiles built once per session."""

from __future__ import annotations

import pytest

from perthyn.publish import overview
from perthyn.publish.profile import build


@pytest.fixture(scope="session")
def cardiff_en():
    return build("W06000015", "en", estimates=None)


@pytest.fixture(scope="session")
def cardiff_cy():
    return build("W06000015", "cy", estimates=None)


@pytest.fixture(scope="session")
def overview_en():
    return overview.build("en")
