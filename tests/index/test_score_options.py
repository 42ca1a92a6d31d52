"""`perthyn index score` options, and the questionnaire's pointers to them."""

import re
from importlib import resources

import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.index.cli import score as score_command


def test_questionnaire_comments_name_only_real_score_options():
    text = (resources.files("perthyn.definitions") / "index" / "lmii_default.yaml").read_text(encoding="utf-8")
    comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    mentioned = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", comments))
    real = {opt for p in score_command.params for opt in p.opts}
    assert {"--unanswered", "--not-applicable", "--dont-know", "--min-answered"} <= mentioned
    assert mentioned <= real, f"options that do not exist: {mentioned - real}"


@pytest.fixture
def one_of_three(tmp_path):
    # W1 answers one of the three strategy questions (yes = 100); W2 answers two (both no = 0)
    path = tmp_path / "answers.csv"
    pd.DataFrame([{"area_code": "W1", "strategy_exists": "yes"},
                  {"area_code": "W2", "strategy_exists": "no", "strategy_consulted": "no"}]).to_csv(path, index=False)
    return path


def _strategy(tmp_path, answers, *options):
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["index", "score", str(answers), "--unanswered", "exclude", *options,
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    return pd.read_csv(out / "scores.csv").set_index("area_code")["strategy"]


def test_min_answered_from_the_command_line(tmp_path, one_of_three):
    # default min_answered 0.5: W1 has 1/3 of the weight counted -> no score; W2 2/3 -> (0 + 0) / 2
    s = _strategy(tmp_path, one_of_three)
    assert pd.isna(s["W1"]) and s["W2"] == 0
    # 1/3 >= 0.3 -> W1 scores 100 / 1
    s = _strategy(tmp_path, one_of_three, "--min-answered", "0.3")
    assert s["W1"] == pytest.approx(100) and s["W2"] == 0
    # 2/3 < 0.9 -> neither has a score
    s = _strategy(tmp_path, one_of_three, "--min-answered", "0.9")
    assert s.isna().all()


def test_min_answered_is_a_share_and_documented_in_help(tmp_path, one_of_three):
    r = CliRunner().invoke(main, ["index", "score", str(one_of_three), "--min-answered", "1.5",
                                  "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "--min-answered" in r.output
    help_text = CliRunner().invoke(main, ["index", "score", "--help"]).output
    assert "--min-answered FLOAT" in help_text and "must be counted" in help_text
