"""The bundled tables by name, for `perthyn data list/show` and the web."""

from __future__ import annotations

from perthyn.errors import InputErrors, Problem

# name -> (loader taking the optional parameter, parameter meaning, parameter values)
def _entries():
    from perthyn import data

    return {
        "wales_las": (lambda p: data.wales_las(), None, ()),
        "census2021_wales": (lambda p: data.census2021_wales(include_total=True), None, ()),
        "census2021_lad": (lambda p: data.census2021_lad(p), "topic", tuple(data.LAD_TOPICS)),
        "census2021_quiz": (lambda p: data.census2021_quiz(), None, ()),
        "census2021_wales_oa": (lambda p: data.census2021_wales_oa(), None, ()),
        "aps_country_of_birth": (lambda p: data.aps_country_of_birth(int(p)), "year", tuple(map(str, data.APS_YEARS))),
        "ireland_las": (lambda p: data.ireland_las(include_total=True), None, ()),
    }


def names() -> list[str]:
    return list(_entries())


def describe() -> list[tuple[str, str, str]]:
    """(name, parameter values, title) for each table."""
    from perthyn.data.files import dataset_info

    return [(name, f":{'|'.join(values)}" if values else "", dataset_info(name)["title"]["en"])
            for name, (_, _, values) in _entries().items()]


def load(spec: str):
    """`name` or `name:parameter` (census2021_lad:residence_length_6b, aps_country_of_birth:2021)."""
    name, _, param = spec.partition(":")
    entries = _entries()
    if name not in entries:
        raise InputErrors(Problem(f"no bundled table {name!r}", column="NAME", fix=f"Use one of: {', '.join(entries)}."))
    loader, what, values = entries[name]
    if what and param not in values:
        raise InputErrors(Problem(f"{name} needs a {what}: {name}:<{what}>", column="NAME",
                                  fix=f"Use one of: {', '.join(values)}."))
    if not what and param:
        raise InputErrors(Problem(f"{name} takes no parameter", column="NAME", fix=f"Use `{name}`."))
    return loader(param or None)
