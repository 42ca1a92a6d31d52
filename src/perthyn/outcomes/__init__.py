"""Outcomes: a short multilingual tick-box questionnaire, distance travelled and privacy-safe returns.

Pure core (no Django): `bank` loads the question bank, `scoring` turns answers into scores,
`distance` computes change per person and cohort statistics, `returns` builds and combines
aggregate returns through the disclosure gate, `xlsform` and `paper` export the form.
"""

from .bank import Bank, Question, load  # noqa: F401
