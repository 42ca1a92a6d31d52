"""Reads for the publish pages: profiles and the overview, cached per language (they change only with the data).

The indicator dashboard uses the synthetic estimates (labelled so) unless PERTHYN_PROFILE_ESTIMATES names the
output directory of `perthyn estimate framework` run on the user's own microdata (an environment variable, or a
Django setting of the same name); the profiles then show those estimates, labelled with their source.
"""

from __future__ import annotations

import os
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from perthyn.errors import InputErrors
from perthyn.publish import overview as overview_core
from perthyn.publish import profile as profile_core
from perthyn.publish.content import LANGS
from perthyn.publish.estimates import from_output, synthetic_default

ESTIMATES_SETTING = "PERTHYN_PROFILE_ESTIMATES"


def current_lang() -> str:
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in LANGS else "en"


def estimates_dir() -> str:
    """The configured estimate output directory ('' for the synthetic default): environment first, then settings."""
    return (os.environ.get(ESTIMATES_SETTING) or str(getattr(settings, ESTIMATES_SETTING, "") or "")).strip()


@lru_cache(maxsize=4)
def _own_estimates(directory: str):
    try:
        return from_output(directory)
    except InputErrors as exc:  # a wrong directory is the operator's to fix: never fall back to synthetic silently
        raise ImproperlyConfigured(f"{ESTIMATES_SETTING}={directory}: {exc}") from exc


def estimates():
    """The dashboard's estimates: the user's own when configured, else the synthetic default."""
    directory = estimates_dir()
    return _own_estimates(directory) if directory else synthetic_default()


@lru_cache(maxsize=128)
def _profile(code: str, lang: str, directory: str):
    return profile_core.build(code, lang, estimates=estimates())


def profile(code: str, lang: str):
    return _profile(code, lang, estimates_dir())


@lru_cache(maxsize=4)
def overview(lang: str):
    return overview_core.build(lang)


def document(code: str, lang: str):
    return overview(lang) if code == "overview" else profile(code, lang)


@lru_cache(maxsize=2)
def _bulk_zip(lang: str, directory: str) -> bytes:
    import io

    from perthyn.publish import areas, opendata
    from perthyn.publish.site import package_name

    docs = [profile(a.code, lang) for a in areas.wales()] + [overview(lang)]
    buffer = io.BytesIO()
    opendata.zip_packages(buffer, [(d.area.code.lower() if d.area.code != areas.WALES.code else "wales-overview",
                                    d.tables(), package_name(d), d.title, d.lang) for d in docs])
    return buffer.getvalue()


def bulk_zip(lang: str) -> bytes:
    """Every Welsh profile's tables and the overview's, as data packages in one zip. English authorities are
    left out here (over 300 of them: minutes of work for one request); their tables are on each profile page,
    and `perthyn publish opendata --areas all` writes them all."""
    return _bulk_zip(lang, estimates_dir())
