"""Demo: synthetic survey microdata -> the framework run -> gated estimates for the estimate page.

Idempotent: the results are written once under $PERTHYN_DATA_DIR/estimate/demo and reused.
"""

from __future__ import annotations

import os
from pathlib import Path

DEMO_ROWS = int(os.environ.get("PERTHYN_DEMO_ROWS", "60000"))
DEMO_SEED = 2021


def demo_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "estimate" / "demo"


def seed(rows: int | None = None, force: bool = False) -> Path:
    import pandas as pd

    from perthyn.estimate.aggregate import aggregate_estimates
    from perthyn.estimate.framework_run import run_framework, write
    from perthyn.synth import generate
    from perthyn.synth import write as write_synth

    rows = rows or DEMO_ROWS
    out = demo_dir()
    if (out / "manifest.json").exists() and (out / "estimates.csv").exists() and not force:
        return out
    out.mkdir(parents=True, exist_ok=True)
    data = out / "synthetic_survey.parquet"
    write_synth(generate(rows, design="survey", seed=DEMO_SEED), data)
    result = run_framework(data)
    result.estimates = pd.concat([result.estimates.assign(note=""), aggregate_estimates()], ignore_index=True)
    result.manifest["data"] = "synthetic_survey.parquet"
    write(result, out)
    data.unlink()  # the page needs the gated estimates only, never the microdata
    return out
