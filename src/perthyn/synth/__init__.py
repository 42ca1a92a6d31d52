"""Synthetic person microdata calibrated to real Census 2021 margins (always marked synthetic)."""

from .generate import Synthetic, generate
from .margins import census_margins

__all__ = ["Synthetic", "census_margins", "generate", "write"]


def write(synthetic: Synthetic, path) -> None:
    """Parquet (metadata says synthetic) or CSV (a `synthetic` column says so), chosen by suffix."""
    from pathlib import Path

    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    if path.suffix.lower() == ".csv":
        table = synthetic.table
        plain = table.cast(__import__("pyarrow").schema(
            [f.with_type(f.type.value_type) if hasattr(f.type, "value_type") else f for f in table.schema]))
        pacsv.write_csv(plain, tmp)
    else:
        pq.write_table(synthetic.table, tmp, compression="zstd", row_group_size=1_000_000)
    tmp.replace(path)  # all-or-nothing
