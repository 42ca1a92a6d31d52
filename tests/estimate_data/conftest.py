import pytest

from perthyn.synth import generate, write


@pytest.fixture(scope="session")
def survey_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "survey.parquet"
    write(generate(6000, design="survey", seed=42), path)
    return path


@pytest.fixture(scope="session")
def census_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "census.parquet"
    write(generate(3000, design="census", seed=43), path)
    return path
