"""Questionnaire scoring, checked by hand."""

import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.errors import InputErrors
from perthyn.index import check_answers, load, score
from perthyn.index.questionnaire import Treatment

Q = load()


def answers(**rows):
    return check_answers(pd.DataFrame([{"area_code": code, **vals} for code, vals in rows.items()]), Q)


def test_default_questionnaire_is_bilingual_and_covers_the_areas():
    titles = [s.title.en for s in Q.sections]
    for area in ("Local Migrant Integration Strategy", "Tackling Racism", "Voting and civic participation",
                 "Local Authority Staffing", "Corporate Structures", "Funding allocation", "Access to services",
                 "Diversity and training"):
        assert area in titles
    assert all(q.text.cy and q.text.en != q.text.cy for q in Q.questions)
    tagged = {q.section for q in Q.questions if "data_collection" in q.tags}
    assert len(tagged) >= 6  # the data-collection score draws on questions across the survey
    assert {s.measure for s in Q.self_assessment} == {"migrants", "eu_migrants", "non_eu_migrants"}
    assert [o.score for o in Q.question("strategy_exists").options] == [100, 50, 0]


def test_area_overall_and_data_collection_by_hand():
    a = answers(W1={"strategy_exists": "yes", "strategy_consulted": "partly", "strategy_monitored": "no",
                    "racism_reporting": "yes", "racism_records": "by_group", "racism_plan": "yes",
                    "voting_turnout_data": "collected"})
    s = score(a, Q).scores.iloc[0]
    assert s["strategy"] == pytest.approx(50)            # (100 + 50 + 0) / 3
    assert s["racism"] == pytest.approx(100)
    assert s["voting"] == pytest.approx(50 / 3)          # unanswered count as 0: (0 + 0 + 50) / 3
    # overall: mean of 8 equally weighted areas; the five untouched areas score 0
    assert s["overall"] == pytest.approx((50 + 100 + 50 / 3) / 8)
    # data collection: 7 tagged questions; strategy_monitored 0, racism_records 100, voting 50, four unanswered 0
    assert sum("data_collection" in q.tags for q in Q.questions) == 7
    assert s["data_collection"] == pytest.approx(150 / 7)


def test_not_applicable_is_excluded_and_dont_know_scores_zero_by_default():
    a = answers(W1={"strategy_exists": "yes", "strategy_consulted": "na", "strategy_monitored": "dk"})
    s = score(a, Q).scores.iloc[0]
    assert s["strategy"] == pytest.approx(50)  # (100 + 0) / 2, the N/A question left out
    s2 = score(a, Q, dont_know="exclude").scores.iloc[0]
    assert s2["strategy"] == pytest.approx(100)


def test_unanswered_exclusion_and_minimum_answered_share():
    a = answers(W1={"strategy_exists": "yes"}, W2={"strategy_exists": "no", "strategy_consulted": "no"})
    s = score(a, Q, unanswered="exclude").scores.set_index("area_code")
    # W1 answered 1 of 3 questions: below the 50% minimum, so no strategy score
    assert math.isnan(s.loc["W1", "strategy"])
    assert s.loc["W2", "strategy"] == 0
    s = score(a, Q, Treatment(unanswered="exclude", min_answered=0.3)).scores.set_index("area_code")
    assert s.loc["W1", "strategy"] == 100


def test_weights_count():
    from dataclasses import replace

    sec = Q.sections[0]
    heavy = replace(sec, questions=(replace(sec.questions[0], weight=2.0),) + sec.questions[1:])
    q2 = replace(Q, sections=(heavy,) + Q.sections[1:])
    a = check_answers(pd.DataFrame([{"area_code": "W1", "strategy_exists": "yes", "strategy_consulted": "no",
                                     "strategy_monitored": "no"}]), q2)
    assert score(a, q2).scores.iloc[0]["strategy"] == pytest.approx(200 / 4)


def test_ranks_summary_and_distribution():
    a = answers(A={"strategy_exists": "yes"}, B={"strategy_exists": "partly"}, C={"strategy_exists": "partly"},
                D={"strategy_exists": "no"})
    s = score(a, Q)
    assert s.scores.set_index("area_code")["rank"].to_dict() == {"A": 1, "B": 2, "C": 2, "D": 4}
    strat = s.scores["strategy"]
    assert s.summary.loc["strategy", "mean"] == pytest.approx(np.mean([100 / 3, 50 / 3, 50 / 3, 0]))
    assert s.summary.loc["strategy", "sd"] == pytest.approx(strat.std(ddof=1))
    assert s.distribution["strategy"].sum() == 4 and s.distribution.loc["0-10", "strategy"] == 1


def test_bad_answers_name_row_and_column():
    frame = pd.DataFrame([{"area_code": "W1", "strategy_exists": "maybe"},
                          {"area_code": "W1", "racism_plan": "na", "bogus": "x", "strategy_exists__link": "ftp://x"}])
    with pytest.raises(InputErrors) as info:
        check_answers(frame, Q)
    where = {(p.row, p.column) for p in info.value.problems}
    assert (1, "strategy_exists") in where          # not an option
    assert (2, "racism_plan") in where               # N/A not allowed for this question
    assert (2, "area_code") in where                 # duplicate authority
    assert (None, "bogus") in where                  # unknown column (header line)
    assert (2, "strategy_exists__link") in where     # evidence link must be a web address


def test_score_command(tmp_path):
    path = tmp_path / "answers.csv"
    pd.DataFrame([{"area_code": "W06000015", "strategy_exists": "yes", "racism_records": "collected"},
                  {"area_code": "W06000018", "strategy_exists": "no"}]).to_csv(path, index=False)
    r = CliRunner().invoke(main, ["index", "score", str(path), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    out = pd.read_csv(tmp_path / "o" / "scores.csv").set_index("area_code")
    assert out.loc["W06000015", "strategy"] == pytest.approx(100 / 3)
    assert out.loc["W06000015", "rank"] == 1
    bad = tmp_path / "bad.csv"
    pd.DataFrame([{"area_code": "W1", "strategy_exists": "perhaps"}]).to_csv(bad, index=False)
    r = CliRunner().invoke(main, ["index", "score", str(bad), "--out", str(tmp_path / "o2")])
    assert r.exit_code == 1 and "row 1" in r.output and "strategy_exists" in r.output
