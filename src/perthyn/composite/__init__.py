"""A general composite-indicator engine of COINr's class: read iData/iMeta, denominate, impute,
screen, treat outliers, normalise, weight, aggregate, analyse, and quantify uncertainty.

Pure pandas / numpy / scipy (SALib for variance-based sensitivity); no web imports.
"""

from .aggregate import aggregate
from .analysis import alphas, analyse, correlations, cronbach_alpha, effective_weights, pca
from .coin import Coin, rank_desc
from .normalise import normalise
from .prepare import denominate, impute, screen
from .read import coin_from_frames, read_coin
from .treat import treat

__all__ = ["Coin", "coin_from_frames", "read_coin", "denominate", "impute", "screen", "treat", "normalise", "aggregate",
           "analyse", "alphas", "correlations", "cronbach_alpha", "effective_weights", "pca", "rank_desc"]
