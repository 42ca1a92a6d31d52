"""The rules the disclosure gate applies, as one small immutable value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DisclosurePolicy:
    """What the gate hides.

    threshold: a row whose unweighted count (or any count column) is between 1 and threshold-1 is hidden
        (primary suppression); rates and means from fewer people are hidden with it. Zero cells are shown:
        they describe nobody.
    rounding_base: round every shown count to this base (e.g. 5) after suppression; None keeps exact counts.
    secondary: hide further rows so that no hidden row can be worked out exactly from totals, margins or
        nested groupings in the same gated output (see perthyn.disclosure.secondary).
    cell_key: counts were produced by ONS cell-key perturbation (perthyn.disclosure.cellkey); the noise
        already defeats differencing, so secondary suppression and rounding are not applied again.
    """

    threshold: int = 10
    rounding_base: int | None = None
    secondary: bool = True
    cell_key: bool = False

    def __post_init__(self):
        if int(self.threshold) != self.threshold or self.threshold < 1:
            raise ValueError(f"threshold must be a whole number >= 1, got {self.threshold!r}")
        if self.rounding_base is not None and (int(self.rounding_base) != self.rounding_base or self.rounding_base < 2):
            raise ValueError(f"rounding_base must be None or a whole number >= 2, got {self.rounding_base!r}")
        if self.cell_key and self.rounding_base:
            raise ValueError("cell_key already rounds small counts through its p-table; leave rounding_base None")
