"""Perthyn: measure migrant integration where it happens."""

from importlib.resources import files

__version__ = "0.1.0"


def definitions_dir():
    """The folder of bundled definition files (YAML): framework, people, questionnaires, formulae."""
    return files("perthyn") / "definitions"
