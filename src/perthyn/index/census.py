"""Census shares of migrants by local authority, from the bundled real data (`perthyn.data`).

Wales: Census 2021, usual residents born outside the UK (TS004). The bundled tables do not split
country of birth into EU / non-EU for Welsh authorities, so only the `migrants` measure is
available there. Ireland: Census 2016, non-Irish nationals (SAPS T2_1), with EU nationals
(UK, Polish, Lithuanian, other EU28 in 2016) and non-EU nationals (rest of world).
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["area_code", "name", "measure", "count", "population", "share", "national_share", "source", "period"]


def _rows(frame, name_col, pop_col, measures, prov) -> pd.DataFrame:
    out = []
    for measure, count_col in measures.items():
        counts = frame[count_col] if isinstance(count_col, str) else frame[list(count_col)].sum(axis=1)
        national = 100 * counts.sum() / frame[pop_col].sum()
        out.append(pd.DataFrame({"area_code": frame["area_code"], "name": frame[name_col], "measure": measure,
                                 "count": counts, "population": frame[pop_col],
                                 "share": 100 * counts / frame[pop_col], "national_share": national,
                                 "source": prov.get("source", ""), "period": prov.get("period", "")}))
    return pd.concat(out, ignore_index=True)[COLUMNS]


def wales() -> pd.DataFrame:
    from perthyn.data import census2021_wales

    frame = census2021_wales()
    return _rows(frame, "name_en", "usual_residents", {"migrants": "born_outside_uk"},
                 frame.attrs.get("provenance", {}))


def ireland() -> pd.DataFrame:
    from perthyn.data import ireland_las

    frame = ireland_las()
    measures = {"migrants": "non_irish_nationals",
                "eu_migrants": ("uk_nationals", "polish_nationals", "lithuanian_nationals", "other_eu_nationals"),
                "non_eu_migrants": "rest_of_world_nationals"}
    return _rows(frame, "name", "usual_residents_present", measures, frame.attrs.get("provenance", {}))


def census_shares(country: str = "wales") -> pd.DataFrame:
    return {"wales": wales, "ireland": ireland}[country]()
