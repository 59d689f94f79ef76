"""Mapping tables, one per migration target. Data only: no transformer logic here."""

from __future__ import annotations

from ._schema import (
    NO_FIX,
    SOMETIMES_SAFE,
    Cond,
    FixAvailability,
    FixLevel,
    FixSafety,
    Param,
    Row,
    Target,
    Variant,
)
from .tf2 import TF2

#: Every target by name. A second target (Keras 3: ``keras.ops``) is one more entry.
TARGETS: dict[str, Target] = {TF2.name: TF2}
DEFAULT_TARGET = TF2.name

__all__ = [
    "DEFAULT_TARGET",
    "NO_FIX",
    "SOMETIMES_SAFE",
    "TARGETS",
    "Cond",
    "FixAvailability",
    "FixLevel",
    "FixSafety",
    "Param",
    "Row",
    "Target",
    "Variant",
]
