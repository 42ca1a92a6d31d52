"""The bundled question bank: short, tied to the framework, complete in every language it promises."""

import copy

import pytest

from perthyn.errors import InputErrors
from perthyn.outcomes import bank as bank_mod
from perthyn.outcomes.scoring import check_answers

ALL = ("en", "cy", "ar", "fa-af", "ps", "pl", "lt", "uk")


def test_bundled_bank_is_short_and_complete():
    b = bank_mod.load()
    assert len({q.indicator for q in b.questions}) <= 30
    assert len(b.questions) <= 30
    assert set(ALL) <= set(b.languages)
    for q in b.questions:
        for lang in ALL:
            assert q.text.values.get(lang), (q.id, lang)
            for o in q.scale.options:
                assert o.label.values.get(lang), (q.id, o.value, lang)
        assert q.why.en and q.why.cy, q.id
        assert q.indicator and q.domain in b.domains
    for part in ("purpose", "guardian", "agree"):
        for lang in ALL:
            assert b.consent[part].values.get(lang), (part, lang)
    # the Arabic-script translations are really in Arabic script, the Cyrillic one in Cyrillic
    assert all("\u0600" <= ch <= "\u06ff" for ch in b.question("feel_safe").text.get("ps") if ch.isalpha())
    assert all("\u0400" <= ch <= "\u04ff" for ch in b.question("feel_safe").text.get("uk") if ch.isalpha())


def test_profiles_choose_the_questions():
    b = bank_mod.load()
    core = {q.id for q in b.select([], "adult")}
    housing = {q.id for q in b.select(["housing"], "adult")}
    assert "home_help" in housing and "home_help" not in core and "work_paid" not in housing
    assert core < housing
    kids = b.select(["families"], "child")
    assert kids and all(q.audience == "child" for q in kids)
    assert b.select([], "child") == kids  # every child gets the children's questions, whatever the services


def test_framework_links():
    from perthyn import framework

    try:
        fw = framework.load()
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"the framework does not load: {e}")
    bank_mod.check_links(framework=fw)


def test_errors_name_line_column_and_fix(tmp_path):
    raw = bank_mod.read(None)
    bad = copy.deepcopy(raw)
    bad.data["questions"][0]["indicator"] = ""
    bad.data["questions"][1]["text"].pop("ps")
    bad.data["questions"][2]["scale"] = "nope"
    bad.data["questions"][3]["colour"] = "red"
    with pytest.raises(InputErrors) as e:
        bank_mod.parse(bad, source="bank.yaml")
    text = str(e.value)
    assert "questions[0].indicator" in text and "line" in text
    assert "questions[1].text.ps" in text and "Pashto" in text
    assert "scale 'nope' is not declared" in text
    assert "unknown key 'colour'" in text
    assert len(e.value.problems) == 4
    too_many = copy.deepcopy(raw)
    for i in range(31):
        q = copy.deepcopy(raw.data["questions"][0])
        q["id"], q["indicator"] = f"extra_{i}", f"ind_{i}"
        too_many.data["questions"].append(q)
    with pytest.raises(InputErrors, match="at most 30"):
        bank_mod.parse(too_many)


def test_check_answers_collects_every_problem():
    b = bank_mod.load()
    qs = b.select([], "adult")
    answers = {q.id: 1 for q in qs}
    answers.pop(qs[0].id)
    answers[qs[1].id] = 9
    answers[qs[2].id] = "x"
    with pytest.raises(InputErrors) as e:
        check_answers(qs, answers)
    cols = [p.column for p in e.value.problems]
    assert cols == [qs[0].id, qs[1].id, qs[2].id]
    assert "outside the answers" in str(e.value)
