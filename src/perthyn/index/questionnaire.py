"""The questionnaire as data: load and check a bilingual YAML questionnaire into frozen objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from perthyn.errors import Collector
from perthyn.text import Text, read_text

SPECIALS = ("not_applicable", "dont_know")
TREATMENTS = ("zero", "exclude")
TOP_KEYS = {"id", "version", "title", "provenance", "scales", "special_answers", "treatment", "sections",
            "cross_cutting", "self_assessment", "consistency"}
QUESTION_KEYS = {"id", "text", "scale", "weight", "tags", "allow", "evidence", "help"}


@dataclass(frozen=True)
class Option:
    id: str
    score: float
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    text: Text
    options: tuple
    weight: float
    tags: tuple
    allow: tuple           # which of not_applicable / dont_know may be chosen
    evidence: tuple        # evidence fields offered: link, note

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    weight: float
    questions: tuple


@dataclass(frozen=True)
class SelfAssessment:
    id: str
    measure: str
    text: Text


@dataclass(frozen=True)
class Treatment:
    unanswered: str = "zero"
    not_applicable: str = "exclude"
    dont_know: str = "zero"
    min_answered: float = 0.5


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: Text
    provenance: str
    sections: tuple
    special_labels: dict
    treatment: Treatment
    cross_cutting: tuple       # (id, tag, Text)
    self_assessment: tuple
    self_scale: tuple          # (id, step, Text)
    consistency: dict
    source_path: str

    @property
    def questions(self) -> tuple:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def section(self, sid: str) -> Section | None:
        return next((s for s in self.sections if s.id == sid), None)


def _text(value, where: str, problems: Collector) -> Text:
    return read_text(value, problems, where) or Text()


def _options(raw, where: str, problems: Collector) -> tuple:
    out, seen = [], set()
    for i, o in enumerate(raw or []):
        w = f"{where}[{i}]"
        if not isinstance(o, dict) or "id" not in o:
            problems.add("an option needs an id, a score and a label", column=w)
            continue
        score = o.get("score")
        if not isinstance(score, (int, float)) or not 0 <= score <= 100:
            problems.add(f"score {score!r} must be a number from 0 to 100", column=f"{w}.score")
            score = 0
        if str(o["id"]) in seen or str(o["id"]) in SPECIALS:
            problems.add(f"option id '{o['id']}' repeats or is reserved", column=f"{w}.id")
        seen.add(str(o["id"]))
        out.append(Option(str(o["id"]), float(score), _text(o.get("label"), f"{w}.label", problems)))
    return tuple(out)


def load(path: str | Path | None = None) -> Questionnaire:
    """Load a questionnaire (the bundled default when no path is given), reporting every problem."""
    if path is None:
        path = resources.files("perthyn.definitions") / "index" / "lmii_default.yaml"
        return _load_cached(str(path))
    return _parse(Path(path))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Questionnaire:
    return _parse(Path(path))


def _parse(path: Path) -> Questionnaire:
    problems = Collector(file=str(path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(f"not valid YAML: {getattr(exc, 'problem', exc)}", line=mark.line + 1 if mark else None)
        problems.raise_if_any()
    for key in raw:
        if key not in TOP_KEYS:
            problems.add(f"unknown key '{key}'", column=key, fix=f"use one of {', '.join(sorted(TOP_KEYS))}")
    scales = {name: _options(opts, f"scales.{name}", problems) for name, opts in (raw.get("scales") or {}).items()}
    t = raw.get("treatment") or {}
    for key in ("unanswered", "not_applicable", "dont_know"):
        if key in t and t[key] not in TREATMENTS:
            problems.add(f"'{t[key]}' must be one of {', '.join(TREATMENTS)}", column=f"treatment.{key}")
    treatment = Treatment(**{k: t[k] for k in ("unanswered", "not_applicable", "dont_know", "min_answered") if k in t})
    sections, ids = [], set()
    for i, s in enumerate(raw.get("sections") or []):
        w = f"sections[{i}]"
        questions = []
        for j, q in enumerate(s.get("questions") or []):
            qw = f"{w}.questions[{j}]"
            for key in q:
                if key not in QUESTION_KEYS:
                    problems.add(f"unknown key '{key}'", column=f"{qw}.{key}",
                                 fix=f"use one of {', '.join(sorted(QUESTION_KEYS))}")
            qid = str(q.get("id", ""))
            if not qid or qid in ids:
                problems.add(f"question id '{qid}' is empty or repeats", column=f"{qw}.id")
            ids.add(qid)
            if "scale" in q and q["scale"] not in scales:
                problems.add(f"unknown scale '{q['scale']}'", column=f"{qw}.scale",
                             fix=f"use one of {', '.join(scales)}")
            options = scales.get(q.get("scale"), ())
            allow = tuple(q.get("allow") or ())
            for a in allow:
                if a not in SPECIALS:
                    problems.add(f"'{a}' is not a special answer", column=f"{qw}.allow",
                                 fix="use not_applicable and/or dont_know")
            weight = q.get("weight", 1)
            if not isinstance(weight, (int, float)) or weight < 0:
                problems.add(f"weight {weight!r} must be a number >= 0", column=f"{qw}.weight")
                weight = 1
            questions.append(Question(qid, str(s.get("id")), _text(q.get("text"), f"{qw}.text", problems), options,
                                      float(weight), tuple(q.get("tags") or ()), allow,
                                      tuple(q.get("evidence") or ("link", "note"))))
        sections.append(Section(str(s.get("id")), _text(s.get("title"), f"{w}.title", problems),
                                float(s.get("weight", 1)), tuple(questions)))
    sa = raw.get("self_assessment") or {}
    self_scale = tuple((str(o["id"]), int(o["step"]), _text(o.get("label"), f"self_assessment.scale[{k}]", problems))
                       for k, o in enumerate(sa.get("scale") or []))
    self_qs = tuple(SelfAssessment(str(q["id"]), str(q["measure"]),
                                   _text(q.get("text"), f"self_assessment.questions[{k}].text", problems))
                    for k, q in enumerate(sa.get("questions") or []))
    cross = tuple((str(c["id"]), str(c["tag"]), _text(c.get("title"), f"cross_cutting[{k}].title", problems))
                  for k, c in enumerate(raw.get("cross_cutting") or []))
    specials = {k: _text(v, f"special_answers.{k}", problems) for k, v in (raw.get("special_answers") or {}).items()}
    consistency = raw.get("consistency") or {"cuts": [0.5, 0.8, 1.25, 2.0], "tolerance": 0}
    cuts = consistency.get("cuts", [])
    if len(cuts) != 4 or list(cuts) != sorted(cuts):
        problems.add("consistency.cuts needs four increasing ratios", column="consistency.cuts")
    problems.raise_if_any(f"problems in questionnaire {path.name}")
    return Questionnaire(str(raw.get("id")), str(raw.get("version")), _text(raw.get("title"), "title", problems),
                         str(raw.get("provenance", "")), tuple(sections), specials, treatment, cross, self_qs,
                         self_scale, consistency, str(path))
