"""Run R survey live on a freshly drawn survey and compare every case (pytest -m r)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from .cases import make_survey
from .rcompare import compare, load_reference, python_cases

pytestmark = pytest.mark.r
SCRIPT = Path(__file__).parent / "make_reference.R"


@pytest.mark.parametrize("seed", [7])
def test_live_r_survey_agrees(seed, tmp_path, need):
    need(shutil.which("Rscript"), "Rscript with the survey package")
    df = make_survey(seed)
    data, out = tmp_path / "survey.csv", tmp_path / "reference.csv"
    df.to_csv(data, index=False)
    subprocess.run(["Rscript", str(SCRIPT), str(data), str(out)], check=True, capture_output=True, timeout=300)
    reference = load_reference(out)
    assert len(reference) > 100
    problems = compare(reference, python_cases(df))
    assert not problems, "\n".join(problems)
