from click.testing import CliRunner

from perthyn.data.cli import data


def test_list_show_provenance():
    r = CliRunner().invoke(data, ["list"])
    assert r.exit_code == 0 and "aps_country_of_birth:2016" in r.output
    r = CliRunner().invoke(data, ["show", "census2021_wales", "--format", "csv"])
    assert r.exit_code == 0
    assert "W92000004,Wales,Cymru,3107494,2892065,215434" in r.output and "Open Government Licence" in r.output
    r = CliRunner().invoke(data, ["show", "ireland_las", "--limit", "2"])
    assert r.exit_code == 0 and "CSO" in r.output
    r = CliRunner().invoke(data, ["show", "nope"])
    assert r.exit_code == 1 and "no bundled table" in r.output
    r = CliRunner().invoke(data, ["provenance"])
    assert "Open Government Licence v3.0" in r.output and "SAPS2016_CTY31" in r.output
