"""The old home of the image-ordering flow, now ``analyses/ordering.py`` (a registered
analysis); kept for code that imports the ordering map from here (tests/semantic)."""

from __future__ import annotations

from .catalogue import ORDERING_VALUES as _LEGACY_TO_FORMAT

__all__ = ["_LEGACY_TO_FORMAT"]
