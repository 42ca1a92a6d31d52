"""The Local Migrant Integration Index: questionnaire, scoring, census consistency check and the
MIPEX check, built on the general composite-indicator engine in `perthyn.composite`."""

from .questionnaire import Questionnaire, load
from .scoring import Scores, check_answers, read_answers, score

__all__ = ["Questionnaire", "Scores", "load", "read_answers", "check_answers", "score"]
