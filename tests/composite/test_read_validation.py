"""Bad input: every problem names the file, the row and the column, all reported at once."""

import pytest
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.composite import read_coin
from perthyn.errors import InputErrors

from composite_helpers import meta_row

DATA = [{"uCode": "A", "i1": 1, "i2": 2}, {"uCode": "B", "i1": 3, "i2": 4}]
META = [meta_row(1, "i1", "P"), meta_row(1, "i2", "P"), meta_row(2, "P", None)]


def problems(write_coin, data, meta):
    d, m = write_coin(data, meta)
    with pytest.raises(InputErrors) as info:
        read_coin(d, m)
    return info.value.problems, d, m


def test_valid_small_framework_reads(write_coin):
    coin = read_coin(*write_coin(DATA, META))
    assert coin.indicators == ["i1", "i2"] and coin.top == "P"


def test_parent_that_does_not_exist(write_coin):
    meta = [meta_row(1, "i1", "P"), meta_row(1, "i2", "Nowhere"), meta_row(2, "P", None)]
    ps, _, m = problems(write_coin, DATA, meta)
    p = next(p for p in ps if "Nowhere" in p.message)
    assert p.file == str(m) and p.row == 2 and p.column == "Parent" and p.fix


def test_idata_column_missing_from_imeta_and_the_reverse(write_coin):
    data = [{"uCode": "A", "i1": 1, "extra": 5}, {"uCode": "B", "i1": 3, "extra": 6}]
    ps, d, m = problems(write_coin, data, META)
    extra = next(p for p in ps if "'extra'" in p.message)
    assert extra.file == str(d) and extra.column == "extra" and extra.line == 1
    missing = next(p for p in ps if "'i2'" in p.message)
    assert missing.file == str(m) and missing.row == 2 and missing.column == "iCode"


def test_cycle_in_hierarchy(write_coin):
    meta = [meta_row(1, "i1", "P"), meta_row(1, "i2", "P"), meta_row(2, "P", "Q"), meta_row(3, "Q", "P"),
            meta_row(4, "Top", None)]
    ps, _, m = problems(write_coin, DATA, meta)
    cyc = [p for p in ps if "cycle" in p.message]
    assert cyc and cyc[0].file == str(m) and cyc[0].column == "Parent" and cyc[0].row in (3, 4)


def test_non_numeric_value(write_coin):
    data = [{"uCode": "A", "i1": 1, "i2": "lots"}, {"uCode": "B", "i1": "3,5", "i2": 4}]
    ps, d, _ = problems(write_coin, data, META)
    cells = {(p.row, p.column) for p in ps if "not a number" in p.message}
    assert cells == {(1, "i2"), (2, "i1")}
    assert all(p.file == str(d) for p in ps)


def test_negative_weight(write_coin):
    meta = [meta_row(1, "i1", "P", weight=-1), meta_row(1, "i2", "P"), meta_row(2, "P", None)]
    ps, _, m = problems(write_coin, DATA, meta)
    assert [(p.row, p.column) for p in ps] == [(1, "Weight")] and ps[0].file == str(m)


def test_every_problem_reported_once_together(write_coin):
    data = [{"uCode": "A", "i1": "x", "i2": 2, "zz": 1}, {"uCode": "B", "i1": 3, "i2": 4, "zz": 1}]
    meta = [meta_row(1, "i1", "P", weight=-2), meta_row(1, "i2", "Gone"), meta_row(2, "P", None)]
    ps, _, _ = problems(write_coin, data, meta)
    assert len(ps) >= 4


def test_cli_reports_bad_input_and_writes_nothing(write_coin, tmp_path):
    meta = [meta_row(1, "i1", "P", weight=-1), meta_row(1, "i2", "P"), meta_row(2, "P", None)]
    d, m = write_coin(DATA, meta)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["index", "build", "--idata", str(d), "--imeta", str(m), "--out", str(out)])
    assert result.exit_code == 1
    assert "row 1" in result.output and "Weight" in result.output and "negative" in result.output
    assert not out.exists()


def test_pipeline_spec_unknown_keys_named(tmp_path, write_coin):
    from perthyn.composite.pipeline import load_spec

    d, m = write_coin(DATA, META)
    spec = tmp_path / "s.yaml"
    spec.write_text(f"idata: {d}\nimeta: {m}\nsteps:\n  - normalise: {{methd: minmax}}\n  - shuffle: {{}}\n")
    with pytest.raises(InputErrors) as info:
        load_spec(spec)
    cols = {p.column for p in info.value.problems}
    assert "steps[0].normalise.methd" in cols and "steps[1]" in cols


def test_goalposts_missing_from_imeta_named(write_coin):
    from perthyn.composite import normalise

    coin = read_coin(*write_coin(DATA, META))
    with pytest.raises(InputErrors) as info:
        normalise(coin, method="goalposts")
    assert {p.column for p in info.value.problems} == {"goalpost_lower", "goalpost_upper"}
    assert "Normalised" not in coin.data
