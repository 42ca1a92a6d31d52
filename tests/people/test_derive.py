"""derive() on DuckDB: each row's expected values worked out by hand from the definitions."""

import datetime as dt

import ibis
import pandas as pd
import pytest

from perthyn.errors import InputErrors
from perthyn.people import derive, derive_frame


@pytest.fixture
def people():
    return pd.DataFrame({
        "person_id": ["a", "b", "c", "d", "e", "f", "g"],
        "country_of_birth": ["GB", "POL", "Romania", "hr", "RO", "Ireland", "IN"],
        "nationality": ["GB", "PL", "RO", "HR", "RO", "IE", "GB"],
        "year_of_arrival": [None, 2004, 2020, 2019, 2005, 2010, 1999],
        "age": [3, 30, 70, 16, 15, 64, 65],
        "reference_date": [dt.date(2021, 3, 21)] * 4 + [dt.date(2006, 12, 31), None, None],
    })


def test_default_derive(people):
    out = derive_frame(people)
    assert out["migrant"].tolist() == [False, True, True, True, True, True, True]
    # e: Romania on 2006-12-31 is a third country; d: Croatia in 2021 is other EU
    assert out["migrant_group"].tolist() == ["uk", "eu8", "eu2", "eu_other", "third_country", "eu14", "third_country"]
    # f and g fall back to the default reference date 2021-03-21: 11 and 22 years
    assert out["residence_band"].tolist() == ["uk_born", "10plus", "1to5", "1to5", "1to5", "10plus", "10plus"]
    assert out["age_group"].tolist() == ["child_0_15", "working_16_64", "pension_65plus", "working_16_64",
                                         "child_0_15", "working_16_64", "pension_65plus"]
    assert list(out.columns[:6]) == list(people.columns)


def test_census_bands_nationality_and_host_ie(people):
    out = derive_frame(people, basis="nationality", bands="census", host="ie")
    # g: born in India, British: by nationality the UK is a third country from Ireland after 2020-01-31
    assert out["migrant_group"].tolist() == ["third_country", "eu8", "eu2", "eu_other", "third_country", "ie",
                                             "third_country"]
    assert out["migrant"].tolist() == [True, True, True, True, True, False, True]
    bands = out["residence_band"]
    assert bands.isna().tolist() == [True] + [False] * 6   # British-born, no arrival year: unknown
    assert bands[1:].tolist() == ["10plus", "lt2", "2to5", "lt2", "uk_born", "10plus"]


def test_date_of_arrival_completed_years():
    df = pd.DataFrame({"person_id": ["x", "y"], "country_of_birth": ["FR", "FR"], "age": [30, 30],
                       "date_of_arrival": [dt.date(2020, 3, 22), dt.date(2020, 3, 21)]})
    assert derive_frame(df)["residence_band"].tolist() == ["lt1", "1to5"]


def test_age_groups_configurable(people):
    out = derive_frame(people, age_groups=[("under_18", 0, 18), ("adult", 18, None)])
    assert out["age_group"].tolist() == ["under_18", "adult", "adult", "under_18", "under_18", "adult", "adult"]


def test_is_lazy_ibis_and_compiles_to_sql(people):
    t = derive(ibis.memtable(people), check=False)
    assert isinstance(t, ibis.Table)
    sql = ibis.to_sql(t, dialect="duckdb")
    assert "CASE" in sql.upper() and "IN ('BG', 'RO')" in sql   # membership as a CASE, no Python loop


def test_unknown_codes_named_with_count(people):
    bad = people.assign(country_of_birth=["GB", "XX", "XX", "ZZ", "RO", None, "IN"])
    with pytest.raises(InputErrors) as err:
        derive_frame(bad)
    text = str(err.value)
    assert "column 'country_of_birth'" in text and "'XX' (2 rows)" in text and "3 rows affected" in text


def test_missing_column():
    with pytest.raises(InputErrors, match="missing column"):
        derive_frame(pd.DataFrame({"person_id": ["a"], "age": [3]}))


def test_lazy_and_checked_routes_agree(people):
    messy = people.assign(country_of_birth=[" gb ", "POL", "romania", "Croatia", "RO", "Irish Republic", "IND"])
    t = ibis.memtable(messy.assign(row=range(len(messy))))
    lazy = derive(t, check=False).order_by("row").to_pandas()
    checked = derive(t).order_by("row").to_pandas()
    for col in ("migrant", "migrant_group", "residence_band", "age_group"):
        assert lazy[col].fillna("-").tolist() == checked[col].fillna("-").tolist()
    assert checked["migrant_group"].tolist() == ["uk", "eu8", "eu2", "eu_other", "third_country", "eu14", "third_country"]
