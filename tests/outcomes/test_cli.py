"""`perthyn outcomes ...` end to end: files written, validated, read back; bad input gives a clean error."""

from __future__ import annotations

import io
import json

import pypdf
from click.testing import CliRunner

from perthyn.cli import main


def run(*args):
    return CliRunner().invoke(main, ["outcomes", *args], catch_exceptions=False)


def test_help_lists_every_command():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("xlsform", "import-xlsform", "return", "combine", "form-pdf"):
        assert cmd in r.output
        assert run(cmd, "--help").exit_code == 0


def test_xlsform_import_and_pdf(tmp_path):
    out = tmp_path / "q.xlsx"
    r = run("xlsform", "--lang", "en,cy,ar,fa-af,ps,pl,lt,uk", "--out", str(out))
    assert r.exit_code == 0 and "validated with pyxform" in r.output
    r = run("import-xlsform", str(out), "--out", str(tmp_path / "bank.yaml"))
    assert r.exit_code == 0 and "21 questions" in r.output
    from perthyn.outcomes.bank import load_file

    assert len(load_file(tmp_path / "bank.yaml").questions) == 21
    bad = run("xlsform", "--lang", "en,xx", "--out", str(out))
    assert bad.exit_code != 0 and "xx" in bad.output
    r = run("form-pdf", "--lang", "ps", "--out-dir", str(tmp_path))
    assert r.exit_code == 0
    pdf = next(tmp_path.glob("PO*-PS-*.pdf"))
    assert len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages) <= 2


def test_return_and_combine(tmp_path):
    rows = ["person,reading,taken_on,question,value"]
    for i in range(12):
        rows += [f"p{i},a{i},2025-01-10,feel_safe,{i % 2}", f"p{i},b{i},2025-07-10,feel_safe,3"]
    (tmp_path / "answers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for org in ("A", "B"):
        r = run("return", str(tmp_path / "answers.csv"), "--organisation", f"Org {org}", "--from", "2025-01-01",
                "--to", "2025-12-31", "--out", str(tmp_path / f"{org}.json"))
        assert r.exit_code == 0, r.output
    doc = json.loads((tmp_path / "A.json").read_text())
    row = next(r for r in doc["rows"] if r["question"] == "feel_safe")
    assert (row["n"], row["gains"], row["losses"]) == (12, 12, 0)
    r = run("combine", str(tmp_path / "A.json"), str(tmp_path / "B.json"), "--out", str(tmp_path / "all.csv"))
    assert r.exit_code == 0
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert "feel_safe" in text and ",24," in text and "p1" not in text
    (tmp_path / "bad.csv").write_text("person,reading,taken_on,question,value\np1,a,2025-13-01,feel_safe,7\n")
    r = CliRunner().invoke(main, ["outcomes", "return", str(tmp_path / "bad.csv"), "--organisation", "X", "--from",
                                  "2025-01-01", "--to", "2025-12-31", "--out", str(tmp_path / "x.json")])
    assert r.exit_code == 1 and "row 1" in r.output and "column 'taken_on'" in r.output and "column 'value'" in r.output
    assert not (tmp_path / "x.json").exists()
