"""The analyses the engine runs over each file, in this order (see ``_base.py``).

A new analysis is a module here with an :class:`Analysis` subclass, added to ``ANALYSES``.
The core resolution (legacy references -> catalogue entries -> the target's call
replacements, imports, KM901-KM904) is the engine's ``Collector`` itself, which is also
the :class:`Context` every analysis gets.
"""

from __future__ import annotations

from ._base import Analysis, Context, Replacement
from .custom_layers import CustomLayers
from .functional import Functional
from .keywords import Keywords
from .layers import Layers
from .layers_recurrent import RecurrentLayers
from .leftovers import Leftovers
from .missing import MissingNames
from .modules import Modules
from .ordering import Ordering
from .renames import Renames
from .training import Training

#: Registered analyses. Ordering finishes first: the keyword renames ask it what form the
#: ordering values they receive took. MissingNames finishes last: it skips what the others did.
ANALYSES: tuple[type[Analysis], ...] = (
    Ordering,
    Keywords,
    Layers,
    Renames,
    Functional,
    RecurrentLayers,
    Leftovers,
    Modules,
    Training,
    CustomLayers,
    MissingNames,
)

__all__ = [
    "ANALYSES",
    "Analysis",
    "Context",
    "CustomLayers",
    "Functional",
    "Keywords",
    "Layers",
    "Leftovers",
    "MissingNames",
    "Modules",
    "Ordering",
    "Renames",
    "Replacement",
]
