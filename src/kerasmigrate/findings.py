"""What a run reports: findings for humans, applied fixes for the summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """Something left for a human, at a 1-based line and column."""

    line: int
    column: int
    rule: str
    message: str
    path: str = "<string>"
    #: for a notebook, the 1-based cell number (line and column are then within the cell)
    cell: int = 0

    @property
    def where(self) -> str:
        """``path:line:col``, or ``path:cell N:line:col`` in a notebook (ruff's form)."""
        cell = f"cell {self.cell}:" if self.cell else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    def format(self) -> str:
        """``path:line:col: KM### message``, the form editors and CI annotators parse."""
        return f"{self.where}: {self.rule} {self.message}"


@dataclass(frozen=True, order=True, slots=True)
class Fix:
    """A rewrite that was applied (or would be, in --diff/--check)."""

    line: int
    column: int
    rule: str
    #: for a notebook, the 1-based cell number
    cell: int = 0
    #: the safety of the variant that was applied ("safe", or "unsafe" under --unsafe-fixes),
    #: which is what reports label the change with (not the rule's weakest level)
    safety: str = "safe"
