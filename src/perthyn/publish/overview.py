"""The Wales overview: the 22 local authorities ranked on the main Census 2021 measures.

It reuses the Profile shape (area = Wales), so the same templates, PDF and open data code serve it.
No map: no installed package ships local authority boundaries, and a ranked bar reads more exactly anyway.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from perthyn.charts import Bar, ranked_bar
from perthyn.charts.numbers import locale
from perthyn.charts.table import Column, Table

from . import areas, sources
from .content import pick, topic, word
from .model import Figure, Profile, PublishedTable, Section, SourceNote
from .sections.comparison import MEASURES, measure_label
from .sections.context import Ctx
from .sections.census import category_keys


def build(lang: str = "en", *, today: dt.date | None = None) -> Profile:
    wales = areas.wales()
    ctx = Ctx(areas.WALES, lang)
    sections, summary_cols, summary = [], [], {a.code: [a.name(lang)] for a in wales}
    for topic_id, i in MEASURES:
        frame = sources.census_shares(topic_id)
        if frame is None:
            continue
        label = measure_label(topic_id, i, lang)
        key = category_keys(topic_id)[i]
        values = {a.code: (float(frame.loc[a.code].iloc[i]) if a.code in frame.index else None) for a in wales}
        items = [Bar(a.name(lang), values[a.code], a.code) for a in wales]
        ranked = sorted((b for b in items if b.value is not None), key=lambda b: -b.value)
        national = frame.loc[areas.WALES.code].iloc[i] if areas.WALES.code in frame.index else None
        desc = " ".join([
            word("wales_value", lang, comp=areas.WALES.name(lang), value=ctx.pct(national)),
            word("highest_lowest", lang, top=ranked[0].label, top_value=ctx.pct(ranked[0].value),
                 bottom=ranked[-1].label, bottom_value=ctx.pct(ranked[-1].value)),
        ])
        t = topic(topic_id)
        unit_note = word("unit_percent", lang, universe=pick(t["universe"], lang))
        note = SourceNote("census2021", table=t["table"])
        table_id = f"wales-{key.replace('_', '-')}"
        chart = ranked_bar(items, title=label, desc=desc, lang=lang, id=table_id,
                           label_heading=word("local_authority", lang), value_key=key, notes=(unit_note,))
        sections.append(Section(table_id, label, desc,
                                (Figure(chart, PublishedTable(table_id, label, chart.table, (note,), unit_note)),),
                                sources=(note,)))
        summary_cols.append(Column(key, label, unit="%"))
        for a in wales:
            summary[a.code].append(values[a.code])
    title = word("overview_title", lang)
    table = Table(title, (Column("local_authority", word("local_authority", lang)), *summary_cols),
                  tuple(tuple(v) for v in summary.values()), lang)
    notes = tuple(dict.fromkeys(n for s in sections for n in s.sources))
    summary_section = Section("wales-summary", title, word("overview_lead", lang),
                              tables=(PublishedTable("wales-summary", title, table, notes),), sources=notes)
    generated = format_date(today or dt.date.today(), format="long", locale=locale(lang))
    return Profile(areas.WALES, lang, title, word("overview_lead", lang), (summary_section, *sections), generated)
