"""A broken framework folder fails loading with every problem named by file, line and key path."""

from __future__ import annotations

import re

import pytest

from perthyn import framework
from perthyn.errors import InputErrors

from conftest_helpers import edit, line_of  # noqa: E402  (see conftest_helpers.py)


def problems_of(path):
    with pytest.raises(InputErrors) as exc:
        framework.load(path)
    return exc.value.problems


def only(problems, column):
    found = [p for p in problems if p.column == column]
    assert found, f"no problem at {column}: {[str(p) for p in problems]}"
    return found[0]


def test_unknown_domain(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "domain: housing", "domain: housin")
    p = only(problems_of(fw_copy), "domain")
    assert p.file.endswith("housing.yaml") and p.line == line_of(f, "domain: housin")
    assert "unknown domain 'housin'" in p.message and "housing" in p.fix


def test_duplicate_id(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "- id: private_renting", "- id: overcrowding")
    p = only(problems_of(fw_copy), "id")
    assert p.file.endswith("housing.yaml")
    assert p.line == line_of(f, "- id: overcrowding", nth=2)
    assert "duplicate indicator id 'overcrowding'" in p.message and f"line {line_of(f, '- id: overcrowding')}" in p.message


def test_duplicate_id_across_files(fw_copy):
    f = fw_copy / "indicators" / "work.yaml"
    edit(f, "- id: employment_rate", "- id: overcrowding")
    p = only(problems_of(fw_copy), "id")
    assert "housing.yaml" in p.message or "work.yaml" in p.message


def test_missing_welsh_label(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "label: {en: Overcrowding, cy: Gorlenwi}", "label: {en: Overcrowding}")
    p = only(problems_of(fw_copy), "indicators[0].label")
    assert p.file.endswith("housing.yaml") and p.line == line_of(f, "label: {en: Overcrowding}")
    assert "missing Welsh label" in p.message


def test_empty_welsh_text_in_definition(fw_copy):
    f = fw_copy / "indicators" / "safety_stability.yaml"
    edit(f, "cy: Y rhai a fu'n ddioddefwyr trosedd casineb yn ystod y 12 mis diwethaf", "cy: ''")
    p = only(problems_of(fw_copy), "indicators[1].definition.numerator.cy")
    assert p.file.endswith("safety_stability.yaml") and "missing Welsh label" in p.message


def test_malformed_compute_expression(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, 'condition: "overcrowded"', 'condition: "overcrowded =="')
    p = only(problems_of(fw_copy), "indicators[0].compute.condition")
    assert p.line == line_of(f, 'condition: "overcrowded =="')
    assert "malformed expression" in p.message


def test_code_outside_the_code_list(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "condition: \"tenure == 'private_rented'\"", "condition: \"tenure == 'rented'\"")
    p = only(problems_of(fw_copy), "indicators[1].compute.condition")
    assert "'rented' is not a code of column 'tenure'" in p.message and "private_rented" in p.message


def test_condition_must_be_true_or_false(fw_copy):
    f = fw_copy / "indicators" / "health_social_care.yaml"
    edit(f, 'condition: "gp_registered"', 'condition: "age + 1"')
    p = only(problems_of(fw_copy), "indicators[2].compute.condition")
    assert "needs boolean" in p.message


def test_malformed_definition(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "direction: lower_is_better", "direction: sideways")
    p = only(problems_of(fw_copy), "indicators[0].definition.direction")
    assert p.line == line_of(f, "direction: sideways") and "'sideways' is not one of" in p.message


def test_definition_missing_a_key(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "      unit: percent\n", "", count=1)
    p = only(problems_of(fw_copy), "indicators[0].definition")
    assert "missing required key 'unit'" in p.message


def test_unknown_key(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "    progress_item: overcrowding_tenancy_security\n", "    progress_item: overcrowding_tenancy_security\n"
         "    colour: blue\n", count=1)
    p = only(problems_of(fw_copy), "indicators[0].colour")
    assert p.line == line_of(f, "colour: blue") and "unknown key 'colour'" in p.message and "home_office" in p.fix


def test_wrong_compute_keys_for_kind(fw_copy):
    f = fw_copy / "indicators" / "health_social_care.yaml"
    edit(f, 'variable: "life_satisfaction"', 'condition: "life_satisfaction > 5"')
    problems = problems_of(fw_copy)
    assert any(p.column == "indicators[1].compute" and "a mean needs 'variable'" in p.message for p in problems)
    assert any(p.column == "indicators[1].compute.condition" and "does not belong" in p.message for p in problems)


def test_unknown_references(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "      - source: census2021\n        status: available\n        note:",
         "      - source: census2031\n        status: available\n        note:")
    edit(f, "home_office: [housing]\n", "home_office: [housing, hobbies]\n", count=1)
    problems = problems_of(fw_copy)
    assert only(problems, "indicators[0].sources[0].source").message == "unknown source 'census2031'"
    assert "unknown Home Office domain 'hobbies'" in only(problems, "indicators[0].home_office[1]").message


def test_expected_year_needs_in_development(fw_copy):
    f = fw_copy / "indicators" / "safety_stability.yaml"
    edit(f, "      - source: csew\n        status: available\n      - source: nsw",
         "      - source: csew\n        status: available\n        expected_by: 2030\n      - source: nsw")
    p = only(problems_of(fw_copy), "indicators[0].sources[0].expected_by")
    assert "in_development" in p.message


def test_core_set_of_more_than_30_is_refused(fw_copy):
    for f in (fw_copy / "indicators").glob("*.yaml"):
        text = f.read_text(encoding="utf-8").replace("    core: true\n", "")
        text = re.sub(r"(\n  - id: \w+\n)", r"\1    core: true\n", text)
        f.write_text(text, encoding="utf-8")
    p = only(problems_of(fw_copy), "core")
    assert "at most 30" in p.message


def test_duplicate_yaml_key_and_syntax_error(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "    core: true\n", "    core: true\n    core: false\n", count=1)
    g = fw_copy / "indicators" / "rights_responsibilities.yaml"
    edit(g, "  - id: advice_service_use", "  - id: advice_service_use\n   bad: [unclosed")
    problems = problems_of(fw_copy)
    dup = only(problems, "indicators[0].core")
    assert dup.line == line_of(f, "core: false") and "duplicate key" in dup.message
    syntax = [p for p in problems if p.file.endswith("rights_responsibilities.yaml")]
    assert syntax and "not valid YAML" in syntax[0].message and syntax[0].line is not None


def test_every_problem_is_reported_at_once(fw_copy):
    f = fw_copy / "indicators" / "housing.yaml"
    edit(f, "label: {en: Overcrowding, cy: Gorlenwi}", "label: {en: Overcrowding}")
    edit(f, 'condition: "overcrowded"', 'condition: "overcrowded =="')
    edit(f, "- id: private_renting", "- id: overcrowding")
    g = fw_copy / "indicators" / "work.yaml"
    edit(g, "domain: work", "domain: jobs")
    problems = problems_of(fw_copy)
    kinds = {p.column for p in problems}
    assert {"indicators[0].label", "indicators[0].compute.condition", "id", "domain"} <= kinds
    text = str(InputErrors(problems))
    assert "housing.yaml, line" in text and "work.yaml, line 4" in text


def test_bundled_framework_unchanged_by_these_tests():
    assert len(framework.load().indicators) > 40
