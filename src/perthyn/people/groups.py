"""Migrant groups and the dates each country joined (groups.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from perthyn.errors import Collector
from perthyn.people.definitions import as_date, label, read_yaml
from perthyn.text import Text

THIRD_COUNTRY = "third_country"


@dataclass(frozen=True)
class Membership:
    group: str
    country: str            # alpha-2 of the state
    since: dt.date | None   # None: always
    until: dt.date | None   # inclusive last day; None: still a member

    def applies(self, on: dt.date) -> bool:
        return (self.since is None or on >= self.since) and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class Group:
    id: str
    label: Text
    short: Text
    description: Text
    members: tuple[Membership, ...]
    host_only: str | None = None


@dataclass(frozen=True)
class Host:
    id: str
    country: str
    host_group: str
    label: Text
    extra: tuple[Membership, ...]


class Groups:
    def __init__(self, groups, hosts, cta, source):
        self.groups = tuple(groups)
        self.by_id = {g.id: g for g in groups}
        self.hosts = hosts
        self.common_travel_area = frozenset(cta)
        self.source = source

    def ids(self, host: str | None = None) -> tuple[str, ...]:
        """Group ids in display order; with a host, only that host's own host group is kept."""
        return tuple(g.id for g in self.groups if host is None or g.host_only in (None, host))

    def memberships(self, host: str) -> tuple[Membership, ...]:
        h = self.hosts[host]
        own = [m for g in self.groups for m in g.members if m.country != h.country]
        return tuple(own) + h.extra

    def group_on(self, state: str, on: dt.date, host: str) -> str:
        h = self.hosts[host]
        if state == h.country:
            return h.host_group
        for m in self.memberships(host):
            if m.country == state and m.applies(on):
                return m.group
        return THIRD_COUNTRY


def _members(raw, group_id, where, problems, countries, doc) -> list[Membership]:
    out = []
    if raw is None:
        return out
    if not isinstance(raw, dict):
        problems.add("members must map country codes to {since, until}", line=doc.line_at(where), column=where)
        return out
    for code, span in raw.items():
        col = f"{where}.{code}"
        if code not in countries.by_alpha2:
            problems.add(f"unknown country code {code!r}", line=doc.line_at(col), column=col,
                         fix="Use an alpha-2 code listed in countries.yaml (quoted).")
            continue
        span = span or {}
        since = as_date(span.get("since"), problems, doc.line_at(col), f"{col}.since")
        until = as_date(span.get("until"), problems, doc.line_at(col), f"{col}.until")
        if since and until and until < since:
            problems.add("`until` is before `since`", line=doc.line_at(col), column=col)
        out.append(Membership(group_id, code, since, until))
    return out


def load_groups(path: Path, countries) -> Groups:
    problems = Collector(file=str(path))
    doc = read_yaml(path, problems)
    data = doc.data or {}
    groups, ids = [], set()
    for i, raw in enumerate(data.get("groups") or []):
        where = f"groups[{i}]"
        gid = raw.get("id")
        if not isinstance(gid, str) or not gid:
            problems.add("missing group id", line=doc.line_at(where), column=f"{where}.id")
            continue
        if gid in ids:
            problems.add(f"duplicate group id {gid!r}", line=doc.line_at(where), column=f"{where}.id")
        ids.add(gid)
        groups.append(Group(
            gid, label(raw, "label", problems, where, doc), label(raw, "short", problems, where, doc),
            label(raw, "description", problems, where, doc),
            tuple(_members(raw.get("members"), gid, f"{where}.members", problems, countries, doc)),
            raw.get("host_only")))
    if THIRD_COUNTRY not in ids:
        problems.add("the `third_country` group is missing", column="groups", fix="Add a group with id third_country.")
    hosts = {}
    for hid, raw in (data.get("hosts") or {}).items():
        where = f"hosts.{hid}"
        country, hg = raw.get("country"), raw.get("host_group")
        if country not in countries.by_alpha2:
            problems.add(f"unknown host country {country!r}", line=doc.line_at(where), column=f"{where}.country")
        if hg not in ids:
            problems.add(f"host_group {hg!r} is not a group", line=doc.line_at(where), column=f"{where}.host_group")
        extra = []
        for gid, members in (raw.get("extra_members") or {}).items():
            if gid not in ids:
                problems.add(f"unknown group {gid!r}", line=doc.line_at(where), column=f"{where}.extra_members.{gid}")
            extra += _members(members, gid, f"{where}.extra_members.{gid}", problems, countries, doc)
        hosts[hid] = Host(hid, country, hg, label(raw, "label", problems, where, doc), tuple(extra))
    if not hosts:
        problems.add("no hosts defined", column="hosts", fix="Add at least `hosts: {uk: ...}`.")
    cta = data.get("common_travel_area") or []
    for code in cta:
        if code not in countries.by_alpha2:
            problems.add(f"unknown country code {code!r}", column="common_travel_area")
    problems.raise_if_any(f"Group definitions in {path.name} are not valid")
    return Groups(groups, hosts, cta, path)
