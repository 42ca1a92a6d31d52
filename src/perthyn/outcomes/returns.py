"""Aggregate returns: what an organisation sends to a network, funder or government.

A return holds counts and rates per question (tied to a framework indicator id) and per domain, each row
gated (nothing from fewer people than the threshold), plus metadata. It holds no person-level data:
no pseudonyms, no dates of single readings, no answers. `combine` adds many organisations' returns into
framework-level figures and gates the result again.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from perthyn.errors import Collector

from .bank import Bank
from .cells import gate_domain_cells, gate_question_cells
from .distance import gated_cohort
from .stats import mcnemar

FORMAT = "perthyn-outcomes-return/1"
META_COLUMNS = ("organisation", "period_start", "period_end", "bank_id", "bank_version", "threshold")
QUESTION_COLUMNS = ("indicator_id", "question", "domain", "n", "positive_baseline", "positive_latest",
                    "rate_baseline", "rate_latest", "gains", "losses", "mcnemar_p")
DOMAIN_COLUMNS = ("domain", "n", "mean_baseline", "mean_change", "improved", "unchanged", "worse",
                  "share_improved", "share_unchanged", "share_worse")
FLAG_COLUMNS = ("suppressed", "suppression_reason", "hidden_cells")  # hidden_cells: counts hidden within a shown row
COUNTS = ("n", "positive_baseline", "positive_latest", "gains", "losses", "improved", "unchanged", "worse")


@dataclass(frozen=True)
class Return:
    metadata: dict
    rows: pd.DataFrame  # level (question|domain), the columns above, suppressed, suppression_reason

    def to_json(self) -> str:
        rows = self.rows.astype(object).where(self.rows.notna(), None).to_dict(orient="records")
        return json.dumps({"format": FORMAT, "metadata": self.metadata, "rows": rows}, ensure_ascii=False, indent=2,
                          default=_json_default)

    def to_frame(self) -> pd.DataFrame:
        meta = {k: self.metadata.get(k, "") for k in META_COLUMNS}
        if isinstance(meta["organisation"], list):
            meta["organisation"] = ";".join(meta["organisation"])
        return pd.concat([pd.DataFrame([meta] * len(self.rows), columns=list(META_COLUMNS)),
                          self.rows.reset_index(drop=True)], axis=1)

    def to_csv(self) -> str:
        """UTF-8 with a byte-order mark, so Excel shows Welsh and Arabic text correctly."""
        return "\ufeff" + self.to_frame().to_csv(index=False)


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, (date, datetime, pd.Timestamp)):
        return o.isoformat()
    return str(o)


def _rows(gated: dict) -> pd.DataFrame:
    parts = []
    if "questions" in gated:
        q = gated["questions"].table.rename(columns={"indicator": "indicator_id"})
        parts.append(q[list(QUESTION_COLUMNS) + list(FLAG_COLUMNS)].assign(level="question"))
    if "domains" in gated:
        d = gated["domains"].table
        parts.append(d[list(DOMAIN_COLUMNS) + list(FLAG_COLUMNS)].assign(level="domain"))
    cols = ["level"] + list(dict.fromkeys(QUESTION_COLUMNS + DOMAIN_COLUMNS)) + list(FLAG_COLUMNS)
    if not parts:
        return pd.DataFrame(columns=cols)
    return _int_counts(pd.concat(parts, ignore_index=True)[cols])


def _int_counts(rows: pd.DataFrame) -> pd.DataFrame:
    for col in COUNTS:
        if col in rows.columns:
            rows[col] = pd.to_numeric(rows[col], errors="coerce").round().astype("Int64")
    return rows


def build_return(answers: pd.DataFrame, bank: Bank, *, organisation: str, period_start: date, period_end: date,
                 threshold: int = 10) -> Return:
    """Make an organisation's return from its answers in the period (readings taken in the period)."""
    taken = pd.to_datetime(answers["taken_on"])
    inside = answers[(taken >= pd.Timestamp(period_start)) & (taken <= pd.Timestamp(period_end))]
    rows = _rows(gated_cohort(inside, bank, threshold=threshold))
    meta = {
        "organisation": organisation, "period_start": str(period_start), "period_end": str(period_end),
        "bank_id": bank.id, "bank_version": bank.version, "threshold": threshold,
        "indicator_ids": sorted({q.indicator for q in bank.questions}),
        "people_with_two_readings": int(inside.groupby("person")["reading"].nunique().ge(2).sum())
        if int(inside.groupby("person")["reading"].nunique().ge(2).sum()) >= threshold else None,
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "personal_data": "none: counts and rates for groups of at least the threshold only",
    }
    return Return(meta, rows)


