"""The question bank: YAML in, frozen objects out, every problem reported at once."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from perthyn.errors import Collector
from perthyn.text import LANGUAGE_NAMES_EN, Text, read_text
from perthyn.yamlfile import YamlDoc
from perthyn.yamlfile import load as load_yaml

BUNDLED = "question_bank.yaml"
DEFINITIONS = Path(__file__).resolve().parent.parent / "definitions" / "outcomes"
MAX_INDICATORS = 30
RTL = frozenset({"ar", "fa-af", "ps"})
LANGUAGE_NAMES = {
    "en": "English", "cy": "Cymraeg", "ar": "العربية", "fa-af": "دری", "ps": "پښتو",
    "pl": "Polski", "lt": "Lietuvių", "uk": "Українська",
}
# English names for XLSForm column headers (`label::English (en)`).
LANGUAGE_ENGLISH = LANGUAGE_NAMES_EN
AUDIENCES = ("adult", "child")


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    id: str
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    @property
    def max(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Reliability:
    """A domain's known reliability (e.g. test-retest or alpha from a published validation) and where it comes from."""

    value: float
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    indicator: str
    domain: str
    scale: Scale
    positive_from: int          # answers at or above this value count as a "positive" state (McNemar)
    profiles: tuple[str, ...]
    audience: str
    text: Text
    why: Text
    required: bool = True
    line: int | None = None

    def normalised(self, value: int) -> float:
        """Score on 0-10 so questions with different scales can be averaged within a domain."""
        return 10.0 * value / self.scale.max


@dataclass(frozen=True)
class Bank:
    id: str
    version: str
    languages: tuple[str, ...]
    complete_languages: tuple[str, ...]
    child_age_limit: int
    domains: dict
    profiles: dict
    scales: dict
    questions: tuple[Question, ...]
    consent: dict
    provenance: Text
    source_path: str = ""
    form_text: dict = field(default_factory=dict)  # headings of the printed form, as Text
    # known reliability per domain, declared in the YAML: domain -> Reliability (used before Cronbach's alpha)
    reliability: dict = field(default_factory=dict)
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    def select(self, profiles=None, audience: str = "adult") -> tuple[Question, ...]:
        """Questions shown for the chosen service profiles ("core" always) and audience, in bank order.

        Children get every children's question whatever the services: the children's module is one short set.
        """
        if audience == "child":
            return tuple(q for q in self.questions if q.audience == "child")
        chosen = set(self.profiles if profiles is None else profiles) | {"core"}
        return tuple(q for q in self.questions if q.audience == audience and chosen & set(q.profiles))

    def domain_label(self, domain: str, lang: str = "en") -> str:
        return Text.of(self.domains.get(domain)).get(lang) or domain


QUESTION_KEYS = {"id", "indicator", "domain", "scale", "positive_from", "profiles", "audience", "text", "why", "required"}


