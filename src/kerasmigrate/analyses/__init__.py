"""The analyses the engine runs over each file, in this order (see ``_base.py``).

A new analysis is a module here with an :class:`Analysis` subclass, added to ``ANALYSES``.
The core resolution (legacy references -> catalogue entries -> the target's call
replacements, imports, KM901-KM904) is the engine's ``Collector`` itself, which is also
the :class:`Context` every analysis gets.
"""

from __future__ import annotations

from ._base import Analysis, Context, Replacement
from .custom_layers import CustomLayers
from .keywords import Keywords
from .leftovers import Leftovers
from .missing import MissingNames
from .ordering import Ordering
from .renames import Renames

#: Registered analyses. Ordering finishes first: the keyword renames ask it what form the
#: ordering values they receive took. MissingNames finishes last: it skips what the others did.
ANALYSES: tuple[type[Analysis], ...] = (Ordering, Keywords, Renames, Leftovers, CustomLayers, MissingNames)

__all__ = [
    "ANALYSES",
    "Analysis",
    "Context",
    "Keywords",
    "Leftovers",
    "MissingNames",
    "Ordering",
    "Renames",
    "Replacement",
]