# ---- reading returns back -------------------------------------------------------------------------------

def read_return(path: str | Path, *, text: str | None = None) -> Return:
    """Read a return from CSV or JSON, checking every row; raises InputErrors naming file, row and column."""
    name = str(path)
    raw = text if text is not None else Path(path).read_text(encoding="utf-8-sig")
    raw = raw.lstrip("\ufeff")
    c = Collector(file=name)
    if name.lower().endswith(".json") or raw.lstrip().startswith("{"):
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as e:
            c.add(f"not valid JSON: {e.msg}", line=e.lineno, fix="send the file exactly as Perthyn wrote it")
            c.raise_if_any()
        if doc.get("format") != FORMAT:
            c.add(f"format is '{doc.get('format')}', expected '{FORMAT}'", column="format",
                  fix="use a return made by `perthyn outcomes return`")
        meta = doc.get("metadata") or {}
        rows = pd.DataFrame(doc.get("rows") or [])
    else:
        frame = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
        missing = [k for k in META_COLUMNS if k not in frame.columns]
        for k in missing:
            c.add(f"column '{k}' is missing", column=k, fix="use a return made by `perthyn outcomes return`")
        c.raise_if_any(f"{name} is not a Perthyn outcomes return")
        first = frame.iloc[0] if len(frame) else {}
        meta = {k: first.get(k, "") for k in META_COLUMNS}
        rows = frame.drop(columns=list(META_COLUMNS))
    for k in ("organisation", "period_start", "period_end", "bank_id"):
        if not meta.get(k):
            c.add(f"metadata '{k}' is empty", column=k, fix="fill it in, or make the return again")
    need = {"level", "n", "suppressed"}
    for k in sorted(need - set(rows.columns) if len(rows) else ()):
        c.add(f"column '{k}' is missing", column=k, fix="use a return made by `perthyn outcomes return`")
    c.raise_if_any(f"{name} is not a Perthyn outcomes return")
    if not len(rows):  # a return with nothing to report yet (no one with two readings) is still a return
        rows = pd.DataFrame(columns=["level"] + list(dict.fromkeys(QUESTION_COLUMNS + DOMAIN_COLUMNS)) + list(FLAG_COLUMNS))
    rows = rows.replace({"": None})
    for i, r in rows.iterrows():
        if r["level"] not in ("question", "domain"):
            c.add(f"level '{r['level']}' is not question or domain", row=i + 1, column="level", fix="use question or domain")
        for col in COUNTS:
            if col in rows.columns and r.get(col) is not None and pd.notna(r.get(col)):
                try:
                    v = float(r[col])
                    if v < 0 or v != int(v):
                        raise ValueError
                except (TypeError, ValueError):
                    c.add(f"'{r[col]}' is not a count", row=i + 1, column=col, fix="use a whole number 0 or more")
    c.raise_if_any(f"{name} has problems")
    for col in set(rows.columns) & set(COUNTS + ("rate_baseline", "rate_latest", "mcnemar_p", "mean_baseline",
                                                 "mean_change", "share_improved", "share_unchanged", "share_worse")):
        rows[col] = pd.to_numeric(rows[col], errors="coerce")
    rows["suppressed"] = rows["suppressed"].astype(str).str.lower().isin(["true", "1"])
    if "hidden_cells" not in rows.columns:
        rows["hidden_cells"] = ""
    rows["hidden_cells"] = rows["hidden_cells"].fillna("").astype(str)
    return Return(meta, rows)


def _sum_known(frame: pd.DataFrame, keys: list[str], cols: list[str]) -> pd.DataFrame:
    """Sum per group; a sum with any unknown part (hidden at source) is unknown, never an undercount."""
    return frame.groupby(keys, as_index=False)[cols].agg(lambda s: s.sum() if s.notna().all() else np.nan)


