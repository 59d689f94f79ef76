"""A rule's identity and documentation, shared by every family."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables import FixLevel


@dataclass(frozen=True)
class Example:
    before: str
    #: what the default target makes of it (equal to ``before`` for report-only rules); the
    #: pages show each target's output of ``before``, made by running it (docs.py)
    after: str = ""


@dataclass(frozen=True)
class RuleInfo:
    """One rule: its ID, name, one-line summary, its fixes and the text of its page."""

    id: str  # "KM101"
    name: str  # kebab-case, unique
    summary: str  # one line; shown by `kerasmigrate rules` and on the page
    fix: FixLevel
    family: str  # module name of the family, e.g. "backend_ops"
    why: str
    fix_safety: str
    example: Example | None = None  # generated from the table for table rows
    use_instead: str = ""
    references: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """``safe``, ``unsafe`` or ``manual``: the safety of the fixes applied by default."""
        return self.fix.label

    @property
    def family_prefix(self) -> str:
        """``KM1`` for KM101: the hundred the family owns (used by --select KM1)."""
        return self.id[:3]
