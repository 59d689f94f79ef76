"""kerasmigrate: rewrite legacy Keras 1.x/2.x backend code so it runs on today's TensorFlow.

Public API: ``migrate_source`` / ``migrate_bytes`` for one source, ``migrate_paths`` for
a batch, ``KerasMigrateCommand`` for LibCST pipelines, and the rule registry ``RULES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api import MigrationResult, migrate_bytes, migrate_source
from .findings import Finding, Fix
from .options import Options
from .rules import RULES, RuleInfo

if TYPE_CHECKING:
    from .engine import KerasMigrateCommand

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Finding",
    "Fix",
    "KerasMigrateCommand",
    "MigrationResult",
    "Options",
    "RuleInfo",
    "__version__",
    "migrate_bytes",
    "migrate_source",
]


def __getattr__(name: str) -> Any:
    """``KerasMigrateCommand`` imports LibCST: loaded on first use, not with the package."""
    if name == "KerasMigrateCommand":
        from .engine import KerasMigrateCommand

        return KerasMigrateCommand
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
