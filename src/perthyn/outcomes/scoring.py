"""Answers to scores: check a submitted reading against the bank, then score it by domain.

Answers travel as a long table with columns person, reading, taken_on, question, value.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from perthyn.errors import Collector

from .bank import Bank, Question

ANSWER_COLUMNS = ("person", "reading", "taken_on", "question", "value")


def check_answers(questions: tuple[Question, ...], answers: Mapping[str, object], *, source: str = "reading") -> dict:
    """Return {question id: int value}; raise InputErrors naming every missing or out-of-range answer.

    A value may be blank only for a question that is not required ("prefer not to say" is a blank).
    """
    c = Collector(file=source)
    clean = {}
    known = {q.id for q in questions}
    for qid in answers:
        if qid not in known:
            c.add(f"'{qid}' is not a question on this form", column=qid, fix="remove it or use the current form")
    for q in questions:
        raw = answers.get(q.id)
        if raw is None or str(raw).strip() == "":
            if q.required:
                c.add(f"no answer to '{q.text.en}'", column=q.id, fix="tick one answer")
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            c.add(f"'{raw}' is not one of the answers", column=q.id,
                  fix=f"use one of {', '.join(map(str, q.scale.values))}")
            continue
        if value not in q.scale.values:
            c.add(f"{value} is outside the answers for '{q.text.en}'", column=q.id,
                  fix=f"use one of {', '.join(map(str, q.scale.values))}")
            continue
        clean[q.id] = value
    c.raise_if_any("the reading was not saved")
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
