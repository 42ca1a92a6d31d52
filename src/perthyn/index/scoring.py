"""Score a round of questionnaire answers: question -> area score (0-100) -> overall score, plus
cross-cutting scores (e.g. data collection) built from tagged questions across every area.

Answers that are not scored options are treated as the questionnaire's `treatment` says (or as
overridden): `exclude` leaves the question out of its area (its weight does not count), `zero`
scores it 0. An area score needs at least `min_answered` of its question weight to remain,
otherwise it is missing, and the overall score re-weights the areas that have a score. Questions
answered "not applicable" do not count towards that share either way (they do not apply).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from perthyn.composite.coin import rank_desc
from perthyn.errors import Collector

from .questionnaire import Questionnaire, Treatment

NA_TOKENS = {"na", "n/a", "not_applicable", "not applicable"}
DK_TOKENS = {"dk", "dont_know", "don't know", "don’t know", "do not know"}
ID_COLUMNS = ("area_code", "name")
EVIDENCE_SUFFIXES = ("__link", "__note")


def classify_answer(value) -> str:
    """'unanswered', 'not_applicable', 'dont_know' or the option id (lower-case tokens accepted)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return "unanswered"
    text = str(value).strip()
    if text.lower() in NA_TOKENS:
        return "not_applicable"
    if text.lower() in DK_TOKENS:
        return "dont_know"
    return text


