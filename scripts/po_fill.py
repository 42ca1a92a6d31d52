"""Fill a gettext catalogue from a YAML dictionary of translations (English msgid -> translation).

Usage: python scripts/po_fill.py path/to/django.po path/to/translations.yaml
Reports any msgid still untranslated and exits 1 so gaps are never silent. Compiles the .mo.
"""

import sys

import polib
import yaml


def main(po_path: str, dict_path: str) -> int:
    po = polib.pofile(po_path)
    table = yaml.safe_load(open(dict_path, encoding="utf-8")) or {}
    missing = []
    plural_forms = po.metadata.get("Plural-Forms", "nplurals=2;")
    nplurals = int(plural_forms.split("nplurals=", 1)[1].split(";", 1)[0])
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in table:
            value = table[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                for i in range(max(nplurals, len(entry.msgstr_plural))):  # Welsh has 4 plural forms
                    entry.msgstr_plural[i] = forms[min(i, len(forms) - 1)]
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
    po.save(po_path)
    po.save_as_mofile(po_path[:-3] + ".mo")
    for m in missing:
        print(f"untranslated: {m!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
