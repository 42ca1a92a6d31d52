"""The few words the chart library writes itself (table headings, 'no data', rank notes), in English and Welsh.

Everything else on a chart (titles, descriptions, category labels) comes in already translated from the caller.
"""

from __future__ import annotations

WORDS = {
    "en": {
        "no_data": "No data",
        "category": "Category",
        "value": "Value",
        "estimate": "Estimate",
        "lower": "Lower 95% limit",
        "upper": "Upper 95% limit",
        "series": "Series",
        "rank": "Rank",
        "n": "Unweighted n",
        "period": "Period",
        "interval": "95% confidence interval",
        "table_caption": "Data for the chart: {title}",
        "rank_note": "{label} is ranked {rank} of {count}.",
        "highlighted": "(highlighted)",
        "total": "Total",
    },
    "cy": {
        "no_data": "Dim data",
        "category": "Categori",
        "value": "Gwerth",
        "estimate": "Amcangyfrif",
        "lower": "Terfyn isaf 95%",
        "upper": "Terfyn uchaf 95%",
        "series": "Cyfres",
        "rank": "Safle",
        "n": "n heb ei bwysoli",
        "period": "Cyfnod",
        "interval": "Cyfwng hyder 95%",
        "table_caption": "Data'r siart: {title}",
        "rank_note": "Mae {label} yn safle {rank} o {count}.",
        "highlighted": "(wedi'i amlygu)",
        "total": "Cyfanswm",
    },
}


def word(key: str, lang: str, **kwargs) -> str:
    table = WORDS.get(lang, WORDS["en"])
    return table.get(key, WORDS["en"][key]).format(**kwargs)
