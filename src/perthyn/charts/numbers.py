"""Locale-aware numbers for chart labels and tables (Babel / CLDR), so Welsh, English and
right-to-left locales each get their own separators and percent sign placement."""

from __future__ import annotations

import math
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent

# Our two-letter UI languages mapped to the CLDR locale whose conventions the UK uses.
_REGION = {"en": "en_GB", "cy": "cy_GB"}


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(_REGION.get(lang, lang).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def is_rtl(lang: str) -> bool:
    return locale(lang).text_direction == "rtl"


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:  # pandas' NA / NaT (from nullable columns) without importing pandas
        return type(value).__name__ in ("NAType", "NaTType")


def number(value, lang: str = "en", decimals: int = 1) -> str:
    """A number with grouping and a fixed number of decimals; '' when missing."""
    if is_missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=locale(lang))


def percent(value, lang: str = "en", decimals: int = 1) -> str:
    """A value already on the 0-100 scale, shown as a percentage."""
    if is_missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return format_percent(value / 100, format=pattern, locale=locale(lang))


# Units whose values are whole numbers shown bare: people counted, a rank (1 = highest), a number of indicators.
WHOLE_UNITS = ("count", "rank", "indicators")


def value(v, unit: str, lang: str = "en", decimals: int = 1) -> str:
    """Format by unit: '%' -> percent; 'count', 'rank', 'indicators' -> whole number; 'pp' -> percentage points;
    else number + unit."""
    if is_missing(v):
        return ""
    if unit == "%":
        return percent(v, lang, decimals)
    if unit in WHOLE_UNITS:
        return number(v, lang, 0)
    if unit == "pp":
        sign = "+" if v > 0 else ""
        return f"{sign}{number(v, lang, decimals)} pp"
    text = number(v, lang, decimals)
    return f"{text} {unit}".strip() if unit else text
