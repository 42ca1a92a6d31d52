"""Who counts as a migrant: a country of birth or nationality into its group, as at a date, for a host country."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from perthyn.errors import InputErrors, Problem
from perthyn.people.countries import Country
from perthyn.people.definitions import load_all


def as_date(on) -> dt.date:
    """None means today; accepts a date, a datetime or an ISO string (YYYY-MM-DD)."""
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(str(on))
    except ValueError:
        raise InputErrors(Problem(f"not a date: {on!r}", column="on", fix="Write the date as YYYY-MM-DD.")) from None


def check_host(host: str) -> str:
    hosts = load_all()[1].hosts
    if host not in hosts:
        raise InputErrors(Problem(f"unknown host {host!r}", column="host", fix=f"Use one of: {', '.join(hosts)}."))
    return host


@dataclass(frozen=True)
class Classification:
    country: Country
    group: str
    migrant: bool
    common_travel_area: bool
    on: dt.date
    host: str


def classify_detail(code, on=None, host: str = "uk") -> Classification:
    countries, groups, _ = load_all()
    host, day = check_host(host), as_date(on)
    country = countries.get(code)
    group = groups.group_on(country.state, day, host)
    return Classification(country, group, group != groups.hosts[host].host_group,
                          country.alpha2 in groups.common_travel_area, day, host)


def classify(code, on=None, host: str = "uk") -> str:
    """The group id (uk, eu14, eu8, eu2, eu_other, eea_efta, switzerland, third_country; ie for host Ireland).

    `on` is the reference date (default today); unknown codes raise InputErrors, never third_country.
    """
    return classify_detail(code, on, host).group


def is_migrant(code, host: str = "uk") -> bool:
    """Born (or a national) outside the host country."""
    countries, groups, _ = load_all()
    return countries.get(code).state != groups.hosts[check_host(host)].country
