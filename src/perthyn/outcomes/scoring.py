"""Answers to scores: check a submitted reading against the bank, then score it by domain.

Answers travel as a long table with columns person, reading, taken_on, question, value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from perthyn.errors import Collector

from .bank import Bank, Question

ANSWER_COLUMNS = ("person", "reading", "taken_on", "question", "value")


# Messages for a reading that cannot be saved, as msgids: the web app passes translations of the same strings.
MESSAGES = {
    "unknown": "'%(question)s' is not a question on this form",
    "unknown_fix": "remove it or use the current form",
    "missing": "no answer to '%(question)s'",
    "missing_fix": "tick one answer",
    "not_an_answer": "'%(value)s' is not one of the answers",
    "outside": "%(value)s is outside the answers for '%(question)s'",
    "use_one_of": "use one of %(values)s",
    "title": "the reading was not saved",
}


def check_answers(questions: tuple[Question, ...], answers: Mapping[str, object], *, source: str = "reading",
                  messages: Mapping[str, str] | None = None, label: Callable[[Question], str] | None = None) -> dict:
    """Return {question id: int value}; raise InputErrors naming every missing or out-of-range answer.

    A value may be blank only for a question that is not required ("prefer not to say" is a blank).
    `messages` replaces any of MESSAGES (e.g. with translations); `label` gives a question's text in the
    reader's language (English by default).
    """
    m = {**MESSAGES, **(messages or {})}
    label = label or (lambda q: q.text.en)
    c = Collector(file=source)
    clean = {}
    known = {q.id for q in questions}
    for qid in answers:
        if qid not in known:
            c.add(str(m["unknown"]) % {"question": qid}, column=qid, fix=str(m["unknown_fix"]))
    for q in questions:
        raw = answers.get(q.id)
        values = ", ".join(map(str, q.scale.values))
        if raw is None or str(raw).strip() == "":
            if q.required:
                c.add(str(m["missing"]) % {"question": label(q)}, column=q.id, fix=str(m["missing_fix"]))
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            c.add(str(m["not_an_answer"]) % {"value": raw}, column=q.id, fix=str(m["use_one_of"]) % {"values": values})
            continue
        if value not in q.scale.values:
            c.add(str(m["outside"]) % {"value": value, "question": label(q)}, column=q.id,
                  fix=str(m["use_one_of"]) % {"values": values})
            continue
        clean[q.id] = value
    c.raise_if_any(str(m["title"]))
    return clean


def with_scores(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Add domain, indicator, a 0-10 score and the positive flag to each answer row."""
    meta = pd.DataFrame(
        [{"question": q.id, "domain": q.domain, "indicator": q.indicator, "scale_max": q.scale.max,
          "positive_from": q.positive_from} for q in bank.questions]
    )
    df = answers.merge(meta, on="question", how="inner")
    df["score"] = 10.0 * df["value"].astype(float) / df["scale_max"]
    df["positive"] = df["value"] >= df["positive_from"]
    return df


def domain_scores(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """One row per person, reading and domain: the mean 0-10 score over the domain's answered questions."""
    df = with_scores(answers, bank)
    out = (df.groupby(["person", "reading", "taken_on", "domain"], as_index=False)
             .agg(score=("score", "mean"), items=("score", "size")))
    return out.sort_values(["person", "taken_on", "reading", "domain"]).reset_index(drop=True)
