"""Faults planted in a copy of the data: each is reported with file, row and column, never skipped silently."""

import pytest

from perthyn.errors import InputErrors


def edit(path, old, new, encoding="utf-8"):
    text = path.read_text(encoding=encoding)
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding=encoding)


def test_aps_unknown_code_named(reference_copy):
    from perthyn.data import aps_country_of_birth

    edit(reference_copy / "ons_aps_cob_la" / "birth_country_2016.csv", "W06000015,    Cardiff / Caerdydd,355,z,313,",
         "W06000015,    Cardiff / Caerdydd,355,z,n/a,", encoding="latin-1")
    with pytest.raises(InputErrors) as err:
        aps_country_of_birth(2016)
    text = str(err.value)
    lines = (reference_copy / "ons_aps_cob_la" / "birth_country_2016.csv").read_text(encoding="latin-1").splitlines()
    data_row = next(i for i, ln in enumerate(lines) if ln.startswith("W06000015")) # 0-based line = 1-based data row
    assert "birth_country_2016.csv" in text and f"row {data_row}," in text and "United Kingdom estimate" in text and "'n/a'" in text


def test_aps_changed_header(reference_copy):
    from perthyn.data import aps_country_of_birth

    edit(reference_copy / "ons_aps_cob_la" / "birth_country_2021.csv", "European Union EU8\nEstimate", "EU Eight\nEstimate",
         encoding="latin-1")
    with pytest.raises(InputErrors, match="expected 'European Union EU8'"):
        aps_country_of_birth(2021)


def test_aps_wrong_encoding(reference_copy):
    from perthyn.data import aps_country_of_birth

    path = reference_copy / "ons_aps_cob_la" / "birth_country_2021.csv"
    path.write_bytes(path.read_bytes().decode("latin-1").encode("utf-16"))
    with pytest.raises(InputErrors, match="birth_country_2021.csv"):
        aps_country_of_birth(2021)


def test_lad_bad_percentage_and_missing_label(reference_copy):
    from perthyn.data import census2021_lad

    path = reference_copy / "ons_census2021_dotdensity" / "lad_ew_passports_all_4a.csv"
    edit(path, "E06000001,75.9,1.7,22.4", "E06000001,75.9,x,22.4")
    with pytest.raises(InputErrors) as err:
        census2021_lad("passports_all_4a")
    assert "row 1" in str(err.value) and "passports_all_4a-002" in str(err.value)


def test_missing_welsh_authority_in_join(reference_copy):
    from perthyn.data import census2021_wales

    path = reference_copy / "ons_census2021_dotdensity" / "lad_ew_residence_length_6b.csv"
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("W06000015")]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputErrors, match="W06000015"):
        census2021_wales()


def test_ireland_totals_inconsistent(reference_copy):
    import csv

    from perthyn.data import ireland_las

    path = reference_copy / "ireland_cso2016" / "SAPS2016_CTY31.csv"
    with open(path, encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("T2_1IEN")
    galway = next(i for i, r in enumerate(rows) if r[1] == "CTY31_GC")
    rows[galway][col] = "1"          # Irish nationals no longer add up to the total
    with open(path, "w", encoding="latin-1", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(InputErrors) as err:
        ireland_las()
    assert "SAPS2016_CTY31.csv" in str(err.value) and f"row {galway}" in str(err.value) and "T2_1TN" in str(err.value)


def test_unknown_topic():
    from perthyn.data import census2021_lad

    with pytest.raises(InputErrors, match="residence_length_6b"):
        census2021_lad("religion")
