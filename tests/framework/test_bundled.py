"""The bundled framework: what the issue and the seeds require is there, and nothing more than allowed."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from perthyn import framework
from perthyn.framework import bundled_path

# Seed 001's indicators in its own words (issue 2, must-show item 4), in its order.
SEED_001 = [
    "employment suitability", "job security and earnings", "income poverty", "job satisfaction and financial insecurity",
    "overcrowding and tenancy security", "homelessness", "housing satisfaction", "health and well-being",
    "gp registration", "healthy behaviours and mental well-being", "social care satisfaction",
    "belonging and community cohesion", "cultural participation and volunteering", "diverse friendships",
    "language skills", "gcse attainment", "internet usage", "tertiary education and qualifications",
    "criminal justice fairness, safety and hate crime", "local area satisfaction", "voter registration",
    "advice service use and rights knowledge",
]
WALES_DOMAINS = ["Work", "Housing", "Health and social care", "Social connections", "Education and skills",
                 "Safety and stability", "Rights and responsibilities"]
HOME_OFFICE = {
    "Markers and means": {"Work", "Education", "Housing", "Health and social care", "Leisure"},
    "Social connections": {"Social bonds", "Social bridges", "Social links"},
    "Facilitators": {"Language and communication", "Culture", "Digital skills", "Safety", "Stability"},
    "Foundation": {"Rights and responsibilities"},
}
WELLBEING_CITED = {3, 5, 10, 17, 18, 19, 21, 22, 24, 25, 26, 27, 29}


@pytest.fixture(scope="module")
def fw():
    return framework.load()


def test_load_is_cached_and_fast(fw):
    assert framework.load() is fw


def test_seven_wales_domains_in_order(fw):
    assert [d.label.en for d in fw.domains("wales_mif")] == WALES_DOMAINS
    assert all(d.label.cy and d.label.cy != d.label.en for d in fw.domains("wales_mif"))


def test_counts_per_domain_match_the_files(fw, raw_indicators):
    expected = Counter(i["domain"] for i in raw_indicators)
    got = Counter(i.domain for i in fw.indicators)
    assert got == expected
    assert set(got) == {d.id for d in fw.domains("wales_mif")}  # every domain has indicators
    assert len(fw.indicators) == len(raw_indicators)


def test_every_seed_001_indicator_is_present(fw):
    items = {p.label.en.lower(): p.id for p in fw.progress_items}
    assert list(items) == SEED_001
    covered = {i.progress_item for i in fw.indicators}
    missing = [name for name, pid in items.items() if pid not in covered]
    assert not missing


def test_core_set_is_short_and_spans_the_domains(fw):
    core = fw.core
    assert 0 < len(core) <= 30
    assert {i.domain for i in core} == {d.id for d in fw.domains("wales_mif")}


def test_home_office_scheme_has_14_domains_in_4_groups(fw):
    scheme = fw.scheme("home_office_ioi")
    groups = {g.id: g.label.en for g in scheme.groups}
    got = {}
    for d in scheme.domains:
        got.setdefault(groups[d.group], set()).add(d.label.en)
    assert got == HOME_OFFICE
    assert len(scheme.domains) == 14


def test_every_indicator_maps_to_home_office(fw):
    ho = {d.id for d in fw.domains("home_office_ioi")}
    for i in fw.indicators:
        assert i.home_office and set(i.home_office) <= ho, i.id


def test_wellbeing_indicators_cited_in_seed_004(fw):
    numbers = {d.number for d in fw.domains("wellbeing_wales")}
    assert WELLBEING_CITED <= numbers
    mapped = {n for i in fw.indicators for n in i.wellbeing}
    assert WELLBEING_CITED <= mapped, WELLBEING_CITED - mapped


def test_extra_themes_have_indicators(fw):
    themes = Counter(t for i in fw.indicators for t in i.themes)
    for theme in ("meaningful_employment", "financial_inclusion", "childrens_experiences"):
        assert themes[theme] >= 1, theme
    assert "under-employment" in fw.theme("meaningful_employment").label.en


def test_financial_contribution_has_its_true_status(fw):
    inds = [i for i in fw.indicators if "financial_contribution" in i.themes]
    assert len(inds) == 2
    for i in inds:
        assert i.status == "no_data"
        assert [s.source for s in i.sources] == ["hmrc"]
        assert "smf_2019" in i.named_in
    assert fw.source("hmrc").publisher == "HM Revenue and Customs"


def test_new_datasets_wait_two_to_three_years(fw):
    for iid in ("homelessness", "social_care_satisfaction"):
        i = fw.indicator(iid)
        assert i.status == "in_development"
        assert (i.sources[0].expected_from, i.sources[0].expected_by) == (2027, 2028)


def test_sources_named_in_seed_001_exist(fw):
    labels = " ".join(s.label.en for s in fw.sources)
    for name in ("Census 2021", "Annual Population Survey", "National Survey for Wales", "Family Resources Survey",
                 "Understanding Society", "Crime Survey for England and Wales", "GP records", "Post-16",
                 "Electoral registers", "migrant flag", "HMRC"):
        assert name in labels, name


def test_status_and_flag_follow_the_sources(raw_indicators, fw):
    rank = ["available", "partial", "in_development", "no_data"]
    sources = {s["id"]: s for s in yaml.safe_load((bundled_path() / "sources.yaml").read_text())["sources"]}
    for raw in raw_indicators:
        ind = fw.indicator(raw["id"])
        assert ind.status == min((s["status"] for s in raw["sources"]), key=rank.index)
        flag = any(s.get("migrant_flag", sources[s["source"]]["migrant_flag"]) and s["status"] in rank[:2]
                   for s in raw["sources"])
        assert ind.migrant_flag == flag


def test_every_indicator_is_complete_and_bilingual(fw):
    for i in fw.indicators:
        assert i.label.en and i.label.cy and i.label.en != i.label.cy, i.id
        d = i.definition
        assert d.population.cy and d.numerator.cy and d.unit and d.direction in ("higher_is_better", "lower_is_better")
        assert i.next_step.cy and i.sources
        assert i.source_path.endswith(".yaml") and i.line > 0
        for s in i.sources:
            assert s.frequency and s.collected_by in ("government", "organisations")


def test_objects_are_frozen(fw):
    with pytest.raises(AttributeError):
        fw.indicators[0].core = False  # type: ignore[misc]


def test_outcomes_core_questions_ask_about_core_indicators(fw):
    """The core set is what the questionnaire defaults to: every question every organisation sees maps into it."""
    from perthyn.outcomes.bank import load as load_bank

    core = {i.id for i in fw.core}
    bank = load_bank()
    asked = {q.indicator for q in bank.questions if "core" in q.profiles}
    assert asked and asked <= core, sorted(asked - core)
