import datetime as dt

import pytest

from perthyn.errors import InputErrors
from perthyn.people import age_group, completed_years, residence_band, status_category

CENSUS_DAY = dt.date(2021, 3, 21)


@pytest.mark.parametrize("arrival,expected", [
    (dt.date(2020, 3, 22), "lt1"),   # one day short of a year
    (dt.date(2020, 3, 21), "1to5"),  # exactly a year
    (dt.date(2016, 3, 22), "1to5"),
    (dt.date(2016, 3, 21), "5to10"),
    (dt.date(2011, 3, 21), "10plus"),
    (2021, "lt1"), (2020, "1to5"), (2016, "5to10"), (2011, "10plus"),
])
def test_default_bands(arrival, expected):
    assert residence_band(arrival, CENSUS_DAY) == expected


@pytest.mark.parametrize("arrival,expected", [(2020, "lt2"), (2019, "2to5"), (2016, "5to10"), (1990, "10plus")])
def test_census_bands(arrival, expected):
    assert residence_band(arrival, CENSUS_DAY, scheme="census") == expected


def test_completed_years_and_errors():
    assert completed_years(dt.date(2000, 2, 29), dt.date(2021, 2, 28)) == 20
    assert residence_band(None, CENSUS_DAY) is None
    with pytest.raises(InputErrors, match="after the reference date"):
        residence_band(2022, CENSUS_DAY)
    with pytest.raises(InputErrors, match="unknown residence band scheme"):
        residence_band(2000, CENSUS_DAY, scheme="decades")


@pytest.mark.parametrize("age,expected", [(0, "child_0_15"), (15, "child_0_15"), (16, "working_16_64"),
                                          (64, "working_16_64"), (65, "pension_65plus"), (104, "pension_65plus")])
def test_age_groups(age, expected):
    assert age_group(age) == expected


def test_custom_age_groups():
    groups = [("under_18", 0, 18), ("adult", 18, None)]
    assert age_group(17, groups) == "under_18" and age_group(18, groups) == "adult"
    with pytest.raises(InputErrors, match="ends at 18"):
        age_group(20, [("a", 0, 18), ("b", 19, None)])


def test_status_categories():
    assert status_category("refugee") == "refugee"
    assert status_category("asylum_seeker") == "asylum_seeker"
    assert status_category("undocumented") == "undocumented"
    assert status_category("visa_work") == "other"
    assert status_category("unknown") is None
    with pytest.raises(InputErrors, match="unknown immigration_status"):
        status_category("tourist")
