"""Who counts as a migrant: country groups as at a date, residence bands, age groups, status categories.

Definitions live in definitions/people/*.yaml; this package interprets them.
"""

from perthyn.people.bands import age_group, completed_years, residence_band, status_category
from perthyn.people.classify import Classification, classify, classify_detail, is_migrant
from perthyn.people.definitions import load_all
from perthyn.people.derive import DEFAULT_REFERENCE_DATE, classify_series, derive, derive_frame

__all__ = [
    "DEFAULT_REFERENCE_DATE", "Classification", "age_group", "classify", "classify_detail", "classify_series",
    "completed_years", "derive", "derive_frame", "is_migrant", "load_all", "residence_band", "status_category",
]
