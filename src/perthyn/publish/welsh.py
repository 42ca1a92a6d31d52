"""Welsh initial-consonant mutations for place names after prepositions, so that sentences read as Welsh:
"yng Nghaerdydd", "ym Mhowys", "yn Nhorfaen", "ym Mlaenau Gwent", "â Chymru".

Only Welsh-language names are mutated; English names (English local authorities) are left as they are.
"""

from __future__ import annotations

# nasal mutation after "yn": (radical, mutated, form of "yn")
_NASAL = (("Ch", None, "yn"), ("C", "Ngh", "yng"), ("P", "Mh", "ym"), ("T", "Nh", "yn"), ("G", "Ng", "yng"),
          ("B", "M", "ym"), ("D", "N", "yn"), ("M", "M", "ym"))
_ASPIRATE = (("C", "Ch"), ("P", "Ph"), ("T", "Th"))


def _is_digraph(name: str) -> bool:
    return name[:2] in ("Ch", "Ph", "Th", "Ll", "Rh", "Ff", "Dd")


def in_place(name: str, *, welsh_name: bool = True) -> str:
    """'yn' + place name with the nasal mutation: Caerdydd -> yng Nghaerdydd, Powys -> ym Mhowys."""
    if welsh_name and not _is_digraph(name):
        for radical, mutated, prep in _NASAL:
            if name.startswith(radical) and mutated is not None:
                return f"{prep} {mutated}{name[len(radical):]}"
    return f"yn {name}"


def and_place(name: str, *, welsh_name: bool = True) -> str:
    """The aspirate mutation after 'a' / 'â' (and, with): Cymru -> Chymru."""
    if welsh_name and not _is_digraph(name):
        for radical, mutated in _ASPIRATE:
            if name.startswith(radical):
                return mutated + name[len(radical):]
    return name
