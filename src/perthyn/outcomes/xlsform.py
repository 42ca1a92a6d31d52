"""XLSForm both ways: export the question set for KoboToolbox / ODK, and import a bank written as an XLSForm.

Columns follow the XLSForm standard: `label::English (en)`, `hint::English (en)` ("why we ask this") and
`audio::English (en)` (a recording's file name). Perthyn's own fields ride in `instance::` columns, which
XLSForm tools keep as attributes, so a round trip loses nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from perthyn.errors import Collector

from .bank import LANGUAGE_ENGLISH, Bank, parse

EXTRA = ("indicator", "domain", "profiles", "audience", "positive_from")


def lang_header(lang: str) -> str:
    code = lang if "-" not in lang else lang.split("-")[0] + "-" + lang.split("-")[1].upper()
    return f"{LANGUAGE_ENGLISH.get(lang, lang)} ({code})"


def _lang_from_header(header: str) -> str | None:
    if "(" in header and header.endswith(")"):
        return header[header.rindex("(") + 1:-1].lower()
    return None


def export(bank: Bank, languages: list[str], *, profiles=None, audience: str | None = None,
           audio: dict | None = None) -> bytes:
    """The question set as an .xlsx XLSForm. `audio` maps (question id, language) to a media file name."""
    audio = audio or {}
    for lang in languages:
        if lang not in bank.languages:
            raise ValueError(f"language '{lang}' is not in the question bank ({', '.join(bank.languages)})")
    questions = [q for q in bank.questions
                 if (audience is None or q.audience == audience)
                 and (profiles is None or (set(profiles) | {"core"}) & set(q.profiles))]
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    head = (["type", "name"] + [f"label::{lang_header(l)}" for l in languages]
            + [f"hint::{lang_header(l)}" for l in languages] + [f"audio::{lang_header(l)}" for l in languages]
            + ["required", "relevant"] + [f"instance::{k}" for k in EXTRA])
    survey.append(head)
    consent = bank.consent
    survey.append(["note", "consent_purpose"] + [consent["purpose"].get(l) for l in languages]
                  + [""] * (2 * len(languages)) + ["", ""] + [""] * len(EXTRA))
    survey.append(["select_one consent", "consent"] + [consent["agree"].get(l) for l in languages]
                  + [""] * (2 * len(languages)) + ["yes", ""] + [""] * len(EXTRA))
    for q in questions:
        survey.append(
            [f"select_one {q.scale.id}", q.id]
            + [q.text.get(l) for l in languages]
            + [q.why.values.get(l, "") for l in languages]
            + [audio.get((q.id, l), "") for l in languages]
            + ["yes" if q.required else "no", "${consent} = 'yes'"]  # asked only after consent
            + [q.indicator, q.domain, " ".join(q.profiles), q.audience, q.positive_from]
        )
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name"] + [f"label::{lang_header(l)}" for l in languages])
    choices.append(["consent", "yes"] + [consent["agree"].get(l) for l in languages])
    used = {q.scale.id: q.scale for q in questions}
    for sid, scale in used.items():
        for o in scale.options:
            choices.append([sid, str(o.value)] + [o.label.get(l) for l in languages])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([f"Perthyn outcomes ({bank.id} {bank.version})", bank.id.replace("-", "_"),
                     bank.version.replace(".", ""), lang_header(languages[0])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def validate(xlsx: bytes) -> str:
    """Convert with pyxform (raises on an invalid form); returns the XForm XML."""
    from pyxform.xls2xform import convert

    return convert(xlsform=io.BytesIO(xlsx), file_type=".xlsx", form_name="perthyn_outcomes").xform


def _sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return [], []
    head = [str(h).strip() if h is not None else "" for h in rows[0]]
    return head, [dict(zip(head, r)) for r in rows[1:]]


def import_bank(path: str | Path, *, content: bytes | None = None, framework=None):
    """Read an XLSForm into a question bank (raw dict and validated Bank); every problem reported at once."""
    name = str(path)
    wb = load_workbook(io.BytesIO(content) if content is not None else path, read_only=True, data_only=True)
    c = Collector(file=name)
    for sheet in ("survey", "choices"):
        if sheet not in wb.sheetnames:
            c.add(f"sheet '{sheet}' is missing", column=sheet, fix="an XLSForm needs survey and choices sheets")
    c.raise_if_any(f"{name} is not an XLSForm")
    shead, srows = _sheet_rows(wb["survey"])
    chead, crows = _sheet_rows(wb["choices"])
    langs = []
    for h in shead:
        if h.startswith("label::"):
            lang = _lang_from_header(h[7:])
            if lang is None:
                c.add(f"label column '{h}' does not end with a language code in brackets", column=h,
                      fix="name it like label::English (en)")
            else:
                langs.append(lang)
    scales: dict = {}
    for i, r in enumerate(crows, start=2):
        ln = r.get("list_name")
        if not ln or ln == "consent":
            continue
        try:
            value = int(str(r.get("name")))
        except ValueError:
            c.add(f"choice name '{r.get('name')}' is not a whole-number score", row=i, column="choices.name",
                  fix="name answer options 0, 1, 2, ... (the score)")
            continue
        label = {lang: r.get(f"label::{lang_header(lang)}") or r.get(next((h for h in chead if _lang_from_header(h[7:] if h.startswith('label::') else '') == lang), ""), "")
                 for lang in langs}
        scales.setdefault(ln, {"options": []})["options"].append({"value": value, "label": {k: v for k, v in label.items() if v}})
    questions, profiles, domains = [], {}, {}
    for i, r in enumerate(srows, start=2):
        kind = str(r.get("type") or "").strip()
        if not kind.startswith("select_one ") or r.get("name") == "consent":
            continue
        def col(key):
            for h in shead:
                if h.startswith(f"{key}::") and _lang_from_header(h.split("::", 1)[1]) is not None:
                    yield _lang_from_header(h.split("::", 1)[1]), r.get(h)
        q = {"id": r.get("name"), "scale": kind.split()[1],
             "text": {l: v for l, v in col("label") if v}, "why": {l: v for l, v in col("hint") if v},
             "required": str(r.get("required") or "yes").lower() in ("yes", "true", "1")}
        for k in EXTRA:
            v = r.get(f"instance::{k}")
            if v in (None, ""):
                if k in ("indicator", "domain"):
                    c.add(f"question '{r.get('name')}' has no {k}", row=i, column=f"instance::{k}",
                          fix=f"add the column instance::{k} and fill it in")
                continue
            q[k] = int(v) if k == "positive_from" else (str(v).split() if k == "profiles" else str(v))
        for p in q.get("profiles", ["core"]):
            profiles.setdefault(p, {"en": p, "cy": p})
        if q.get("domain"):
            domains.setdefault(q["domain"], {"en": q["domain"], "cy": q["domain"]})
        questions.append(q)
    c.raise_if_any(f"{name} cannot be read as a question bank")
    # Consent text travels as the note before the questions and the consent choice.
    consent = {"purpose": {}, "agree": {}, "guardian": {}}
    for r in srows:
        if r.get("name") == "consent_purpose":
            consent["purpose"] = {l: r.get(f"label::{lang_header(l)}") for l in langs}
        if r.get("name") == "consent":
            consent["agree"] = {l: r.get(f"label::{lang_header(l)}") for l in langs}
    consent["guardian"] = dict(consent["purpose"])
    settings = {}
    if "settings" in wb.sheetnames:
        sh, sr = _sheet_rows(wb["settings"])
        settings = sr[0] if sr else {}
    complete = [l for l in ("en", "cy") if l in langs]
    raw = {"id": str(settings.get("form_id") or Path(name).stem).replace("_", "-"),
           "version": str(settings.get("version") or "1"), "languages": langs, "complete_languages": complete,
           "domains": domains, "profiles": profiles, "scales": scales, "questions": questions, "consent": consent}
    return raw, parse(raw, source=name, framework=framework)
