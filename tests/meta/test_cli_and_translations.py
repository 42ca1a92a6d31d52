"""Project-wide checks: every command has help, every catalogue is complete in Welsh."""

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from perthyn.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def _walk(cmd, path):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _walk(sub, [*path, name])


def test_every_registered_command_loads_and_has_help():
    runner = CliRunner()
    listed = main.list_commands(None)
    assert set(listed) == set(COMMANDS), f"commands that failed to load: {set(COMMANDS) - set(listed)}"
    for name in listed:
        for path, cmd in _walk(main.get_command(None, name), [name]):
            result = runner.invoke(main, [*path, "--help"])
            assert result.exit_code == 0, (path, result.output)
            assert (cmd.help or cmd.short_help or "").strip(), f"`perthyn {' '.join(path)}` has no help text"


CATALOGUES = sorted((ROOT / "src" / "perthyn").rglob("locale/cy/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_welsh_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{po_path}: fuzzy {fuzzy[:10]}"
    mo = po_path.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po_path.stat().st_mtime - 1, f"{mo} missing or older than the .po"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_welsh_plurals_have_every_form(po_path):
    """Welsh has four plural forms; a missing one makes gettext fall back to English for that count (e.g. 7)."""
    po = polib.pofile(str(po_path))
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=", 1)[1].split(";", 1)[0])
    assert nplurals == 4
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            assert sorted(entry.msgstr_plural) == list(range(nplurals)), entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
