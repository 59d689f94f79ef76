"""What a run reports: findings for humans, applied fixes for the summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """Something left for a human, at a 1-based line and column."""

    line: int
    column: int
    rule: str
    message: str
    path: str = "<string>"

    def format(self) -> str:
        """``path:line:col: KM### message``, the form editors and CI annotators parse."""
        return f"{self.path}:{self.line}:{self.column}: {self.rule} {self.message}"


@dataclass(frozen=True, order=True)
class Fix:
    """A rewrite that was applied (or would be, in --diff/--check)."""

    line: int
    column: int
    rule: str