def parse(raw: dict | YamlDoc, *, source: str = "<question bank>", framework=None) -> Bank:
    """Validate a loaded question bank (as read by `read`, or a plain dict) and build the frozen Bank."""
    doc = raw if isinstance(raw, YamlDoc) else YamlDoc(source, raw)
    raw = doc.data

    def at(*path):
        return doc.line(path) if doc.lines else None

    def text(value, column, line, langs, what):
        return read_text(value, c, column, line=line, langs=langs, others=True, what=what) or Text()

    c = Collector(file=source)
    langs = tuple(raw.get("languages") or ())
    complete = tuple(raw.get("complete_languages") or ("en", "cy"))
    if "en" not in langs or "cy" not in langs:
        c.add("languages must include en and cy", line=at("languages"), column="languages", fix="add en and cy")
    domains = raw.get("domains") or {}
    profiles = raw.get("profiles") or {}
    reliability = {}
    for k, v in list(domains.items()):
        if isinstance(v, dict) and "reliability" in v:
            v = dict(v)
            rel = v.pop("reliability")
            domains = {**domains, k: v}
            got = _reliability(rel, c, f"domains.{k}.reliability", at("domains", k, "reliability"))
            if got is not None:
                reliability[k] = got
    for key, table in (("domains", domains), ("profiles", profiles)):
        for k, v in table.items():
            text(v, f"{key}.{k}", None, complete, "label")

    scales = {}
    for sid, s in (raw.get("scales") or {}).items():
        opts = []
        seen = set()
        for i, o in enumerate(s.get("options") or []):
            where = dict(line=at("scales", sid, "options", i), column=f"scales.{sid}.options[{i}]")
            v = o.get("value")
            if not isinstance(v, int) or v < 0:
                c.add("option value must be a whole number 0 or more", fix="use 0, 1, 2, ...", **where)
                continue
            if v in seen:
                c.add(f"value {v} used twice in scale {sid}", fix="give each option its own value", **where)
            seen.add(v)
            opts.append(Option(v, text(o.get("label"), f"{where['column']}.label", where["line"], langs, "answer label")))
        if len(opts) < 2:
            c.add(f"scale {sid} needs at least two options", line=at("scales", sid), column=f"scales.{sid}",
                  fix="add answer options")
        scales[sid] = Scale(sid, tuple(opts))

    known_indicators = None
    if framework is not None:
        known_indicators = {ind.id: ind for ind in framework.indicators}

    questions, ids, indicators = [], set(), set()
    for i, q in enumerate(raw.get("questions") or []):
        line = at("questions", i)
        path = f"questions[{i}]"
        unknown = set(q) - QUESTION_KEYS
        for k in sorted(unknown):
            c.add(f"unknown key '{k}'", line=line, column=f"{path}.{k}", fix=f"use one of {', '.join(sorted(QUESTION_KEYS))}")
        qid = q.get("id")
        if not qid or not str(qid).replace("_", "").isalnum() or not str(qid)[0].isalpha():
            c.add("question id must start with a letter and use letters, digits and _", line=line,
                  column=f"{path}.id", fix="e.g. feel_safe")
            continue
        if qid in ids:
            c.add(f"question id '{qid}' is used twice", line=line, column=f"{path}.id", fix="make ids unique")
        ids.add(qid)
        indicator = q.get("indicator")
        if not indicator:
            c.add("question is not tied to a framework indicator", line=line, column=f"{path}.indicator",
                  fix="add indicator: <framework indicator id>")
        elif known_indicators is not None and indicator not in known_indicators:
            c.add(f"indicator '{indicator}' is not in the framework", line=line, column=f"{path}.indicator",
                  fix="use an id listed by `perthyn framework list`")
        elif known_indicators is not None and known_indicators[indicator].domain != q.get("domain"):
            c.add(f"domain '{q.get('domain')}' differs from the framework's '{known_indicators[indicator].domain}' "
                  f"for {indicator}", line=line, column=f"{path}.domain", fix="use the framework indicator's domain")
        indicators.add(indicator)
        domain = q.get("domain")
        if domain not in domains:
            c.add(f"domain '{domain}' is not declared", line=line, column=f"{path}.domain",
                  fix=f"use one of {', '.join(domains)}")
        scale = scales.get(q.get("scale"))
        if scale is None:
            c.add(f"scale '{q.get('scale')}' is not declared", line=line, column=f"{path}.scale",
                  fix=f"use one of {', '.join(scales)}")
            continue
        pos = q.get("positive_from", scale.max)
        if pos not in scale.values or pos == min(scale.values):
            c.add(f"positive_from {pos} must be an option value above the lowest", line=line,
                  column=f"{path}.positive_from", fix=f"use one of {scale.values[1:]}")
        qprofiles = tuple(q.get("profiles") or ("core",))
        for p in qprofiles:
            if p not in profiles:
                c.add(f"profile '{p}' is not declared", line=line, column=f"{path}.profiles",
                      fix=f"use one of {', '.join(profiles)}")
        audience = q.get("audience", "adult")
        if audience not in AUDIENCES:
            c.add(f"audience '{audience}' is not known", line=line, column=f"{path}.audience", fix="use adult or child")
        question_text = text(q.get("text"), f"{path}.text", line, langs, "question text")
        why = text(q.get("why"), f"{path}.why", line, complete, "'why we ask this' text")
        questions.append(Question(
            id=qid, indicator=indicator or "", domain=domain, scale=scale, positive_from=pos, profiles=qprofiles,
            audience=audience, text=question_text, why=why, required=bool(q.get("required", True)), line=line,
        ))
    if len(indicators) > MAX_INDICATORS:
        c.add(f"{len(indicators)} indicators; the bank may hold at most {MAX_INDICATORS}", column="questions",
              fix="keep the questionnaire short: remove or merge questions")
    if not questions:
        c.add("the bank has no questions", column="questions", fix="add at least one question")
    consent = raw.get("consent") or {}
    for part in ("purpose", "guardian", "agree"):
        text(consent.get(part), f"consent.{part}", None, langs, f"consent {part} text")
    c.raise_if_any(f"question bank {source} is not valid")
    return Bank(
        id=str(raw.get("id", "bank")), version=str(raw.get("version", "1")), languages=langs,
        complete_languages=complete, child_age_limit=int(raw.get("child_age_limit", 16)), domains=domains,
        profiles=profiles, scales=scales, questions=tuple(questions),
        consent={k: Text.of(v) for k, v in consent.items()}, provenance=Text.of(raw.get("provenance")),
        source_path=source, _by_id={q.id: q for q in questions},
        form_text={k: Text.of(v) for k, v in (raw.get("form_text") or {}).items()}, reliability=reliability,
    )


