"""Reading answers from a CSV (for the command line and tests): person, reading, taken_on, question, value."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perthyn.errors import Collector

from .bank import Bank
from .scoring import ANSWER_COLUMNS


def read_answers(path: str | Path, bank: Bank) -> pd.DataFrame:
    name = str(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    c = Collector(file=name)
    for col in ANSWER_COLUMNS:
        if col not in df.columns:
            c.add(f"column '{col}' is missing", column=col, fix=f"columns must be {', '.join(ANSWER_COLUMNS)}")
    c.raise_if_any(f"{name} is not a readings file")
    dates = pd.to_datetime(df["taken_on"], format="%Y-%m-%d", errors="coerce")
    values = pd.to_numeric(df["value"], errors="coerce")
    for i, r in df.iterrows():
        row = i + 1
        if r["question"] not in bank._by_id:
            c.add(f"unknown question '{r['question']}'", row=row, column="question", fix="use a question id from the bank")
            continue
        q = bank.question(r["question"])
        if pd.isna(dates[i]):
            c.add(f"'{r['taken_on']}' is not a date", row=row, column="taken_on", fix="write dates as YYYY-MM-DD")
        if pd.isna(values[i]) or int(values[i]) not in q.scale.values:
            c.add(f"'{r['value']}' is not an answer to {q.id}", row=row, column="value",
                  fix=f"use one of {', '.join(map(str, q.scale.values))}")
        if not r["person"]:
            c.add("person is empty", row=row, column="person", fix="give the person's pseudonymous code")
    c.raise_if_any(f"{name} has problems; nothing was used")
    return pd.DataFrame({"person": df["person"], "reading": df["reading"], "taken_on": dates,
                         "question": df["question"], "value": values.astype(int)})
