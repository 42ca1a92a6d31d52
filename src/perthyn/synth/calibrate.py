"""Raking one margin over row classes, and vectorised categorical draws.

calibrate() finds class-conditional distributions P[c] = normalise(base * factors[c]) whose mixture over
the classes (weights w) equals the target margin exactly: iterative proportional fitting on the single
`base` vector (each pass rescales base by target / current mixture). The factors carry the assumed
structure (profiles.yaml); the target carries the real census numbers.
"""

from __future__ import annotations

import numpy as np


def calibrate(target, weights, factors, *, tol: float = 1e-12, max_iter: int = 2000) -> np.ndarray:
    target = np.asarray(target, float)
    weights = np.asarray(weights, float)
    factors = np.asarray(factors, float)
    weights = weights / weights.sum()
    base = target.copy()
    probs = None
    for _ in range(max_iter):
        raw = factors * base
        probs = raw / np.where(raw.sum(axis=1, keepdims=True) > 0, raw.sum(axis=1, keepdims=True), 1)
        mix = weights @ probs
        if np.max(np.abs(mix - target)) < tol:
            break
        base = base * np.divide(target, mix, out=np.ones_like(target), where=mix > 0)
    return probs


def draw(classes: np.ndarray, probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One category per row from probs[classes[row]], without materialising a rows x categories array.

    Each class c owns the interval [c, c+1); its cumulative boundaries sit at c + cdf. A uniform draw
    shifted by the row's class is located among all boundaries with one searchsorted.
    """
    n_classes, k = probs.shape
    cdf = np.cumsum(probs, axis=1)[:, :-1]
    cdf = np.minimum(cdf / np.maximum(np.cumsum(probs, axis=1)[:, -1:], 1e-300), 1.0)
    bounds = (np.arange(n_classes)[:, None] + cdf).ravel()
    position = np.searchsorted(bounds, classes + rng.random(classes.shape[0]), side="right")
    return (position - classes * (k - 1)).astype(np.int8 if k < 127 else np.int16)
