"""Reads for the publish pages: profiles and the overview, cached per language (they change only with the data)."""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation

from perthyn.publish import overview as overview_core
from perthyn.publish import profile as profile_core
from perthyn.publish.content import LANGS


def current_lang() -> str:
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in LANGS else "en"


@lru_cache(maxsize=128)
def profile(code: str, lang: str):
    return profile_core.build(code, lang)


@lru_cache(maxsize=4)
def overview(lang: str):
    return overview_core.build(lang)


def document(code: str, lang: str):
    return overview(lang) if code == "overview" else profile(code, lang)


@lru_cache(maxsize=2)
def bulk_zip(lang: str) -> bytes:
    """Every Welsh profile's tables and the overview's, as data packages in one zip."""
    import io

    from perthyn.publish import areas, opendata
    from perthyn.publish.site import package_name

    docs = [profile(a.code, lang) for a in areas.wales()] + [overview(lang)]
    buffer = io.BytesIO()
    opendata.zip_packages(buffer, [(d.area.code.lower() if d.area.code != areas.WALES.code else "wales-overview",
                                    d.tables(), package_name(d), d.title, d.lang) for d in docs])
    return buffer.getvalue()
