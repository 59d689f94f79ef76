"""The old name of :mod:`kerasmigrate.batch` (the batch runner), kept as an import path."""

from __future__ import annotations

from .batch import *  # noqa: F403
from .batch import __all__  # noqa: F401
