"""What a run returns: one ``FileResult`` per file, collected in a ``BatchResult``.

Kept apart from the batch runner (``batch.py``) so that the reports, the CLI and the
notebook code can use them without importing the runner (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, Fix
from .walk import PYTHON

if TYPE_CHECKING:
    from .batch import Snapshot

CHANGED, UNCHANGED, SKIPPED, FAILED = "changed", "unchanged", "skipped", "failed"


@dataclass
class FileResult:
    path: str
    changed: bool = False
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    error: Finding | None = None
    diff: str = ""
    skipped: str | None = None
    kind: str = PYTHON
    # the migrated bytes between computing and writing (never set on a returned batch)
    pending: bytes | None = field(default=None, repr=False, compare=False)
    # the findings at their place in the migrated text, used once it is written in place
    relocated: list[Finding] | None = field(default=None, repr=False, compare=False)
    # what the file was when it was read: the write checks it still is
    read: Snapshot | None = field(default=None, repr=False, compare=False)

    @property
    def status(self) -> str:
        """``changed`` (or would change), ``unchanged``, ``skipped`` (generated) or ``failed``."""
        if self.error is not None:
            return FAILED
        if self.skipped:
            return SKIPPED
        return CHANGED if self.changed else UNCHANGED


@dataclass
class BatchResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.changed]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.skipped]

    @property
    def errors(self) -> list[Finding]:
        return [f.error for f in self.files if f.error is not None]

    @property
    def findings(self) -> list[Finding]:
        return [finding for f in self.files for finding in f.findings]
