"""Text held in YAML definitions in several languages: English and Welsh always, others where a definition has them.

One frozen type for every definition (framework, people, outcomes, funding, index) and one reader from a YAML node
that reports what is missing through a Collector, naming file, line and key path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from perthyn.errors import Collector

LANGUAGE_NAMES_EN = {"en": "English", "cy": "Welsh", "ar": "Arabic", "fa-af": "Dari", "ps": "Pashto",
                     "pl": "Polish", "lt": "Lithuanian", "uk": "Ukrainian"}


@dataclass(frozen=True)
class Text:
    """A string in English, Welsh and optionally other languages. ``str()`` gives English."""

    en: str = ""
    cy: str = ""
    more: tuple[tuple[str, str], ...] = ()   # other languages as (code, text), e.g. (("ar", "..."),)

    @classmethod
    def of(cls, values: Mapping | None) -> Text:
        """From a mapping of language code to text (as read from YAML); keeps every language given."""
        values = dict(values or {})
        return cls(values.pop("en", "") or "", values.pop("cy", "") or "",
                   tuple((str(k), v) for k, v in values.items() if v is not None))

    @property
    def values(self) -> dict:
        """Every language that has text, code -> text."""
        return {k: v for k, v in (("en", self.en), ("cy", self.cy), *self.more) if v}

    def lang_of(self, lang: str | None, fallback: str = "en") -> str:
        """The language `get(lang)` answers in: `lang` (or its primary subtag, cy-GB -> cy) when there is text."""
        values = self.values
        code = (lang or fallback).lower()
        for candidate in (code, code.split("-")[0]):
            if values.get(candidate):
                return candidate
        return fallback

    def get(self, lang: str | None, fallback: str = "en") -> str:
        """Text in `lang`, or in `fallback` (English) when there is none in that language."""
        return self.values.get(self.lang_of(lang, fallback), "")

    def __getitem__(self, lang: str) -> str:
        return self.get(lang)

    def __str__(self) -> str:
        return self.en


def read_text(value, problems: Collector, column: str, *, line: int | None | Callable[[str | None], int | None] = None,
              langs: tuple[str, ...] = ("en", "cy"), others: bool = False, what: str = "text",
              required: bool = True, strip: bool = False, fix: str | None = None, file: str | None = None,
              absent_at_node: bool = False) -> Text | None:
    """Check a YAML node holding text in `langs` (each non-empty) and build the Text; None when it is not usable.

    `column` is the key path of the node (a missing language adds `.<lang>`); `line` is its line, or a function of
    the language code (None for the node itself) giving the line to report. `others` allows further language keys
    (an unexpected key otherwise usually means unquoted text with a comma in it). `absent_at_node` reports a
    language key that is not there at the node's key path rather than at `<column>.<lang>`.
    """
    def add(message, lang, column, fix):
        where = {"file": file} if file is not None else {}   # else the Collector's own file
        problems.add(message, line=line(lang) if callable(line) else line, column=column, fix=fix, **where)

    names = [LANGUAGE_NAMES_EN.get(lang, lang) for lang in langs]
    names = " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    shape = "{" + ", ".join(f"{lang}: ..." for lang in langs) + "}"
    if value is None and not required:
        return None
    if not isinstance(value, Mapping):
        add(f"expected {names} {what} as {shape}" if value is not None else f"missing {names} {what}", None, column,
            fix or f"write it as {shape}")
        return None
    extra = [str(k) for k in value if k not in langs] if not others else []
    if extra:
        add(f"unexpected keys {sorted(extra)} in {names} {what}", None, column,
            "quote text that contains commas: " + shape.replace("...", '"..."'))
    good = not extra
    for lang in langs:
        v = value.get(lang)
        if not isinstance(v, str) or not v.strip():
            name = LANGUAGE_NAMES_EN.get(lang, lang)
            here = lang in value or not absent_at_node
            add(f"missing {name} {what} ('{lang}')", lang if lang in value else None, f"{column}.{lang}" if here else column,
                fix or f"add {lang}: with the {name} text")
            good = False
    if not good:
        return None
    clean = {k: (v.strip() if strip and isinstance(v, str) else v) for k, v in value.items()}
    return Text.of(clean)
