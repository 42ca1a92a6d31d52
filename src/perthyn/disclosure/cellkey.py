"""ONS cell-key perturbation for frequency tables, through ONS's own package `cell-key-perturbation`.

Each person carries a fixed random record key (0-255). A cell's key is the sum of its members' keys
mod 256; the p-table maps (cell value, cell key) to a small noise value. The same cell always gets the
same noise, so repeated or overlapping tables cannot average the noise away, and differencing two
tables no longer yields a true small count. We use the package's 10-5 p-table: counts under 10 go to 0
(then missing) and the rest are moved onto multiples of 5.

The true counts never leave this module: only the perturbed `n` does, and the result is marked so that
`gate(..., policy=DisclosurePolicy(cell_key=True))` accepts it.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd


def record_keys(ids: pd.Series) -> pd.Series:
    """A stable record key in 0..255 per person, from a hash of their pseudonymous id."""
    hashed = pd.util.hash_pandas_object(ids.astype(str), index=False).to_numpy()
    return pd.Series((hashed % np.uint64(256)).astype("int64"), index=ids.index, name="record_key")


def perturbed_counts(microdata: pd.DataFrame, by: list[str], *, record_key: str | None = None,
                     id_col: str = "person_id", threshold: int = 10) -> pd.DataFrame:
    """Frequency table of `microdata` by `by` with cell-key perturbation; columns: by + n."""
    from cell_key_perturbation.create_perturbed_table import create_perturbed_table
    from cell_key_perturbation.utils.generate_test_ptable import generate_ptable_10_5_rule

    data = microdata[list(by) + ([record_key] if record_key else [id_col])].copy()
    if record_key is None:
        data["record_key"] = record_keys(data[id_col])
        record_key = "record_key"
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints notes
        table = create_perturbed_table(data, generate_ptable_10_5_rule(), [], list(by), record_key,
                                       use_existing_ons_id=False, threshold=threshold)
    out = table[list(by)].copy()
    out["n"] = table["count"].astype("Int64")
    out.attrs["perthyn_cell_key"] = True
    return out
