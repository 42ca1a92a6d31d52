"""Real public reference data bundled with Perthyn, and loaders returning tidy pandas DataFrames.

Each DataFrame carries its provenance in `df.attrs["provenance"]` (source, table, period, licence, file).
Tables join on GSS / CSO codes, never on names. Anything unexpected in a file raises InputErrors naming
the file, row and column. Licences: reference/LICENCE.md; where each file came from: reference/PROVENANCE.md.
"""

from perthyn.data.aps import APS_GROUPS, APS_YEARS, aps_country_of_birth
from perthyn.data.census2021 import LAD_TOPICS, census2021_lad, census2021_quiz, census2021_wales, census2021_wales_oa
from perthyn.data.files import provenance
from perthyn.data.ireland import ireland_las
from perthyn.data.wales import wales_las

__all__ = [
    "APS_GROUPS", "APS_YEARS", "LAD_TOPICS", "aps_country_of_birth", "census2021_lad", "census2021_quiz",
    "census2021_wales", "census2021_wales_oa", "ireland_las", "provenance", "wales_las",
]
