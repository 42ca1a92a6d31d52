"""Open data: every published table as CSV (UTF-8 with BOM, so Excel opens Welsh and Arabic text correctly)
and XLSX, described by a Frictionless data package (columns, types, units, sources, licence), plus a zip.

The CSV header holds stable machine names (the table's column keys); the package gives each its title in
the profile's language, its type and its unit.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from perthyn.charts import numbers
from perthyn.charts.table import Column

from .content import content, pick
from .model import PublishedTable

LICENCES = {
    "OGL-UK-3.0": {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                   "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "CC0-1.0": {"name": "CC0-1.0", "title": "Creative Commons Zero v1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
}


def unit_names(lang: str = "en") -> dict[str, str]:
    """Column unit code -> its name in `lang`, from content.yaml `units` ("count" is people counted; a rank and a
    number of indicators have units of their own)."""
    return {code: pick(names, lang) for code, names in content()["units"].items()}


UNIT_NAMES = unit_names("en")  # the English names, e.g. {"%": "percent", "count": "people", "rank": "rank", ...}


def unit_name(unit: str, lang: str = "en") -> str:
    return unit_names(lang).get(unit, unit)


def field_type(column: Column, values: list) -> str:
    if not column.numeric:
        return "string"
    present = [v for v in values if not numbers.is_missing(v)]
    if column.unit in numbers.WHOLE_UNITS and all(float(v).is_integer() for v in present):
        return "integer"
    return "number"


def cell(column: Column, kind: str, value):
    if numbers.is_missing(value):
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return str(value)


def rows(pt: PublishedTable) -> tuple[list[str], list[str], list[list]]:
    cols = list(pt.table.columns)
    kinds = [field_type(c, [r[i] for r in pt.table.rows]) for i, c in enumerate(cols)]
    data = [[cell(c, k, v) for c, k, v in zip(cols, kinds, row)] for row in pt.table.rows]
    return [c.key for c in cols], kinds, data


def csv_bytes(pt: PublishedTable) -> bytes:
    header, _, data = rows(pt)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in data])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(pt: PublishedTable, lang: str = "en") -> bytes:
    header, _, data = rows(pt)
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in data:
        ws.append(row)
    meta = wb.create_sheet("about")
    meta.append(["title", pt.title])
    meta.append(["description", pt.description])
    for note in pt.sources:
        d = note.describe(lang)
        meta.append(["source", f"{d['publisher']}, {d['title']}", d["period"], d["url"]])
    meta.append([])
    meta.append(["column", "title", "unit"])  # the sheet's own keys stay stable; their values are in `lang`
    for c in pt.table.columns:
        meta.append([c.key, c.label, unit_name(c.unit, lang) if c.unit else ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def resource(pt: PublishedTable, lang: str, path: str) -> dict:
    _, kinds, _ = rows(pt)
    fields = []
    for c, k in zip(pt.table.columns, kinds):
        f = {"name": c.key, "title": c.label, "type": k}
        if c.unit:
            f["unit"] = unit_name(c.unit, lang)
            f["description"] = pt.description or f["unit"]
        fields.append(f)
    sources, licences = [], []
    for note in pt.sources:
        d = note.describe(lang)
        sources.append({"title": f"{d['publisher']}, {d['title']}; {d['period']}", **({"path": d["url"]} if d["url"] else {})})
        if d["licence"] in LICENCES and LICENCES[d["licence"]] not in licences:
            licences.append(LICENCES[d["licence"]])
    return {
        "name": pt.id,
        "title": pt.title,
        "description": pt.description,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": {"fields": fields, "missingValues": [""]},
        "sources": sources,
        "licenses": licences or [LICENCES["OGL-UK-3.0"]],
        "disclosure_controlled": pt.from_microdata,
    }


def descriptor(tables: Iterable[PublishedTable], *, name: str, title: str, lang: str, prefix: str = "") -> dict:
    resources = [resource(t, lang, f"{prefix}{t.id}.csv") for t in tables]
    licences = []
    for r in resources:
        for lic in r["licenses"]:
            if lic not in licences:
                licences.append(lic)
    return {
        "profile": "data-package",
        "name": name,
        "title": title,
        "language": lang,
        "version": content()["version"],
        "licenses": licences,
        "resources": resources,
    }


def write_package(tables: list[PublishedTable], directory: Path, *, name: str, title: str, lang: str) -> Path:
    """CSV + XLSX for each table and datapackage.json, written to `directory`; returns the descriptor path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for t in tables:
        (directory / f"{t.id}.csv").write_bytes(csv_bytes(t))
        (directory / f"{t.id}.xlsx").write_bytes(xlsx_bytes(t, lang))
    path = directory / "datapackage.json"
    path.write_text(json.dumps(descriptor(tables, name=name, title=title, lang=lang), ensure_ascii=False, indent=2),
                    encoding="utf-8")
    return path


def validate(package_path: Path) -> list[str]:
    """Problems Frictionless finds in a written package (descriptor and data against its schema); [] if valid."""
    from frictionless import Package

    report = Package(str(package_path)).validate()
    return [f"{kind}: {message}" for kind, message in report.flatten(["type", "message"])]


def zip_directory(directory: Path, target: Path) -> Path:
    target = Path(target)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(Path(directory).rglob("*")):
            if p.is_file() and p != target:
                zf.write(p, p.relative_to(directory))
    return target


def zip_packages(fileobj, packages) -> None:
    """Write packages [(folder, tables, name, title, lang), ...] into one zip, each in its own folder."""
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for folder, tables, name, title, lang in packages:
            for t in tables:
                zf.writestr(f"{folder}/{t.id}.csv", csv_bytes(t))
                zf.writestr(f"{folder}/{t.id}.xlsx", xlsx_bytes(t, lang))
            desc = descriptor(tables, name=name, title=title, lang=lang)
            zf.writestr(f"{folder}/datapackage.json", json.dumps(desc, ensure_ascii=False, indent=2))
