"""Run options, apart from the engine so that choosing them (the CLI, configuration, the
batch) does not import LibCST: a run over files without Keras never needs it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .rules import RULES, selected_rules
from .tables import TARGETS


@dataclass(frozen=True)
class Options:
    """What a run applies. Immutable, so one instance can be shared by every file."""

    target: str = "tf2"
    select: frozenset[str] = field(default_factory=lambda: frozenset(RULES))
    unsafe_fixes: bool = False
    #: migrate files marked ``@generated`` too (skipped by default, like LibCST's tool)
    include_generated: bool = False

    @classmethod
    def build(
        cls,
        *,
        target: str = "tf2",
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        unsafe_fixes: bool = False,
        include_generated: bool = False,
    ) -> Options:
        if target not in TARGETS:
            raise ValueError(f"unknown target {target!r}; known: {', '.join(TARGETS)}")
        return cls(target, selected_rules(select, ignore), unsafe_fixes, include_generated)
