"""Build a local migration profile for one area, in one language: plain data, ready for any renderer."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from perthyn.charts.numbers import locale

from . import areas
from .content import LANGS, word
from .estimates import Estimates, synthetic_default
from .model import Profile
from .sections import aps, census, comparison, dashboard, gaps
from .sections.context import Ctx

_DEFAULT = object()


def build(code: str, lang: str = "en", *, estimates: Estimates | None = _DEFAULT, today: dt.date | None = None) -> Profile:
    """The profile of area `code` (a GSS code). Unknown codes raise InputErrors listing the valid ones.

    estimates: indicator estimates for the dashboard; by default the synthetic ones (labelled as such).
    """
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}")
    area = areas.get(code)
    ctx = Ctx(area, lang)
    if estimates is _DEFAULT:
        estimates = synthetic_default()
    board = dashboard.dashboard(ctx, estimates)
    sections = (
        comparison.comparison(ctx),  # the headline measures first: concise, with the rank among peers
        census.birth(ctx),
        aps.groups(ctx),
        census.passports(ctx),
        census.residence(ctx),
        census.language(ctx),
        census.moves(ctx),
        aps.trend(ctx),
        board,
        gaps.gaps(ctx),
        gaps.guidance(ctx),
    )
    generated = format_date(today or dt.date.today(), format="long", locale=locale(lang))
    return Profile(
        area=area,
        lang=lang,
        title=ctx.word("profile_title"),
        lead=ctx.word("profile_lead"),
        sections=sections,
        generated=generated,
        # labelled synthetic only when synthetic figures are shown (not over a dashboard that is a marked gap)
        synthetic=bool(estimates and estimates.synthetic and board.figures),
    )
