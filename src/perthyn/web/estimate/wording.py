"""The engine's and the gate's English wording, shown in the reader's language.

The core (perthyn.estimate, perthyn.disclosure) writes plain English into its CSV and manifest, where
the text is data. On the page each such string is recognised by its fixed pattern and shown through
gettext, so the Welsh catalogue covers it; anything unrecognised is shown as it is rather than lost.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _, gettext_lazy, gettext_noop

from perthyn.estimate import intervals

FLAGS = {
    intervals.FLAG_EMPTY: gettext_lazy("empty domain: no one with a value"),
    intervals.FLAG_FEW_PSUS: gettext_lazy("fewer than 2 sampled clusters in this group: no confidence interval"),
    intervals.FLAG_NO_VARIANCE: gettext_lazy("no variance: no stratum has more than one sampled cluster"),
}
# ONS status codes carried by the Annual Population Survey tables (perthyn.data.aps_country_of_birth)
STATUS = {
    "rounds_to_0": gettext_lazy("rounds to 0"),
    "confidential": gettext_lazy("confidential"),
    "no_contacts": gettext_lazy("no survey contacts"),
    "unreliable": gettext_lazy("estimate not reliable"),
}
COLUMNS = {
    "migrant": gettext_lazy("migrant status"), "migrant_group": gettext_lazy("migrant group"),
    "residence_band": gettext_lazy("years since arrival"), "age_group": gettext_lazy("age group"),
    "sex": gettext_lazy("sex"), "area_code": gettext_lazy("local authority"),
}
SOURCE_NAMES = {"synthetic": gettext_lazy("Synthetic data (perthyn synth)"), "census2021": gettext_lazy("Census 2021"),
                "aps": gettext_lazy("Annual Population Survey")}
# publication titles as the bundled data's provenance gives them (marked here for the catalogue)
TITLES = (
    gettext_noop("ONS, Census 2021, percentages by local authority district, England and Wales (by topic)"),
    gettext_noop("ONS, Annual Population Survey: Population of the UK by country of birth and nationality"),
)

_PATTERNS = [
    (re.compile(r"^(\w+) below the threshold of (\d+)$"),
     lambda m, cell: _("fewer than %(threshold)s people (unweighted count)") % {"threshold": m[2]}),
    (re.compile(r"^perturbed count below the threshold of (\d+)$"),
     lambda m, cell: _("perturbed count below %(threshold)s") % {"threshold": m[1]}),
    (re.compile(r"^no unweighted count \((\w+)\) to check against the threshold$"),
     lambda m, cell: _("no unweighted count to check against the threshold")),
    (re.compile(r"^hidden so that (.+) cannot be worked out from totals$"),
     lambda m, cell: _("hidden so that a small group (%(group)s) cannot be worked out from the totals")
     % {"group": cell(m[1])}),
    (re.compile(r"^hidden because one of the two groups compared is hidden$"),
     lambda m, cell: _("hidden because one of the two groups compared is hidden")),
    (re.compile(r"^no compute rule in the framework \(needs new data or a definition\)$"),
     lambda m, cell: _("no compute rule in the framework (needs new data or a definition)")),
    (re.compile(r"^column\(s\) missing from the data: (.+)$"),
     lambda m, cell: _("column(s) missing from the data: %(columns)s") % {"columns": m[1]}),
    (re.compile(r"^compute kind (\w+) not supported$"),
     lambda m, cell: _("compute kind %(kind)s not supported") % {"kind": m[1]}),
    (re.compile(r"^not requested$"), lambda m, cell: _("not requested")),
    (re.compile(r"^withheld by the publisher \(ONS: (\w+)\)$"),
     lambda m, cell: _("withheld by the publisher (ONS: %(status)s)") % {"status": status(m[1])}),
]


def status(code: str) -> str:
    return str(STATUS.get(code, code))


def flag(text: str) -> str:
    return str(FLAGS.get(text, text)) if text else ""


def reason(text: str, value_label=lambda col, v: v) -> str:
    """A gate or run reason in the active language; value_label(col, value) names a cell's value."""
    if not text:
        return ""
    head, sep, warning = text.partition("; WARNING: ")

    def cell(pairs: str) -> str:
        out = []
        for pair in pairs.split(", "):
            col, _eq, v = pair.partition("=")
            out.append(f"{COLUMNS.get(col, col)} {value_label(col, v)}" if _eq else pair)
        return ", ".join(out)

    for pattern, render in _PATTERNS:
        m = pattern.match(head)
        if m:
            shown = render(m, cell)
            if sep:
                shown += "; " + _("warning: still derivable from an external total")
            return shown
    return text


def source(text: str) -> str:
    """'census2021: ONS, Census 2021, ...' -> the source's name and the publication title, translated."""
    key, sep, title = str(text).partition(": ")
    name = str(SOURCE_NAMES.get(key, key))
    return f"{name}: {_(title)}" if sep else name
