"""The printable form: one PDF per language, at most two A4 sides, questions in the same order as on screen.

Each form carries a form reference (bank version, language, service profiles, audience). Staff type the
reference back into Perthyn to open the matching entry screen, so paper and screen never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .bank import RTL, Bank, Question

PROFILE_CODES = {"core": "C", "employment": "E", "housing": "H", "english": "L", "families": "F", "wellbeing": "W"}
REF_RE = re.compile(r"^PO(?P<version>[0-9.]+)-(?P<lang>[A-Z]{2}(?:-[A-Z]{2})?)-(?P<profiles>[A-Z]+)-(?P<audience>[AC])$")

# Fallback headings when a bank has no form_text (e.g. one imported from an XLSForm).
HEADINGS = {
    "title": {"en": "How are things for you?", "cy": "Sut mae pethau i chi?"},
    "intro": {"en": "Tick one box for each question. There are no right or wrong answers.",
              "cy": "Ticiwch un blwch ar gyfer pob cwestiwn. Does dim atebion cywir nac anghywir."},
    "person": {"en": "Person code (staff fill in)", "cy": "Cod y person (staff i'w lenwi)"},
    "date": {"en": "Date", "cy": "Dyddiad"},
    "reference": {"en": "Form reference", "cy": "Cyfeirnod y ffurflen"},
    "why": {"en": "Why we ask", "cy": "Pam rydym yn gofyn"},
    "consent": {"en": "Consent", "cy": "Caniatâd"},
}


@dataclass(frozen=True)
class FormRef:
    version: str
    lang: str
    profiles: tuple[str, ...]
    audience: str

    def __str__(self) -> str:
        codes = "".join(sorted(PROFILE_CODES[p] for p in set(self.profiles) | {"core"}))
        return f"PO{self.version}-{self.lang.upper()}-{codes}-{self.audience[0].upper()}"


def form_reference(bank: Bank, lang: str, profiles, audience: str = "adult") -> str:
    return str(FormRef(bank.version, lang, tuple(profiles or ()), audience))


def parse_reference(text: str) -> FormRef | None:
    """Read a typed form reference back (case and spaces forgiven); None when it is not one."""
    m = REF_RE.match(re.sub(r"\s+", "", text or "").upper())
    if not m:
        return None
    by_code = {v: k for k, v in PROFILE_CODES.items()}
    profiles = tuple(sorted(by_code[ch] for ch in m["profiles"] if ch in by_code and by_code[ch] != "core"))
    return FormRef(m["version"], m["lang"].lower(), profiles, "adult" if m["audience"] == "A" else "child")


def _heading(bank: Bank, key: str, lang: str) -> str:
    text = bank.form_text.get(key)
    if text is not None and text.values.get(lang):
        return text.get(lang)
    return HEADINGS[key].get(lang) or HEADINGS[key]["en"]


def form_html(bank: Bank, lang: str, profiles=None, audience: str = "adult") -> str:
    questions: tuple[Question, ...] = bank.select(profiles, audience)
    ref = form_reference(bank, lang, profiles, audience)
    direction = "rtl" if lang in RTL else "ltr"
    items = []
    for i, q in enumerate(questions, start=1):
        opts = "".join(
            f'<span class="opt"><span class="box"></span>{escape(o.label.get(lang))}</span>' for o in q.scale.options
        )
        why = q.why.get(lang)
        why_lang = q.why.lang_of(lang)
        items.append(
            f'<li><p class="q"><b>{i}.</b> {escape(q.text.get(lang))}</p><p class="opts">{opts}</p>'
            f'<p class="why" lang="{why_lang}" dir="{"rtl" if why_lang in RTL else "ltr"}">'
            f'{escape(_heading(bank, "why", why_lang))}: {escape(why)}</p></li>'
        )
    consent = bank.consent["guardian" if audience == "child" else "purpose"]
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">
<title>Perthyn {escape(ref)}</title><style>
@page {{ size: A4; margin: 11mm 12mm 12mm; @bottom-center {{ content: "{escape(ref)}  ·  " counter(page) "/" counter(pages); font-size: 8pt; }} }}
body {{ font-family: "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.25; }}
h1 {{ font-size: 13pt; margin: 0 0 2mm; }}
.meta {{ display: flex; gap: 4mm; border: 1px solid #000; padding: 1.5mm 2mm; margin-bottom: 2mm; }}
.meta span {{ flex: 1; }}
.consent {{ border: 1px solid #555; padding: 1.5mm 2mm; font-size: 8.5pt; margin-bottom: 2mm; }}
ol {{ list-style: none; padding: 0; margin: 0; }}
li {{ border-bottom: 0.5px solid #999; padding: 1.2mm 0; break-inside: avoid; }}
p {{ margin: 0; }}
.opts {{ margin-top: 0.8mm; }}
.opt {{ display: inline-block; margin-inline-end: 4mm; white-space: nowrap; }}
.box {{ display: inline-block; width: 3.2mm; height: 3.2mm; border: 1px solid #000; vertical-align: -0.6mm; margin-inline-end: 1.2mm; }}
.why {{ color: #333; font-size: 7.5pt; }}
</style></head><body>
<h1>{escape(_heading(bank, "title", lang))}</h1>
<p>{escape(_heading(bank, "intro", lang))}</p>
<div class="meta"><span>{escape(_heading(bank, "person", lang))}: ________</span><span>{escape(_heading(bank, "date", lang))}: ____/____/______</span>
<span>{escape(_heading(bank, "reference", lang))}: <b dir="ltr">{escape(ref)}</b></span></div>
<div class="consent"><b>{escape(_heading(bank, "consent", lang))}.</b> {escape(consent.get(lang))}
<span class="opt"><span class="box"></span>{escape(bank.consent["agree"].get(lang))}</span></div>
<ol>{"".join(items)}</ol></body></html>"""


def form_pdf(bank: Bank, lang: str, profiles=None, audience: str = "adult") -> bytes:
    from weasyprint import HTML

    return HTML(string=form_html(bank, lang, profiles, audience)).write_pdf()
