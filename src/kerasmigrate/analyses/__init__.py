"""The analyses the engine runs over each file, in this order (see ``_base.py``).

A new analysis is a module here with an :class:`Analysis` subclass, added to ``ANALYSES``.
The core resolution (legacy references -> catalogue entries -> the target's call
replacements, imports, KM901-KM904) is the engine's ``Collector`` itself, which is also
the :class:`Context` every analysis gets.
"""

from __future__ import annotations

from ._base import Analysis, Context, Replacement
from .functional import Functional
from .keywords import Keywords
from .leftovers import Leftovers
from .ordering import Ordering
from .renames import Renames

#: Registered analyses. Ordering finishes first: the keyword renames ask it what form the
#: ordering values they receive took.
ANALYSES: tuple[type[Analysis], ...] = (Ordering, Keywords, Renames, Functional, Leftovers)

__all__ = [
    "ANALYSES",
    "Analysis",
    "Context",
    "Functional",
    "Keywords",
    "Leftovers",
    "Ordering",
    "Renames",
    "Replacement",
]
