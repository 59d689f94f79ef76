"""What an analysis is, and the one thing analyses share: the explicit :class:`Context`.

An analysis is a visitor with its own state. The engine's ``Collector`` walks the module
once; for every node it calls the ``visit_<Node>`` methods of each registered analysis
(the dispatch table is built once per class), then, when the walk is done, each one's
:meth:`Analysis.finish` in registration order. Analyses never read each other's fields or
the collector's: what they need is on the :class:`Context` (resolution services, the plan
being built, the run's options), and what they tell each other goes through the hooks
below, which the collector forwards to every analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Protocol

import libcst as cst
from libcst.metadata import ImportAssignment, QualifiedName, Scope

if TYPE_CHECKING:
    from ..catalogue import Entry
    from ..collector import Plan
    from ..keras1 import Evidence
    from ..options import Options
    from ..resolve import BackendRef
    from ..rewrite import Bound
    from ..tables import FixSafety, Row, Target, Variant

#: How one original node is replaced in the transform pass (given the updated node).
Replacement = Callable[[cst.CSTNode], cst.CSTNode]


class Context(Protocol):
    """The services and the shared state of one file's analysis (the collector provides it)."""

    options: Options
    target: Target
    path: str
    plan: Plan

    @property
    def import_roots(self) -> frozenset[str]:
        """Names bound by an import of keras/tensorflow anywhere in the module (and run files)."""
        ...

    @property
    def segmented(self) -> bool:
        """Only some statements of the file are here (segment.py): a rewrite that needs the
        whole file raises ``segment.Fallback``."""
        ...

    @property
    def keras1(self) -> Evidence | None:
        """Why the file is Keras 1 code (``keras1.py``), None when it shows no evidence: what
        a legacy positional argument means depends on it."""
        ...

    @property
    def stack(self) -> list[cst.CSTNode]:
        """The nodes from the module down to the one being visited."""
        ...

    def scope(self, node: cst.CSTNode) -> Scope | None: ...

    def qualified_names(self, scope: Scope, node: cst.CSTNode) -> Collection[QualifiedName]:
        """``scope.get_qualified_names_for(node)``, computed once per node and scope: several
        analyses ask it of the same callee. Read-only (the set is shared)."""
        ...

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None: ...

    def where(self, node: cst.CSTNode) -> tuple[int, int]: ...

    def report(self, node: cst.CSTNode, rule: str, message: str) -> None: ...

    def suppressed(self, node: cst.CSTNode, rule: str) -> bool: ...

    def all_scopes(self) -> list[Scope]: ...

    def exported_names(self) -> frozenset[str]: ...

    def exported_import(self, assignment: ImportAssignment) -> None: ...

    def broken(self, ref: BackendRef) -> bool: ...

    def fixed(self, node: cst.CSTNode, rule: str, safety: FixSafety = ...) -> None: ...

    def roots(self, node: cst.CSTNode, variant: Variant) -> dict[str, str] | None: ...

    def release_import(self, node: cst.BaseExpression) -> None: ...

    def add_import(self, module: str) -> None:
        """Schedule ``import module`` at the top (a rewrite that needs ``math``)."""
        ...

    # hooks, forwarded to every analysis
    def value_form(self, node: cst.CSTNode) -> Mapping[str, str] | bool | None: ...

    def keyword_takes(self, arg: cst.Arg) -> bool: ...


class Analysis:
    """Base of the registered analyses: ``visit_<Node>`` methods, hooks, and ``finish``.

    ``rules``: the analysis runs only when one of them is selected (empty: always)."""

    rules: frozenset[str] = frozenset()

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # --- hooks (the collector asks every analysis; the first answer that is not None wins)

    def rewritten(self, call: cst.Call, entry: Entry) -> None:
        """A call to ``entry`` was rewritten by the core (``plan.replace[id(call)]`` is set)."""

    def declines(self, call: cst.Call, entry: Entry, row: Row, bound: Bound) -> bool:
        """A variant applies to this call, but rewriting it would break the code: the analysis
        reported it instead (True), and the call is left as it was."""
        return False

    def claims(self, call: cst.Call, func: cst.BaseExpression, row: Row, bound: Bound, message: str) -> bool:
        """No variant applied to this call: take it over (True) instead of reporting ``message``."""
        return False

    def value_form(self, node: cst.CSTNode) -> Mapping[str, str] | bool | None:
        """For a value this analysis follows: True when it already is what the new API takes,
        a mapping (legacy value -> new value) when it keeps its legacy form, None: not known."""
        return None

    def keyword_takes(self, arg: cst.Arg) -> bool:
        """Does this analysis rename ``arg``'s keyword (so a value flowing there is used up)?"""
        return False

    def ambiguous(self, node: cst.Name | cst.Attribute) -> None:
        """A name that is the Keras backend on one import path and something else on another."""

    def report_only(self, node: cst.CSTNode, ref: BackendRef) -> bool:
        """Is this reference never to be rewritten (it was reported, if its rule is selected)?"""
        return False

    def unmapped(self, node: cst.CSTNode, ref: BackendRef) -> None:
        """A reference that fails today and that the target has no row for."""

    def unusable_reference(self, node: cst.Name | cst.Attribute, ref: BackendRef, rule: str) -> None:
        """A legacy function used as a value whose row cannot rewrite a bare reference."""

    def finish(self) -> None:
        """The walk is done (metadata is still available)."""
