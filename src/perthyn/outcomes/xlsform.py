"""XLSForm both ways: export the question set for KoboToolbox / ODK, and import a bank written as an XLSForm.

Columns follow the XLSForm standard: `label::English (en)`, `hint::English (en)` ("why we ask this") and
`audio::English (en)` (a recording's file name). Perthyn's own fields ride in `instance::` columns, which
XLSForm tools keep as attributes. The form first asks who is answering (`audience`, adult or child): each
question is `relevant` after consent for its own audience only, and a child's parent or guardian is shown the
guardian consent text. Labels of domains and service profiles, stated reliability and the printed form's
headings sit in an extra sheet `perthyn` that XLSForm tools ignore, so a round trip keeps them too.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from perthyn.errors import Collector

from perthyn.text import Text

from .bank import AUDIENCES, LANGUAGE_ENGLISH, Bank, parse

EXTRA = ("indicator", "domain", "profiles", "audience", "positive_from")


def lang_header(lang: str) -> str:
    code = lang if "-" not in lang else lang.split("-")[0] + "-" + lang.split("-")[1].upper()
    return f"{LANGUAGE_ENGLISH.get(lang, lang)} ({code})"


def _lang_from_header(header: str) -> str | None:
    if "(" in header and header.endswith(")"):
        return header[header.rindex("(") + 1:-1].lower()
    return None


# The form asks first who is answering; adult and child questions are `relevant` only for their audience.
AUDIENCE_TEXT = {
    "question": {"en": "Who is answering?", "cy": "Pwy sy'n ateb?", "ar": "من يجيب عن الأسئلة؟",
                 "fa-af": "چه کسی به سؤال‌ها جواب می‌دهد؟", "ps": "پوښتنو ته څوک ځواب ورکوي؟",
                 "pl": "Kto odpowiada na pytania?", "lt": "Kas atsako į klausimus?", "uk": "Хто відповідає на запитання?"},
    "adult": {"en": "An adult", "cy": "Oedolyn", "ar": "شخص بالغ", "fa-af": "یک بزرگسال", "ps": "بالغ کس",
              "pl": "Osoba dorosła", "lt": "Suaugęs asmuo", "uk": "Доросла людина"},
    "child": {"en": "A child", "cy": "Plentyn", "ar": "طفل", "fa-af": "یک کودک", "ps": "یو ماشوم",
              "pl": "Dziecko", "lt": "Vaikas", "uk": "Дитина"},
    "hint": {"en": "Children are people under {age}: a parent or guardian gives consent and the children's questions follow.",
             "cy": "Plant yw pobl o dan {age}: mae rhiant neu warcheidwad yn rhoi caniatâd a daw cwestiynau'r plant wedyn."},
}
PERTHYN_SHEET = "perthyn"  # labels of domains and profiles, stated reliability, form headings: what XLSForm has no column for


def _relevant(audience: str) -> str:
    return f"${{consent}} = 'yes' and ${{audience}} = '{audience}'"


def export(bank: Bank, languages: list[str], *, profiles=None, audience: str | None = None,
           audio: dict | None = None, age_limit: int | None = None) -> bytes:
    """The question set as an .xlsx XLSForm. `audio` maps (question id, language) to a media file name.

    The first question asks who is answering (`audience`: adult or child); each question is `relevant` only
    after consent and for its audience, and a child's parent or guardian sees the guardian consent text.
    """
    audio = audio or {}
    age_limit = age_limit or bank.child_age_limit
    for lang in languages:
        if lang not in bank.languages:
            raise ValueError(f"language '{lang}' is not in the question bank ({', '.join(bank.languages)})")
    questions = [q for q in bank.questions
                 if (audience is None or q.audience == audience)
                 and (profiles is None or q.audience == "child" or (set(profiles) | {"core"}) & set(q.profiles))]
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    n = len(languages)
    head = (["type", "name"] + [f"label::{lang_header(l)}" for l in languages]
            + [f"hint::{lang_header(l)}" for l in languages] + [f"audio::{lang_header(l)}" for l in languages]
            + ["required", "relevant"] + [f"instance::{k}" for k in EXTRA])
    survey.append(head)

    def row(kind, name, labels, *, hints=None, audios=None, required="", relevant="", extra=None):
        survey.append([kind, name] + list(labels) + list(hints or [""] * n) + list(audios or [""] * n)
                      + [required, relevant] + list(extra or [""] * len(EXTRA)))

    def text(key, lang):
        return AUDIENCE_TEXT[key].get(lang) or AUDIENCE_TEXT[key]["en"]

    consent = bank.consent
    audiences = sorted({q.audience for q in questions}, key=AUDIENCES.index)
    row("select_one audience", "audience", [text("question", l) for l in languages],
        hints=[AUDIENCE_TEXT["hint"].get(l, "").format(age=age_limit) for l in languages], required="yes")
    row("note", "consent_purpose", [consent["purpose"].get(l) for l in languages], relevant="${audience} = 'adult'")
    if "guardian" in consent:
        row("note", "consent_guardian", [consent["guardian"].get(l) for l in languages],
            relevant="${audience} = 'child'")
    row("select_one consent", "consent", [consent["agree"].get(l) for l in languages], required="yes")
    for q in questions:
        row(f"select_one {q.scale.id}", q.id, [q.text.get(l) for l in languages],
            hints=[q.why.values.get(l, "") for l in languages], audios=[audio.get((q.id, l), "") for l in languages],
            required="yes" if q.required else "no", relevant=_relevant(q.audience),  # after consent, for its audience
            extra=[q.indicator, q.domain, " ".join(q.profiles), q.audience, q.positive_from])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name"] + [f"label::{lang_header(l)}" for l in languages])
    for a in audiences:
        choices.append(["audience", a] + [text(a, l) for l in languages])
    choices.append(["consent", "yes"] + [consent["agree"].get(l) for l in languages])
    used = {q.scale.id: q.scale for q in questions}
    for sid, scale in used.items():
        for o in scale.options:
            choices.append([sid, str(o.value)] + [o.label.get(l) for l in languages])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([f"Perthyn outcomes ({bank.id} {bank.version})", bank.id.replace("-", "_"),
                     bank.version.replace(".", ""), lang_header(languages[0])])
    # What XLSForm has no column for, in a sheet of its own (KoboToolbox, ODK and pyxform ignore it).
    extra = wb.create_sheet(PERTHYN_SHEET)
    extra.append(["kind", "id", "value", "source"] + [f"label::{lang_header(l)}" for l in languages])
    labelled = lambda t: [Text.of(t).values.get(l, "") for l in languages]  # noqa: E731
    for did, label in bank.domains.items():
        rel = bank.reliability.get(did)
        extra.append(["domain", did, rel.value if rel else "", rel.source if rel else ""] + labelled(label))
    for pid, label in bank.profiles.items():
        extra.append(["profile", pid, "", ""] + labelled(label))
    for key, label in bank.form_text.items():
        extra.append(["form_text", key, "", ""] + labelled(label.values))
    extra.append(["setting", "version", bank.version, ""] + [""] * n)
    extra.append(["setting", "id", bank.id, ""] + [""] * n)
    extra.append(["setting", "child_age_limit", bank.child_age_limit, ""] + [""] * n)
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
        if not ln or ln in ("consent", "audience"):
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
        if not kind.startswith("select_one ") or r.get("name") in ("consent", "audience"):
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
        if "audience" not in q:  # a form edited elsewhere may keep only the `relevant` condition
            relevant = str(r.get("relevant") or "").replace('"', "'")
            for a in AUDIENCES:
                if f"${{audience}} = '{a}'" in relevant or f"${{audience}}='{a}'" in relevant:
                    q["audience"] = a
        for p in q.get("profiles", ["core"]):
            profiles.setdefault(p, {"en": p, "cy": p})
        if q.get("domain"):
            domains.setdefault(q["domain"], {"en": q["domain"], "cy": q["domain"]})
        questions.append(q)
    c.raise_if_any(f"{name} cannot be read as a question bank")
    # Consent text travels as the note before the questions and the consent choice.
    consent = {"purpose": {}, "agree": {}, "guardian": {}}
    for r in srows:
        for part, row_name in (("purpose", "consent_purpose"), ("guardian", "consent_guardian"), ("agree", "consent")):
            if r.get("name") == row_name:
                consent[part] = {l: r.get(f"label::{lang_header(l)}") for l in langs if r.get(f"label::{lang_header(l)}")}
    if not consent["guardian"]:  # a form with no guardian text: the purpose stands for it
        consent["guardian"] = dict(consent["purpose"])
    form_text, extra_settings = {}, {}
    if PERTHYN_SHEET in wb.sheetnames:
        ehead, erows = _sheet_rows(wb[PERTHYN_SHEET])
        for r in erows:
            kind, rid = str(r.get("kind") or ""), str(r.get("id") or "")
            labels = {l: r.get(f"label::{lang_header(l)}") for l in langs if r.get(f"label::{lang_header(l)}")}
            if kind == "domain" and rid:
                domains[rid] = labels or domains.get(rid, {"en": rid, "cy": rid})
                if r.get("value") not in (None, ""):
                    domains[rid] = {**domains[rid], "reliability": {"value": float(r["value"]),
                                                                    "source": str(r.get("source") or "")}}
            elif kind == "profile" and rid:
                profiles[rid] = labels or profiles.get(rid, {"en": rid, "cy": rid})
            elif kind == "form_text" and rid:
                form_text[rid] = labels
            elif kind == "setting" and rid:
                extra_settings[rid] = r.get("value")
    settings = {}
    if "settings" in wb.sheetnames:
        sh, sr = _sheet_rows(wb["settings"])
        settings = sr[0] if sr else {}
    complete = [l for l in ("en", "cy") if l in langs]
    raw = {"id": str(extra_settings.get("id") or str(settings.get("form_id") or Path(name).stem).replace("_", "-")),
           "version": str(extra_settings.get("version") or settings.get("version") or "1"), "languages": langs,
           "complete_languages": complete, "domains": domains, "profiles": profiles, "scales": scales,
           "questions": questions, "consent": consent}
    if extra_settings.get("child_age_limit") not in (None, ""):
        raw["child_age_limit"] = int(extra_settings["child_age_limit"])
    if form_text:
        raw["form_text"] = form_text
    return raw, parse(raw, source=name, framework=framework)
