"""Target ``tf2``, continued: the backend math, activation and tensor functions (KM104+).

Rows follow the schema in _schema.py. Sources for the semantics:
shared/reference/keras-api.md §2.2 and §6.
"""

from __future__ import annotations

from ._schema import Cond, FixSafety, Row, Variant

D = Cond.DEFAULT

OPS_ROWS: tuple[Row, ...] = ()

__all__ = ["OPS_ROWS", "Cond", "FixSafety", "Row", "Variant", "D"]
