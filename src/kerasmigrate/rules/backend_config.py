"""KM3xx: the configuration functions of ``keras.backend.common`` -> the target's.

`epsilon`, `floatx` and friends still exist in today's Keras, so only the calls that fail
today are rewritten: those reached through the removed ``keras.backend.common`` module.
What each becomes is the target's row (``tables/``).
"""

from __future__ import annotations

from ..tables import DEFAULT_TARGET, TARGETS
from ._rows import rules_for

FAMILY = "backend_config"
RULES = rules_for(TARGETS[DEFAULT_TARGET], "KM3", FAMILY)
