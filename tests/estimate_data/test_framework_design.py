"""fpc, singleton-PSU policies and replicate weights through the framework run give, domain by domain,
the estimate engine's values (perthyn.estimate, itself checked against R survey): the framework run has
no variance code of its own."""

import duckdb
import ibis
import numpy as np
import pandas as pd
import pytest

from perthyn.disclosure import DisclosurePolicy
from perthyn.errors import InputErrors
from perthyn.estimate import Design, ReplicateSpec, gap, mean
from perthyn.estimate.framework_run import run_framework
from perthyn.framework import load
from perthyn.framework.expr import to_ibis
from perthyn.people import derive

OPEN = DisclosurePolicy(threshold=1, secondary=False)
IND = "employment_rate"


def rewrite(src, dst, sql: str, **frames):
    """Copy a Parquet file through DuckDB SQL over `t` (keeps the schema's integer types)."""
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register(name, frame)
    con.execute(f"COPY ({sql.format(t=f'read_parquet({str(src)!r})')}) TO {str(dst)!r} (FORMAT parquet)")
    return dst


def engine_table(path):
    ind = load().indicator(IND)
    t = derive(ibis.duckdb.connect().read_parquet(str(path)), bands="census")
    inside = to_ibis(ind.compute.universe, t).fill_null(False)
    y = to_ibis(ind.compute.condition, t).cast("float64")
    return t.mutate(yk=ibis.ifelse(inside, y, ibis.null("float64")), migrant_s=t.migrant.cast("string"))


def pick(est, grouping, measure="estimate", **cells):
    e = est[(est.indicator_id == IND) & (est.grouping == grouping) & (est.measure == measure)]
    for c, v in cells.items():
        e = e[e[c] == v]
    assert len(e) == 1, (grouping, cells, len(e))
    return e.iloc[0]


def compare(est, table, **design):
    d = Design(table, **design)
    ref = mean(d, "yk", by=["migrant_s"])
    for _, r in ref.iterrows():
        got = pick(est, "overall", migrant=r.migrant_s.lower())
        assert got.estimate == pytest.approx(r.estimate, rel=1e-9)
        assert got.se == pytest.approx(r.se, rel=1e-7)
        assert got.df == r.df
    ref = mean(d, "yk", by=["area_code", "migrant_group"])
    for _, r in ref[ref.n > 0].iterrows():
        got = pick(est, "area_code+migrant_group", area_code=r.area_code, migrant_group=r.migrant_group)
        assert got.se == pytest.approx(r.se, rel=1e-7, abs=1e-12, nan_ok=True)
        assert got.flag == r.flag
    ref = gap(d, "yk", by=["sex"], compare=("migrant", "true", "false"))
    for _, r in ref.iterrows():
        got = pick(est, "sex", "gap", sex=r.sex)
        assert got.estimate == pytest.approx(r.estimate, rel=1e-9)
        assert got.se == pytest.approx(r.se, rel=1e-7)
    # nested: each area's migrant group against the area's non-migrants (the covariance of the two)
    t = table.mutate(cmp=ibis.ifelse(table.migrant, table.migrant_group, ibis.literal("nonmig")))
    d2 = Design(t, **design)
    groups = [g for g in t.select("migrant_group").distinct().execute()["migrant_group"].dropna() if g != "uk"]
    checked = 0
    for g in groups:
        ref = gap(d2, "yk", by=["area_code"], compare=("cmp", g, "nonmig"))
        for _, r in ref[ref.se.notna()].iterrows():
            got = pick(est, "area_code+migrant_group", "gap", area_code=r.area_code, migrant_group=g)
            assert got.estimate == pytest.approx(r.estimate, rel=1e-9)
            assert got.se == pytest.approx(r.se, rel=1e-7)
            checked += 1
    assert checked > 5