def read_answers(path: str | Path, q: Questionnaire) -> pd.DataFrame:
    """Read one row per authority (CSV or XLSX) and check every cell against the questionnaire."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return check_answers(frame, q, str(path))


def check_answers(frame: pd.DataFrame, q: Questionnaire, file: str = "answers") -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("").astype(str).apply(lambda c: c.str.strip())
    problems = Collector(file=file)
    if "area_code" not in frame.columns:
        problems.add("column 'area_code' is missing", line=1, column="area_code",
                     fix="add the authority's GSS code (e.g. W06000015) in a column named area_code")
        problems.raise_if_any()
    self_ids = {s.id for s in q.self_assessment}
    self_opts = {o[0] for o in q.self_scale}
    for col in frame.columns:
        base = next((col[: -len(s)] for s in EVIDENCE_SUFFIXES if col.endswith(s)), col)
        if col in ID_COLUMNS or base in self_ids or q.question(base):
            continue
        problems.add(f"column '{col}' is not a question of {q.id}", line=1, column=col,
                     fix="use question ids from the questionnaire (evidence as <id>__link / <id>__note)")
    for i, code in enumerate(frame["area_code"]):
        if not code:
            problems.add("area_code is empty", row=i + 1, line=i + 2, column="area_code")
    for i in np.flatnonzero(frame["area_code"].duplicated().to_numpy()):
        problems.add(f"authority {frame['area_code'].iloc[i]} appears twice", row=i + 1, line=i + 2,
                     column="area_code", fix="one row per authority")
    for question in q.questions:
        if question.id not in frame.columns:
            continue
        allowed = [o.id for o in question.options] + list(question.allow)
        for i, value in enumerate(frame[question.id]):
            kind = classify_answer(value)
            if kind == "unanswered" or question.option(kind) or kind in question.allow:
                continue
            problems.add(f"'{value}' is not an answer to {question.id}", row=i + 1, line=i + 2,
                         column=question.id, fix=f"use one of: {', '.join(allowed)} (or leave empty)")
    for sid in self_ids & set(frame.columns):
        for i, value in enumerate(frame[sid]):
            if value and value not in self_opts and classify_answer(value) != "dont_know":
                problems.add(f"'{value}' is not a self-assessment answer", row=i + 1, line=i + 2, column=sid,
                             fix=f"use one of: {', '.join(sorted(self_opts))}")
    for col in [c for c in frame.columns if c.endswith("__link")]:
        for i, value in enumerate(frame[col]):
            if value and not value.startswith(("http://", "https://")):
                problems.add(f"evidence link '{value}' is not a web address", row=i + 1, line=i + 2, column=col,
                             fix="start links with https://")
    problems.raise_if_any(f"{len(problems.problems)} problem(s) in {Path(file).name}")
    return frame


@dataclass
class Scores:
    questions: pd.DataFrame     # long: area_code, question, section, answer, status, score, counted weight
    scores: pd.DataFrame        # one row per authority: areas, overall, cross-cutting, rank
    summary: pd.DataFrame       # per score column: n, mean, sd, min, quartiles, max
    distribution: pd.DataFrame  # counts of authorities per 10-point band per score column
    treatment: Treatment


def _mean(values: np.ndarray, weights: np.ndarray, total: float, min_share: float) -> float:
    ok = ~np.isnan(values)
    counted = weights[ok].sum()
    if total <= 0 or counted / total < min_share - 1e-12 or counted == 0:
        return np.nan
    return float((values[ok] * weights[ok]).sum() / counted)


def _applicable(part: pd.DataFrame) -> float:
    return float(part.loc[part["status"] != "not_applicable", "weight"].sum())


def score(answers: pd.DataFrame, q: Questionnaire, treatment: Treatment | None = None, **overrides) -> Scores:
    """Score every authority. `overrides` change the treatment (unanswered=, dont_know=, ...)."""
    t = replace(treatment or q.treatment, **overrides)
    rows = []
    for _, row in answers.iterrows():
        for question in q.questions:
            raw = row.get(question.id, "")
            status = classify_answer(raw)
            option = question.option(status)
            if option is not None:
                value, kind = option.score, "scored"
            else:
                kind = status
                value = 0.0 if getattr(t, status) == "zero" else np.nan
            rows.append({"area_code": row["area_code"], "question": question.id, "section": question.section,
                         "answer": "" if status == "unanswered" else str(raw), "status": kind, "score": value,
                         "weight": question.weight, "tags": " ".join(question.tags)})
    long = pd.DataFrame(rows)
    out = []
    for code, part in long.groupby("area_code", sort=False):
        rec = {"area_code": code}
        if "name" in answers.columns:
            rec["name"] = answers.loc[answers["area_code"] == code, "name"].iloc[0]
        for s in q.sections:
            sp = part[part["section"] == s.id]
            rec[s.id] = _mean(sp["score"].to_numpy(float), sp["weight"].to_numpy(float), _applicable(sp),
                              t.min_answered)
        areas = np.array([rec[s.id] for s in q.sections], dtype=float)
        sw = np.array([s.weight for s in q.sections])
        rec["overall"] = _mean(areas, sw, sw.sum(), 0.0)
        for cid, tag, _ in q.cross_cutting:
            tp = part[part["tags"].str.split().apply(lambda tags, tag=tag: tag in tags)]
            rec[cid] = _mean(tp["score"].to_numpy(float), tp["weight"].to_numpy(float), _applicable(tp),
                             t.min_answered)
        out.append(rec)
    scores = pd.DataFrame(out)
    scores["rank"] = rank_desc(scores["overall"])
    cols = [s.id for s in q.sections] + ["overall"] + [c[0] for c in q.cross_cutting]
    return Scores(long, scores, summarise(scores[cols]), distribution(scores[cols]), t)


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    d = table.describe().T.rename(columns={"count": "n", "std": "sd", "25%": "q1", "50%": "median", "75%": "q3"})
    d.index.name = "score"
    return d


def distribution(table: pd.DataFrame, width: int = 10) -> pd.DataFrame:
    edges = np.arange(0, 100 + width, width)
    labels = [f"{lo}-{lo + width}" for lo in edges[:-1]]
    counts = {c: pd.cut(table[c], edges, labels=labels, include_lowest=True).value_counts().reindex(labels)
              for c in table.columns}
    out = pd.DataFrame(counts)
    out.index.name = "band"
    return out
