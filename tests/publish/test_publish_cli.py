"""The `perthyn profile` and `perthyn publish` commands."""

from html import unescape

from click.testing import CliRunner

from perthyn.cli import main
from perthyn.publish.cli import profile, publish


def test_unknown_area_lists_valid_codes(tmp_path):
    out = tmp_path / "x.html"
    result = CliRunner().invoke(profile, ["W06000099", "--out", str(out)])
    assert result.exit_code == 1
    assert "unknown area code 'W06000099'" in result.output
    assert "W06000015 Cardiff" in result.output and "W06000001 Isle of Anglesey" in result.output
    assert "E08000025" in result.output  # English authorities the data reach
    assert not out.exists()  # nothing half-written


def test_profile_html_in_welsh(tmp_path):
    out = tmp_path / "caerdydd.html"
    result = CliRunner().invoke(profile, ["w06000015", "--lang", "cy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = unescape(out.read_text(encoding="utf-8"))
    assert '<html lang="cy" dir="ltr">' in html
    assert "Proffil mudo lleol: Caerdydd" in html and "Pwy yw'r mudwyr yng Nghaerdydd?" in html


def test_help_is_useful():
    runner = CliRunner()
    assert "GSS code" in runner.invoke(profile, ["--help"]).output
    group = runner.invoke(publish, ["--help"]).output
    for command in ("overview", "opendata", "all"):
        assert command in group
    assert "perthyn-opendata.zip" in runner.invoke(publish, ["opendata", "--help"]).output
    assert "profile" in runner.invoke(main, ["--help"]).output


def test_overview_command(tmp_path):
    out = tmp_path / "trosolwg.html"
    result = CliRunner().invoke(publish, ["overview", "--lang", "cy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = unescape(out.read_text(encoding="utf-8"))
    assert "Trosolwg Cymru: cymharu'r 22 awdurdod lleol" in html and html.count('role="img"') == 6
