"""Run options, apart from the engine so that choosing them (the CLI, configuration, the
batch) does not import LibCST: a run over files without Keras never needs it.

One ``Options`` object is built once per run (:meth:`Options.build`) and passed through
(CLI -> batch -> library API -> engine); the convenience keywords of the library functions
(``select=``, ``target=`` ...) are :class:`OptionFields`, handed to ``build`` unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from .rules import RULES, selected_rules
from .tables import DEFAULT_TARGET, TARGETS

if TYPE_CHECKING:
    from typing_extensions import Unpack


class OptionFields(TypedDict, total=False):
    """The keywords :meth:`Options.build` takes (for ``**fields`` of the library API)."""

    target: str | None
    select: Iterable[str] | None
    ignore: Iterable[str] | None
    unsafe_fixes: bool
    include_generated: bool


@dataclass(frozen=True)
class Options:
    """What a run applies. Immutable, so one instance can be shared by every file."""

    target: str = DEFAULT_TARGET
    select: frozenset[str] = field(default_factory=lambda: frozenset(RULES))
    unsafe_fixes: bool = False
    #: migrate files marked ``@generated`` too (skipped by default, like LibCST's tool)
    include_generated: bool = False

    @classmethod
    def build(
        cls,
        *,
        target: str | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        unsafe_fixes: bool = False,
        include_generated: bool = False,
    ) -> Options:
        target = target or DEFAULT_TARGET
        if target not in TARGETS:
            raise ValueError(f"unknown target {target!r}; known: {', '.join(TARGETS)}")
        return cls(target, selected_rules(select, ignore), unsafe_fixes, include_generated)

    @classmethod
    def of(cls, options: Options | None, **fields: Unpack[OptionFields]) -> Options:
        """``options`` itself, or one built from the keywords (giving both is an error)."""
        if options is None:
            return cls.build(**fields)
        if fields:
            raise TypeError(f"pass either options= or {', '.join(sorted(fields))}=, not both")
        return options
