"""The index's charts: server-rendered accessible SVG from `perthyn.charts`, with translated text."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from perthyn.charts import Bar, Estimate, bar, dot_interval, ranked_bar


def _ok(v):
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def overall_chart(res, lang):
    bars = [Bar(r["name"], r["overall"], r["area_code"]) for r in res.ranking.to_dict("records")]
    return ranked_bar(bars, title=_("Overall score by local authority"),
                      desc=_("Overall index score (0 to 100) of each authority with a verified response, "
                             "highest first."), unit="", lang=lang, decimals=1, id="overall-scores")


def rank_chart(res, lang):
    rows = [Estimate(r["name"], _("Median rank"), r["median_rank"], r["rank_q05"], r["rank_q95"])
            for r in res.ranking.to_dict("records") if _ok(r.get("median_rank"))]
    return dot_interval(rows, title=_("Rank with its 5-95% uncertainty interval"),
                        desc=_("Median rank of each authority over Monte Carlo replications that vary the area "
                               "weights, the aggregation method and the treatment of missing area scores; the "
                               "line spans the 5th to the 95th percentile."),
                        unit="", lang=lang, decimals=0, id="rank-intervals", label_heading=_("Local authority"))


def scorecard_chart(row, areas, lang):
    name = row["name"]
    rows = []
    for a in areas:
        rows.append(Estimate(a["title"], name, a["score"] if _ok(a["score"]) else None))
        rows.append(Estimate(a["title"], _("Average of all authorities"), a["average"]))
    return dot_interval(rows, title=_("Area scores against the average"),
                        desc=_("Each area score (0 to 100) of %(name)s beside the average of all authorities.")
                        % {"name": name}, series=[name, _("Average of all authorities")], unit="", lang=lang,
                        decimals=1, id="scorecard-areas", domain=(0, 100), label_heading=_("Area"))


def distribution_chart(res, lang):
    counts = res.scores.distribution["overall"]
    bars = [Bar(band, float(n), band) for band, n in counts.items()]
    return bar(bars, title=_("Distribution of overall scores"),
               desc=_("Number of authorities whose overall score falls in each 10-point band."),
               unit="count", lang=lang, decimals=0, id="overall-distribution")
