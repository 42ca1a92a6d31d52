"""Published-table indicators: values read back against the raw ONS files, intervals as published."""

import numpy as np
import pandas as pd
import pytest

from perthyn.estimate.aggregate import aggregate_estimates

REF = "/work/shared/data/reference/census"


@pytest.fixture(scope="module")
def agg():
    return aggregate_estimates()


def test_census_percentages_match_the_published_table(agg):
    raw = pd.read_csv(f"{REF}/ons_census2021_dotdensity/lad_ew_health_in_general_4a.csv").set_index("areacd")
    rows = agg[agg.indicator_id == "good_health"].set_index("area_code")
    assert len(rows) == 22 and (rows.input == "aggregate").all() and not rows.synthetic.any()
    assert np.allclose(rows.estimate, raw.loc[rows.index, "health_in_general_4a-001"] / 100)
    over = agg[agg.indicator_id == "overcrowding"].set_index("area_code")
    raw = pd.read_csv(f"{REF}/ons_census2021_dotdensity/lad_ew_occupancy_rating_bedrooms_6a.csv").set_index("areacd")
    expected = (raw["occupancy_rating_bedrooms_6a-004"] + raw["occupancy_rating_bedrooms_6a-005"]) / 100
    assert np.allclose(over.estimate, expected.loc[over.index])
    assert over.note.str.contains("households").all()


def test_aps_counts_carry_their_interval_and_withheld_cells(agg):
    aps = agg[agg.indicator_id == "population_born_abroad"]
    cardiff = aps[(aps.area_code == "W06000015") & (aps.migrant_group == "all")].iloc[0]
    assert cardiff.estimate == 51000 and cardiff.ci_low == 38000 and cardiff.ci_high == 64000
    assert cardiff.se == pytest.approx(13000 / 1.959963984540054)
    withheld = aps[aps.suppressed]
    assert len(withheld) and withheld.estimate.isna().all()
    assert withheld.suppression_reason.str.contains("publisher").all()