def combine(returns: list[Return], *, threshold: int = 10) -> Return:
    """Framework-level figures from many organisations' returns, gated again.

    Rows hidden in a source return are not counted (they are unknown); `rows_withheld` says how many.
    """
    from perthyn.disclosure import DisclosurePolicy, gate

    c = Collector(file="returns")
    banks = {(r.metadata.get("bank_id"), str(r.metadata.get("bank_version"))) for r in returns}
    if len(banks) > 1:
        c.add(f"returns use different question banks: {sorted(banks)}", column="bank_version",
              fix="combine returns made with the same question bank version")
    orgs = [r.metadata.get("organisation") for r in returns]
    dupes = sorted({o for o in orgs if orgs.count(o) > 1})
    if dupes:
        c.add(f"more than one return from {', '.join(map(str, dupes))}", column="organisation",
              fix="send one return per organisation and period")
    if not returns:
        c.add("no returns to combine", fix="give at least one return")
    c.raise_if_any("the returns cannot be combined")
    cols = ["level"] + list(dict.fromkeys(QUESTION_COLUMNS + DOMAIN_COLUMNS)) + list(FLAG_COLUMNS)
    stacked = pd.concat([r.rows.reindex(columns=cols).assign(_org=r.metadata.get("organisation")) for r in returns],
                        ignore_index=True)
    stacked["suppressed"] = stacked["suppressed"].fillna(True).astype(bool)
    for col in COUNTS + ("mean_baseline", "mean_change"):
        stacked[col] = pd.to_numeric(stacked[col], errors="coerce")
    shown = stacked[~stacked["suppressed"]]
    withheld = stacked[stacked["suppressed"]]
    q = shown[shown["level"] == "question"]
    qsum = _sum_known(q, ["indicator_id", "question", "domain"], ["n", "positive_baseline", "positive_latest", "gains", "losses"])
    qsum["organisations"] = q.groupby(["indicator_id", "question", "domain"])["_org"].nunique().to_numpy()
    qsum["rate_baseline"] = qsum["positive_baseline"] / qsum["n"]
    qsum["rate_latest"] = qsum["positive_latest"] / qsum["n"]
    qsum["mcnemar_p"] = [mcnemar(int(b), int(l)).p_value if pd.notna(b) and pd.notna(l) else np.nan
                         for b, l in zip(qsum["gains"], qsum["losses"])]
    d = shown[shown["level"] == "domain"].copy()
    d["_wb"] = d["mean_baseline"] * d["n"]
    d["_wc"] = d["mean_change"] * d["n"]
    dsum = _sum_known(d, ["domain"], ["n", "_wb", "_wc", "improved", "unchanged", "worse"])
    dsum["organisations"] = d.groupby("domain")["_org"].nunique().to_numpy()
    dsum["mean_baseline"] = dsum.pop("_wb") / dsum["n"]
    dsum["mean_change"] = dsum.pop("_wc") / dsum["n"]
    for k in ("improved", "unchanged", "worse"):
        dsum[f"share_{k}"] = dsum[k] / dsum["n"]
    policy = DisclosurePolicy(threshold=threshold)
    gq = gate(qsum, policy=policy, n_col="n", group_cols=("question",),
              value_cols=("positive_baseline", "positive_latest", "gains", "losses", "rate_baseline", "rate_latest",
                          "mcnemar_p", "organisations")).table
    gq = gate_question_cells(gq, policy)[0].assign(level="question")
    gd = gate(dsum, policy=policy, n_col="n", group_cols=("domain",),
              value_cols=("improved", "unchanged", "worse", "mean_baseline", "mean_change", "share_improved",
                          "share_unchanged", "share_worse", "organisations")).table
    gd = gate_domain_cells(gd, policy)[0].assign(level="domain")
    cols = ["level"] + list(dict.fromkeys(QUESTION_COLUMNS + DOMAIN_COLUMNS)) + ["organisations"] + list(FLAG_COLUMNS)
    rows = _int_counts(pd.concat([gq, gd], ignore_index=True).reindex(columns=cols))
    starts = [str(r.metadata.get("period_start")) for r in returns]
    ends = [str(r.metadata.get("period_end")) for r in returns]
    bank_id, bank_version = next(iter(banks))
    meta = {
        "organisation": sorted(map(str, orgs)), "period_start": min(starts), "period_end": max(ends),
        "bank_id": bank_id, "bank_version": bank_version, "threshold": threshold,
        "indicator_ids": sorted(set(rows["indicator_id"].dropna())),
        "returns_combined": len(returns), "rows_withheld_in_sources": int(len(withheld)),
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "personal_data": "none: sums of organisations' gated returns, gated again",
    }
    return Return(meta, rows)
