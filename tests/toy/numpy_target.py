"""A toy third target, for tests/test_toy_target.py: legacy backend calls -> NumPy.

One mapping module, two rows keyed by catalogue rule ID: everything a new target is. Not a
real migration (NumPy is not a Keras backend); it exists to show that adding a target
needs no change to the engine, the resolver, the notebook code or the CLI.
"""

from __future__ import annotations

from types import MappingProxyType

from kerasmigrate.tables import Row, Target, Variant

TARGET = Target(
    name="toy-numpy",
    description="NumPy (`import numpy as np`), for tests",
    roots=MappingProxyType({"np": ("numpy", "np")}),
    rows=(
        Row("KM101", "abs", (Variant("np.abs(x)"),), summary="Replace `K.abs(x)` with `np.abs(x)`."),
        Row("KM110", "sum", (Variant("np.sum(x, axis=axis, keepdims=keepdims)"),)),
    ),
    texts=MappingProxyType({"engine": "NumPy", "fallback": "np"}),
)