def _reliability(rel, c: Collector, column: str, line: int | None) -> Reliability | None:
    """`reliability: {value: 0.8, source: "where the figure comes from"}` under a domain."""
    fix = 'write reliability: {value: 0.8, source: "the study or manual the figure comes from"}'
    if not isinstance(rel, dict):
        c.add("reliability must give a value and a source", line=line, column=column, fix=fix)
        return None
    unknown = sorted(set(rel) - {"value", "source"})
    if unknown:
        c.add(f"unknown keys {unknown} in reliability", line=line, column=column, fix=fix)
    value, source = rel.get("value"), rel.get("source")
    ok = True
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        c.add(f"reliability value {value!r} must be a number between 0 and 1", line=line, column=f"{column}.value",
              fix="give the reliability coefficient, e.g. 0.8")
        ok = False
    if not isinstance(source, str) or not source.strip():
        c.add("reliability needs a source note", line=line, column=f"{column}.source",
              fix="say where the figure comes from, so readers can judge it")
        ok = False
    return Reliability(float(value), source.strip()) if ok and not unknown else None


def read(path: str | Path | None = None) -> YamlDoc:
    """Read a bank file (or the bundled one) keeping line numbers; bad YAML raises InputErrors."""
    return load_yaml(DEFINITIONS / BUNDLED if path is None else Path(path))


def _framework():
    """The framework to check indicator links against, or None while it cannot be loaded."""
    try:
        from perthyn import framework

        return framework.load()
    except Exception:  # noqa: BLE001 - a framework still being written must not stop the questionnaire
        return None


def load_file(path: str | Path, *, check_framework: bool = False) -> Bank:
    return parse(read(path), source=str(path), framework=_framework() if check_framework else None)


@functools.lru_cache(maxsize=1)
def load() -> Bank:
    """The bundled question bank (cached). Its framework links are checked by `check_links`."""
    return parse(read(None), source=f"definitions/outcomes/{BUNDLED}")


def check_links(path: str | Path | None = None, framework=None) -> None:
    """Check every question's indicator id and domain against the framework; raises InputErrors."""
    framework = framework or _framework()
    if framework is None:
        raise RuntimeError("the indicator framework could not be loaded (perthyn.framework.load())")
    parse(read(path), source=str(path or f"definitions/outcomes/{BUNDLED}"), framework=framework)


def dump(bank_raw: dict | YamlDoc) -> str:
    data = bank_raw.data if isinstance(bank_raw, YamlDoc) else bank_raw
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
