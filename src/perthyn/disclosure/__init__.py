"""Disclosure control: the single gate every table passes before it leaves the core for a person."""

from .gate import Gated, gate, gate_many
from .policy import DisclosurePolicy

__all__ = ["DisclosurePolicy", "Gated", "gate", "gate_many"]
