"""Bad definition files fail with file, line and key path named; the bundled ones load."""

import pytest

from perthyn.errors import InputErrors
from perthyn.people.bands import load_bands
from perthyn.people.countries import load_countries
from perthyn.people.definitions import definitions_dir, load_all
from perthyn.people.glossary import load_glossary
from perthyn.people.groups import load_groups


def test_bundled_definitions_load():
    countries, groups, bands = load_all()
    assert len(countries.all) >= 249 and countries.by_alpha2["NO"].alpha3 == "NOR"
    assert groups.ids("uk") == ("uk", "eu14", "eu8", "eu2", "eu_other", "eea_efta", "switzerland", "third_country")
    assert [b.id for b in bands.residence_scheme("census")] == ["lt2", "2to5", "5to10", "10plus"]
    assert len(load_glossary()) >= 10


def test_unquoted_no_is_caught(tmp_path):
    path = tmp_path / "countries.yaml"
    path.write_text('countries:\n  - {alpha2: "PL", alpha3: "POL", en: Poland, cy: Gwlad Pwyl, ons: Poland}\n'
                    '  - {alpha2: NO, alpha3: "NOR", en: Norway, cy: Norwy, ons: Norway}\n')
    with pytest.raises(InputErrors) as err:
        load_countries(path)
    text = str(err.value)
    assert "countries.yaml, line 3" in text and "countries[1].alpha2" in text and "Quote the code" in text


def test_duplicate_name_across_countries(tmp_path):
    path = tmp_path / "countries.yaml"
    path.write_text('countries:\n  - {alpha2: "PL", alpha3: "POL", en: Poland, cy: Gwlad Pwyl, ons: Poland}\n'
                    '  - {alpha2: "PT", alpha3: "PRT", en: Portugal, cy: Portiwgal, ons: Portugal, names: [Poland]}\n')
    with pytest.raises(InputErrors, match="used by both PL and PT"):
        load_countries(path)


def test_group_errors_named(tmp_path):
    text = (definitions_dir() / "groups.yaml").read_text(encoding="utf-8")
    bad = text.replace('"RO": {since: 2007-01-01}', '"QQ": {since: 2007-01-01}').replace(
        'label: {en: "EU2: Bulgaria and Romania", cy: "UE2: Bwlgaria a Rwmania"}', 'label: {en: "EU2"}')
    path = tmp_path / "groups.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputErrors) as err:
        load_groups(path, load_all()[0])
    msg = str(err.value)
    assert "unknown country code 'QQ'" in msg and "groups[4].members.QQ" in msg
    assert "missing Welsh text" in msg and "groups[4].label.cy" in msg
    line = next(i for i, ln in enumerate(bad.splitlines(), 1) if '"QQ"' in ln)
    assert f"groups.yaml, line {line}, groups[4].members.QQ" in msg


def test_bands_must_be_contiguous(tmp_path):
    path = tmp_path / "bands.yaml"
    text = (definitions_dir() / "bands.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("{id: 1to5, min: 1, max: 5", "{id: 1to5, min: 2, max: 5"), encoding="utf-8")
    with pytest.raises(InputErrors, match="band 'lt1' ends at 1 but '1to5' starts at 2"):
        load_bands(path)


def test_glossary_needs_welsh_and_sources(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("sources: {a: {en: A, cy: A}}\nterms:\n  - id: x\n    term: {en: X}\n"
                    "    definition: {en: D, cy: D}\n    sources: [b]\n", encoding="utf-8")
    with pytest.raises(InputErrors) as err:
        load_glossary(path)
    assert "terms[0].term.cy" in str(err.value) and "unknown source 'b'" in str(err.value)
