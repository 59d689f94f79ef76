"""kerasmigrate: rewrite legacy Keras 1.x/2.x backend code so it runs on today's TensorFlow.

Public API: ``migrate_source`` / ``migrate_bytes`` for one source, ``migrate_paths`` for
a batch, ``KerasMigrateCommand`` for LibCST pipelines, and the rule registry ``RULES``.
"""

from __future__ import annotations

from .api import MigrationResult, migrate_bytes, migrate_source
from .engine import KerasMigrateCommand, Options
from .findings import Finding, Fix
from .rules import RULES, RuleInfo

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
