"""Each bad formula or data file gives an error naming the file, the line and the field."""

import pytest

from perthyn.errors import InputErrors
from perthyn.funding.engine import allocate
from perthyn.funding.formula import load


def problems(path, scenario=None):
    with pytest.raises(InputErrors) as exc:
        allocate(load(path, scenario))
    return exc.value.problems


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_weights_that_do_not_sum_as_declared(three_copy, line_of):
    y, _ = three_copy
    edit(y, "    weight: 0.5\n    base: residents", "    weight: 0.6\n    base: residents")
    [p] = problems(y)
    assert p.file == str(y) and p.line == line_of(y, "weights_total:") and p.column == "weights_total"
    assert "sum to 1.1" in p.message and "population 0.5" in p.message and "health 0.6" in p.message


def test_area_missing_from_a_population_base(three_copy, tmp_path, line_of):
    y, c = three_copy
    (tmp_path / "lists.csv").write_text("area_code,registered\nA,900\nB,2100\n", encoding="utf-8")
    edit(y, "tables:\n", "tables:\n  lists: {csv: lists.csv, key: area_code}\n")
    edit(y, "    model_from: residents\n", "    table: lists\n    column: registered\n")
    edit(y, "  corrected:", "  unused_band:\n    kind: usual_residents\n    label: {en: x, cy: x}\n    table: census\n    column: residents\n  corrected:")
    # the modelled list's arrivals block is now on a real list; drop it by pointing the model at nothing
    text = y.read_text(encoding="utf-8")
    start = text.index("    table: lists")
    block_end = text.index("  unused_band:")
    y.write_text(text[:start] + "    table: lists\n    column: registered\n" + text[block_end:], encoding="utf-8")
    [p] = problems(y)
    assert p.file == str(y) and p.column == "bases.registered" and "C" in p.message and "missing" in p.message
    assert p.line == line_of(y, "    column: registered")


def test_negative_population_names_the_data_file_row_and_column(three_copy):
    y, c = three_copy
    edit(c, "B,Bryn,Bryn,2000", "B,Bryn,Bryn,-2000")
    ps = problems(y)
    assert {p.column for p in ps} == {"residents"}
    p = ps[0]
    assert p.file.endswith("three_areas.csv") and p.row == 2 and p.line == 3 and "negative population" in p.message


def test_circular_reference_between_bases(three_copy, line_of):
    y, _ = three_copy
    edit(y, "    model_from: residents", "    model_from: corrected")
    ps = problems(y)
    assert any("circular reference" in p.message and p.line in (line_of(y, "model_from: corrected"), line_of(y, "from: registered"))
               for p in ps), ps


def test_circular_reference_between_scenarios(three_copy, line_of):
    y, _ = three_copy
    # the baseline damps against the lag scenario, which (inheriting it) damps against the baseline
    y.write_text(y.read_text(encoding="utf-8") + "constraints:\n  previous: {scenario: registration_lag}\n  damping: 0.5\n",
                 encoding="utf-8")
    [p] = problems(y)
    assert "circular reference" in p.message and p.column == "constraints.previous.scenario"
    assert p.line == line_of(y, "previous: {scenario: registration_lag}")


def test_every_problem_reported_at_once(three_copy, line_of):
    y, _ = three_copy
    edit(y, "pot: 1000", "pot: -5")
    edit(y, "    base: registered\n", "    base: nowhere\n    colour: blue\n")
    ps = problems(y)
    cols = {p.column for p in ps}
    assert {"pot", "components.population.base", "components.population.colour"} <= cols
    assert next(p for p in ps if p.column == "pot").line == line_of(y, "pot: -5")


def test_scenario_values_point_at_the_scenario(three_copy, line_of):
    y, _ = three_copy
    edit(y, "      components.population.base: corrected", "      components.population.base: nonsense")
    [p] = problems(y, "registration_lag")
    assert p.column == "components.population.base" and p.line == line_of(y, "components.population.base: nonsense")


def test_unknown_scenario_and_bad_yaml(three_copy):
    y, _ = three_copy
    with pytest.raises(InputErrors, match="scenario 'nope' is not defined"):
        load(y, "nope")
    y.write_text("id: x\n  bad: [\n", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load(y)
    assert exc.value.problems[0].line is not None


def test_unquoted_comma_in_bilingual_text(three_copy):
    y, _ = three_copy
    edit(y, "label: {en: Population, cy: Poblogaeth}", "label: {en: Population, all ages, cy: Poblogaeth}")
    [p] = problems(y)
    assert p.column == "components.population.label" and "quote" in p.fix


def test_infeasible_floor(three_copy):
    y, _ = three_copy
    y.write_text(y.read_text(encoding="utf-8").replace("      constraints: {previous: {scenario: baseline}, floor: -0.01, cap: 0.02}",
                                                       "      constraints: {previous: {scenario: baseline}, floor: -0.01, cap: 0.0}"),
                 encoding="utf-8")
    # a cap of 0% on every area still allows the previous total, which equals the pot: feasible
    allocate(load(y, "protected"))
    from perthyn.funding.formula import with_values
    f = with_values(load(y, "protected"), {"pot": 2000})
    with pytest.raises(InputErrors, match="cannot both hold"):
        allocate(f)


def test_percentage_base_above_100_and_percent_of_cycle(three_copy, line_of):
    y, c = three_copy
    c.write_text(c.read_text(encoding="utf-8").replace("area_code,name_en,name_cy,residents,arrived_lt2y",
                                                        "area_code,name_en,name_cy,residents,pct_x")
                 .replace("A,Aber,Aber,1000,100", "A,Aber,Aber,1000,140"), encoding="utf-8")
    text = y.read_text(encoding="utf-8").replace("column: arrived_lt2y", "column: pct_x\n        percent_of: residents")
    y.write_text(text, encoding="utf-8")
    ps = problems(y)
    assert any("percentages above 100" in p.message and p.line == line_of(y, "column: pct_x") for p in ps), ps
    # residents as a percentage of the corrected list, which is built from residents: a cycle
    y.write_text(text.replace("    column: residents\n  registered:", "    column: residents\n    percent_of: corrected\n  registered:"),
                 encoding="utf-8")
    ps = problems(y)
    assert any("circular reference" in p.message for p in ps), ps


def test_weights_set_together_that_exceed_the_total(three_copy, line_of):
    from perthyn.funding.formula import with_values

    y, _ = three_copy
    with pytest.raises(InputErrors) as exc:
        with_values(load(y), {"components.population.weight": 0.7, "components.health.weight": 0.6})
    [p] = exc.value.problems
    assert p.file == str(y) and p.column == "components.population.weight"
    assert p.line == line_of(y, "    weight: 0.5\n".strip()) and "add up to 1.3" in p.message
    assert "more than weights_total 1" in p.message


def test_inflation_on_a_base_that_is_not_a_modelled_list(three_copy, line_of):
    y, _ = three_copy
    edit(y, "    table: census\n    column: residents\n",
         "    table: census\n    column: residents\n    inflation: {x: {table: census, column: residents, rate: 0.1, label: {en: x, cy: x}}}\n")
    [p] = problems(y)
    assert p.column == "bases.residents.inflation" and p.line == line_of(y, "    inflation:")
    assert "only to a GP list modelled" in p.message
