"""The profile's words and source notes, read from content.yaml (English and Welsh)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

LANGS = ("en", "cy")


@lru_cache(maxsize=1)
def content() -> dict:
    with resources.files("perthyn.publish").joinpath("content.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def pick(text: dict | str, lang: str) -> str:
    if isinstance(text, str):
        return text
    return text.get(lang) or text["en"]


def word(key: str, lang: str, **kwargs) -> str:
    return pick(content()["words"][key], lang).format(**kwargs)


def section_text(section: str, key: str, lang: str, **kwargs) -> str:
    return pick(content()["sections"][section][key], lang).format(**kwargs)


def topic(topic_id: str) -> dict:
    return content()["topics"][topic_id]


def status_label(status: str, lang: str) -> str:
    return pick(content()["statuses"].get(status, {"en": status}), lang)
