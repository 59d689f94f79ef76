"""KM1xx: keras.backend math, activation and tensor functions -> the target's ops (``tables/``).

The rewrites are rows of the target table (tables/tf2.py); this module only names the
family. Only calls whose receiver resolves to the Keras backend (any import spelling)
are touched, and only when the name no longer resolves where it is reached from.
"""

from __future__ import annotations

from ..tables import DEFAULT_TARGET, TARGETS
from ._rows import rules_for

FAMILY = "backend_ops"
RULES = rules_for(TARGETS[DEFAULT_TARGET], "KM1", FAMILY)
