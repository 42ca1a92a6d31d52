"""Add migrant, migrant_group, residence_band and age_group to an Ibis table, as expressions any backend runs.

Codes are matched through a small lookup table (every accepted spelling -> state alpha-2) joined on the
normalised code; group membership by date is a CASE expression built from groups.yaml. Nothing is computed in
Python row by row, so the same expression runs on DuckDB and PySpark.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

import ibis
import pandas as pd

from perthyn.errors import InputErrors, Problem
from perthyn.people.bands import make_age_groups
from perthyn.people.classify import as_date, check_host
from perthyn.people.definitions import load_all

DEFAULT_REFERENCE_DATE = dt.date(2021, 3, 21)   # Census 2021 day, as in the person schema
BASIS_COLUMNS = {"birth": "country_of_birth", "nationality": "nationality"}
DERIVED = ("migrant", "migrant_group", "residence_band", "age_group")


def lookup_frame() -> pd.DataFrame:
    countries = load_all()[0]
    return pd.DataFrame([(key, c.state) for key, c in countries.aliases()], columns=["key", "state"])


def _normalised(col):
    # Mirrors countries.normalise: trim, fold the typographic apostrophe, upper-case.
    return col.cast("string").strip().replace("\u2019", "'").upper()


def _example_rows(table, cond, limit: int = 5) -> tuple:
    """1-based row numbers (file order) of a few rows meeting `cond`, numbered as the person-schema check
    numbers them (perthyn.estimate.schema.numbered). Engines that cannot number rows give none."""
    try:
        from perthyn.estimate.schema import ROW, numbered

        nt = numbered(table)
        if nt is not table:
            cond = cond.op().replace({table.op(): nt.op()}).to_expr()
        return tuple(int(r) for r in nt.filter(cond).order_by(ROW).limit(limit).select(ROW).to_pandas()[ROW])
    except Exception:  # noqa: BLE001 - examples are a courtesy; the codes, count and column are still reported
        return ()


def _resolve(table, column: str, alias: str, lookup, check: bool, origin=None, file=None):
    """Join a code -> state lookup on `column`; returns (joined table, name of the state column).

    check=True runs one query for the column's distinct values, resolves them in Python (failing on any unknown
    value) and joins on the raw values: no per-row string work. check=False stays lazy and normalises every row.
    """
    state = f"__{alias}_state"
    key = f"__{alias}_key"
    if check:
        countries = load_all()[0]
        values = table.select(v=table[column].cast("string")).distinct().to_pandas()["v"].dropna()
        mapping, unknown = {}, []
        for v in values:
            found = countries.find(v)
            if found is not None:
                mapping[v] = found.state
            elif v.strip():
                unknown.append(v)
        if unknown:
            counts = (table.filter(table[column].cast("string").isin(unknown)).group_by(column)
                      .aggregate(n=ibis._.count()).order_by(ibis.desc("n")).to_pandas())
            examples = ", ".join(f"{v!r} ({n} rows)" for v, n in list(zip(counts[column], counts["n"]))[:10])
            src = origin if origin is not None else table
            rows = _example_rows(src, src[column].cast("string").isin(unknown))
            raise InputErrors(Problem(
                f"unknown country codes or names: {examples}", file=file, column=column,
                count=int(counts["n"].sum()), rows=rows,
                fix="Use ISO 3166 alpha-2/alpha-3 codes or ONS country names; unknown codes are never counted "
                    "as third countries. Leave the cell empty if the country is not known."))
        lk = ibis.memtable(pd.DataFrame({key: list(mapping), state: list(mapping.values())},
                                        columns=[key, state]).astype("string"))
        t = table.mutate(**{key: table[column].cast("string")})
    else:
        lk = lookup.rename({key: "key", state: "state"})
        t = table.mutate(**{key: _normalised(table[column])})
    joined = t.left_join(lk, key).drop(key)
    joined = joined.drop(*[c for c in joined.columns if c.endswith("_right")])
    return joined, state


def _group_case(state, ref, host: str):
    countries, groups, _ = load_all()
    h = groups.hosts[host]
    branches = [(state == h.country, ibis.literal(h.host_group))]
    members = sorted(groups.memberships(host), key=lambda m: (m.group, str(m.since), str(m.until)))
    for (gid, since, until), ms in groupby(members, key=lambda m: (m.group, m.since, m.until)):
        cond = state.isin([m.country for m in ms])
        if since is not None:
            cond &= ref >= ibis.literal(since)
        if until is not None:
            cond &= ref <= ibis.literal(until)
        branches.append((cond, ibis.literal(gid)))
    return ibis.cases(*branches, else_=ibis.literal("third_country"))


def _band_case(value, bands):
    branches = []
    for b in bands:
        cond = value >= b.min
        if b.max is not None:
            cond &= value < b.max
        branches.append((cond, ibis.literal(b.id)))
    return ibis.cases(*branches, else_=ibis.null("string"))


def derive(table: ibis.Table, *, basis: str = "birth", bands: str = "default", age_groups=None,
           host: str = "uk", on=None, check: bool = True, file: str | None = None) -> ibis.Table:
    """Return `table` with migrant, migrant_group, residence_band and age_group added.

    basis: "birth" (country_of_birth, default) or "nationality". bands: "default" (lt1, 1to5, 5to10, 10plus)
    or "census" (lt2, 2to5, 5to10, 10plus). age_groups: None for child_0_15 / working_16_64 / pension_65plus,
    or a list of (id, min, max). The reference date is the row's `reference_date` when present, else `on`
    (default 2021-03-21). Arrival: `date_of_arrival` (completed years) if present, else `year_of_arrival`
    (difference of calendar years). The residence band always follows country of birth: host-born -> uk_born.
    check: first run one query that fails with InputErrors if any code is unknown, naming `file` (for the
    message), the codes, how many rows and example row numbers (1-based, file order).
    """
    countries, groups, defs = load_all()
    host = check_host(host)
    if basis not in BASIS_COLUMNS:
        raise InputErrors(Problem(f"unknown basis {basis!r}", column="basis", fix="Use birth or nationality."))
    band_list = defs.residence_scheme(bands)
    ages = make_age_groups(age_groups)
    needed = {"country_of_birth", BASIS_COLUMNS[basis]}
    missing = sorted(c for c in needed if c not in table.columns)
    if missing:
        raise InputErrors(Problem(f"missing column(s) {', '.join(missing)}", column=missing[0],
                                  fix="Map the source to the person schema (definitions/person_schema.yaml)."))
    clash = [c for c in table.columns if c.startswith("__cob") or c.startswith("__nat")]
    if clash:
        raise InputErrors(Problem(f"reserved column name(s) {clash}", column=clash[0], fix="Rename them."))
    original = [c for c in table.columns if c not in DERIVED]
    lookup = ibis.memtable(lookup_frame())
    default_ref = ibis.literal(as_date(on) if on is not None else DEFAULT_REFERENCE_DATE)
    t, cob = _resolve(table, "country_of_birth", "cob", lookup, check, origin=table, file=file)
    if basis == "nationality":
        t, nat = _resolve(t, "nationality", "nat", lookup, check, origin=table, file=file)
    else:
        nat = cob
    ref = (t["reference_date"].cast("date").coalesce(default_ref) if "reference_date" in t.columns else default_ref)
    host_country = groups.hosts[host].country

    group = ibis.ifelse(t[nat].isnull(), ibis.null("string"), _group_case(t[nat], ref, host))
    migrant = ibis.ifelse(t[nat].isnull(), ibis.null("boolean"), t[nat] != host_country)
    if "date_of_arrival" in t.columns:
        arr = t["date_of_arrival"].cast("date")
        years = (ref.year() - arr.year()
                 - ibis.ifelse(ref.month() * 100 + ref.day() < arr.month() * 100 + arr.day(), 1, 0))
        if "year_of_arrival" in t.columns:
            years = years.coalesce(ref.year() - t["year_of_arrival"].cast("int64"))
    elif "year_of_arrival" in t.columns:
        years = ref.year() - t["year_of_arrival"].cast("int64")
    else:
        years = ibis.null("int64")
    residence = ibis.cases(
        (t[cob].isnull(), ibis.null("string")),
        (t[cob] == host_country, ibis.literal(defs.uk_born.id)),
        else_=_band_case(years, band_list))
    age = _band_case(t["age"], ages) if "age" in t.columns else ibis.null("string")
    out = t.mutate(migrant=migrant, migrant_group=group, residence_band=residence, age_group=age)
    return out.select(*original, *DERIVED)


def derive_frame(df: pd.DataFrame, **options) -> pd.DataFrame:
    """pandas in, pandas out (through DuckDB): `derive` for a DataFrame, row order kept."""
    order = "__perthyn_row"
    t = ibis.memtable(df.assign(**{order: range(len(df))}))
    return derive(t, **options).order_by(order).to_pandas().drop(columns=order).reset_index(drop=True)


def classify_series(codes: pd.Series, on=None, host: str = "uk") -> pd.Series:
    """Group ids for a Series of codes (one reference date for all); InputErrors lists every unknown code."""
    from perthyn.people.classify import classify

    countries = load_all()[0]
    unknown = sorted({str(c) for c in codes.dropna().unique() if countries.find(c) is None})
    if unknown:
        raise InputErrors(Problem(f"unknown country codes or names: {', '.join(map(repr, unknown[:10]))}",
                                  column=codes.name, count=int(codes.isin(unknown).sum()),
                                  fix="Use ISO 3166 alpha-2/alpha-3 codes or ONS country names."))
    day = as_date(on)
    memo = {c: classify(c, day, host) for c in codes.dropna().unique()}
    return codes.map(memo).astype("string")
