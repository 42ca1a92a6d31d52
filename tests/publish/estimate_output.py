"""A small `perthyn estimate framework` output (estimates.csv and manifest.json) for the dashboard tests."""

from __future__ import annotations

import pandas as pd

ROWS = [
    # indicator, measure, migrant, area, estimate, ci_low, ci_high, n  (the estimate job's estimates.csv layout)
    ("employment_rate", "estimate", "true", "W06000015", 0.72, 0.67, 0.77, 495),
    ("employment_rate", "estimate", "false", "W06000015", 0.63, 0.60, 0.65, 1659),
    ("employment_rate", "estimate", "all", "W06000015", 0.65, 0.63, 0.67, 2154),
    ("employment_rate", "gap", "true - false", "W06000015", 0.09, 0.04, 0.15, 2154),
    ("overcrowding", "estimate", "true", "W06000015", 0.10, 0.02, 0.18, 6),  # too few people: must be hidden
    ("overcrowding", "estimate", "false", "W06000015", 0.02, 0.01, 0.03, 900),
    ("overcrowding", "gap", "true - false", "W06000015", 0.08, 0.0, 0.16, 906),
    ("employment_rate", "estimate", "true", "W06000022", 0.70, 0.65, 0.75, 300),
]


def write_output(directory, synthetic=False, source=None, period=None):
    frame = pd.DataFrame(ROWS, columns=["indicator_id", "measure", "migrant", "area_code", "estimate", "ci_low",
                                        "ci_high", "n"])
    frame["grouping"] = "area_code"
    frame["unit"] = "percent"
    frame["synthetic"] = synthetic
    if source:
        frame["source"] = source
    if period:
        frame["period"] = period
    frame.to_csv(directory / "estimates.csv", index=False)
    (directory / "manifest.json").write_text('{"synthetic": %s}' % ("true" if synthetic else "false"))
    return directory