def test_fpc_reaches_the_framework_run(survey_file, tmp_path):
    # a third of each stratum's PSUs sampled
    path = rewrite(survey_file, tmp_path / "fpc.parquet",
                   "SELECT t.*, 3.0 * s.k AS fpc FROM {t} t JOIN (SELECT strata, count(DISTINCT psu) AS k FROM {t} "
                   "GROUP BY strata) s USING (strata)")
    est = run_framework(path, policy=OPEN, indicators=[IND]).estimates
    compare(est, engine_table(path), weight="weight", strata="strata", psu="psu", fpc="fpc")
    # and it matters: without the fpc the SEs are larger, by about sqrt(3/2)
    plain = run_framework(path, policy=OPEN, indicators=[IND], fpc=False).estimates
    ratio = pick(plain, "overall", migrant="all").se / pick(est, "overall", migrant="all").se
    assert ratio == pytest.approx(np.sqrt(1.5), rel=1e-9)


@pytest.fixture(scope="module")
def lonely(survey_file, tmp_path_factory):
    """Two strata cut down to one PSU each."""
    path = tmp_path_factory.mktemp("lonely") / "lonely.parquet"
    return rewrite(survey_file, path,
                   "SELECT * FROM {t} WHERE strata NOT IN (SELECT DISTINCT strata FROM {t} ORDER BY strata LIMIT 2) "
                   "OR psu IN (SELECT min(psu) FROM {t} GROUP BY strata)")


def test_singleton_strata_fail_by_default(lonely):
    with pytest.raises(InputErrors, match="only one PSU"):
        run_framework(lonely, policy=OPEN, indicators=[IND])


@pytest.mark.parametrize("policy", ["adjust", "average"])
def test_singleton_policies_match_the_engine(lonely, policy):
    est = run_framework(lonely, policy=OPEN, indicators=[IND], singleton=policy).estimates
    compare(est, engine_table(lonely), weight="weight", strata="strata", psu="psu", singleton=policy)


def test_replicate_weights_match_the_engine(survey_file, tmp_path):
    psus = duckdb.connect().execute(f"SELECT DISTINCT psu FROM read_parquet('{survey_file}') ORDER BY psu").df()
    rng = np.random.default_rng(5)
    cols = [f"rep{r}" for r in range(12)]   # bootstrap-style replicates: PSU multipliers
    for c in cols:
        psus[c] = rng.poisson(1.0, len(psus)).astype(float)
    path = rewrite(survey_file, tmp_path / "rep.parquet",
                   "SELECT t.*, " + ", ".join(f"t.weight * m.{c} AS {c}" for c in cols)
                   + " FROM {t} t JOIN mult m USING (psu)", mult=psus)
    spec = ReplicateSpec(tuple(cols), type="bootstrap")
    est = run_framework(path, policy=OPEN, indicators=[IND], replicate=spec).estimates
    compare(est, engine_table(path), weight="weight", replicate=spec)
    assert (est.df.dropna() == 11).all()


def test_cli_passes_the_singleton_policy(lonely, tmp_path):
    from click.testing import CliRunner

    from perthyn.estimate.framework_cli import framework

    out = tmp_path / "out"
    failed = CliRunner().invoke(framework, [str(lonely), "--out", str(out), "--indicator", IND])
    assert failed.exit_code == 1 and "only one PSU" in failed.output
    ok = CliRunner().invoke(framework, [str(lonely), "--out", str(out), "--indicator", IND, "--singleton", "average"])
    assert ok.exit_code == 0, ok.output
    assert '"singleton": "average"' in (out / "manifest.json").read_text()


def test_psus_not_nested_in_strata_are_named_with_the_file_rows(survey_file, tmp_path):
    """The run checks nesting on its finest cells; when that fails, the schema's message names the column
    and the file's rows (not the run's internal columns)."""
    path = rewrite(survey_file, tmp_path / "crossed.parquet",
                   "SELECT * REPLACE (CASE WHEN psu = (SELECT min(psu) FROM {t}) AND hash(person_id) % 2 = 0 "
                   "THEN 'elsewhere' ELSE strata END AS strata) FROM {t}")
    with pytest.raises(InputErrors) as err:
        run_framework(path, policy=OPEN, indicators=[IND])
    problems = [p for p in err.value.problems if "not nested" in p.message]
    assert problems and problems[0].column == "psu" and problems[0].rows, err.value
