"""`perthyn framework ...` through click's CliRunner; expected numbers are recomputed here from the YAML."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.framework import bundled_path

from conftest_helpers import edit

RANK = ["available", "partial", "in_development", "no_data"]


def run(*args):
    result = CliRunner().invoke(main, ["framework", *args], catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def raw():
    """Indicators straight from the files with their sources' defaults, computed without perthyn.framework."""
    sources = {s["id"]: s for s in yaml.safe_load((bundled_path() / "sources.yaml").read_text())["sources"]}
    out = []
    for f in sorted((bundled_path() / "indicators").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for ind in doc["indicators"]:
            srcs = ind["sources"]
            out.append({
                "id": ind["id"], "domain": doc["domain"], "core": bool(ind.get("core")),
                "status": min((s["status"] for s in srcs), key=RANK.index),
                "flag": any(s.get("migrant_flag", sources[s["source"]]["migrant_flag"]) and s["status"] in RANK[:2]
                            for s in srcs),
                "expected_by": max((s.get("expected_by", 0) for s in srcs), default=0),
                "new_data": any(s["status"] == "in_development" and s.get("expected_by") for s in srcs),
            })
    return out


def test_every_subcommand_has_help():
    for cmd in ([], ["list"], ["show"], ["domains"], ["gaps"], ["validate"]):
        r = run(*cmd, "--help")
        assert r.exit_code == 0 and len(r.output) > 100


def test_list_csv_filters_by_domain(raw):
    r = run("list", "--domain", "housing", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [x["id"] for x in rows] == [x["id"] for x in raw if x["domain"] == "housing"]
    assert {"id", "domain", "label_en", "label_cy", "status", "migrant_flag", "core"} <= set(rows[0])


def test_list_json_core(raw):
    rows = json.loads(run("list", "--core", "--format", "json").output)
    assert sorted(x["id"] for x in rows) == sorted(x["id"] for x in raw if x["core"])
    assert len(rows) <= 30


def test_list_unknown_domain_is_an_error():
    r = CliRunner().invoke(main, ["framework", "list", "--domain", "jobs"])
    assert r.exit_code == 2 and "unknown domain 'jobs'" in r.output


def test_show_prints_definition_sources_and_mappings():
    r = run("show", "homelessness")
    assert r.exit_code == 0
    for text in ("Homelessness", "condition: homeless", "in_development, expected 2027-2028",
                 "Complete the new homelessness dataset", "Home Office domains: Housing, Stability", "housing.yaml"):
        assert text in r.output
    assert "Digartrefedd" in run("show", "homelessness", "--lang", "cy").output
    data = json.loads(run("show", "tax_contribution", "--format", "json").output)
    assert data["status"] == "no_data" and data["sources"][0]["source"] == "hmrc"


def test_show_unknown_id():
    r = CliRunner().invoke(main, ["framework", "show", "nope"])
    assert r.exit_code == 1 and "no indicator 'nope'" in r.output


def test_domains_csv():
    rows = list(csv.DictReader(io.StringIO(run("domains", "--format", "csv").output)))
    assert {"scheme", "domain_id", "label_en", "label_cy"} <= set(rows[0])
    by_scheme = {}
    for row in rows:
        by_scheme.setdefault(row["scheme"], []).append(row)
    assert len(by_scheme["wales_mif"]) == 7 and len(by_scheme["home_office_ioi"]) == 14
    assert {r["group"] for r in by_scheme["home_office_ioi"]} == {"markers_means", "social_connections",
                                                                  "facilitators", "foundation"}
    assert all(r["label_cy"] for r in rows)
    schemes = yaml.safe_load((bundled_path() / "schemes.yaml").read_text())["schemes"]
    assert len(rows) == sum(len(s["domains"]) for s in schemes)


def test_gaps_csv_matches_the_yaml(raw, tmp_path):
    out = tmp_path / "gaps.csv"
    r = run("gaps", "--format", "csv", "--out", str(out))
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {"domain_id", "indicator_id", "label_en", "status", "sources", "migrant_flag", "expected"} <= set(rows[0])
    assert len(rows) == len(raw)
    expect = {x["id"]: x for x in raw}
    for row in rows:
        x = expect[row["indicator_id"]]
        assert row["status"] == x["status"] and row["domain_id"] == x["domain"]
        assert row["migrant_flag"] == ("yes" if x["flag"] else "no")
    hmrc = [r for r in rows if "hmrc" in r["sources"]]
    assert hmrc and all(r["status"] == "no_data" for r in hmrc)


def test_gaps_markdown_counts(raw):
    text = run("gaps", "--format", "md").output
    lacking = sum(1 for x in raw if not x["flag"])
    waiting = [x for x in raw if x["new_data"]]
    until = max(x["expected_by"] for x in waiting)
    assert f"{lacking} of {len(raw)} indicators lack migrant-specific data" in text
    assert f"{len(waiting)} indicators wait for new datasets with a migrant flag, expected by {until}" in text
    assert text.count("\n## ") == 8  # seven domains and the challenges
    assert "HMRC" in text


def test_gaps_html_in_welsh():
    text = run("gaps", "--format", "html", "--lang", "cy").output
    assert '<html lang="cy">' in text and "Heriau" in text and "Gwaith" in text


def test_validate_ok_and_broken(fw_copy):
    r = run("validate", str(fw_copy))
    assert r.exit_code == 0 and r.output.startswith("OK:")
    edit(fw_copy / "indicators" / "housing.yaml", "domain: housing", "domain: housin")
    r = CliRunner().invoke(main, ["framework", "validate", str(fw_copy)])
    assert r.exit_code == 1
    assert "housing.yaml, line" in r.output and "unknown domain 'housin'" in r.output


def test_docs_cover_every_command_and_indicator_key():
    from pathlib import Path

    from perthyn.framework.cli import framework as group
    from perthyn.framework.loader import INDICATOR_OPTIONAL, INDICATOR_REQUIRED

    docs = (Path(__file__).parents[2] / "docs" / "framework.md").read_text(encoding="utf-8")
    for name in group.commands:
        assert f"perthyn framework {name}" in docs, name
    for key in INDICATOR_REQUIRED + INDICATOR_OPTIONAL:
        assert f"{key}:" in docs, key
