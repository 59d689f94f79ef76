"""The engine's side of cross-file resolution (issue 10 §2; the pre-pass is crossfile.py).

A collaborator of the Collector (``Collector.run_files``), given its ``Context``: names that reach keras through another file of the run
(``from a import *`` then ``K``; ``from a import K``; ``import a`` then ``a.K``) are given
the qualified names they have there, so that they are rewritten or reported like any
other; and imports that other files use are kept.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, QualifiedName, QualifiedNameSource, Scope

from .crossfile import FileContext
from .resolve import backend_ref
from .rules.leftovers import KM901

if TYPE_CHECKING:
    from .analyses import Context


def _qualified(targets: tuple[str, ...], rest: str) -> set[QualifiedName]:
    """``""`` (bound to something that is not keras) becomes a local name, so a mix is
    ambiguous for :func:`resolve.resolve_backend` and reported, never rewritten."""
    return {
        QualifiedName(t + rest, QualifiedNameSource.IMPORT)
        if t
        else QualifiedName(rest, QualifiedNameSource.LOCAL)
        for t in targets
    }


class RunFiles:
    """What one file's run files say about it; its own state, the collector's services."""

    def __init__(self, ctx: Context, crossfile: FileContext) -> None:
        self.ctx = ctx
        self.crossfile = crossfile
        #: ids of the import assignments that import a file of the run (see roots)
        self._run_file_imports: set[int] = set()

    def roots(self) -> set[str]:
        """Names whose references may lead to keras through another file of the run."""
        context = self.crossfile
        roots = {name for name, targets in context.bindings.items() if any(targets)}
        if not context.aliases:
            return roots
        heads = {key.lstrip(".").split(".")[0] for key in context.aliases}
        for scope in self.ctx.all_scopes():
            for assignment in scope.assignments:
                if not isinstance(assignment, ImportAssignment):
                    continue
                for q in scope.get_qualified_names_for(assignment.name):
                    if q.name.lstrip(".").split(".")[0] in heads:
                        roots.add(assignment.name.split(".")[0])
                        self._run_file_imports.add(id(assignment))
        return roots

    def keeps(self, assignment: ImportAssignment, bound: str) -> bool:
        """An import that must stay although every use here was rewritten: one of a run
        file (importing it may matter for its side effects), or a name other files import."""
        if id(assignment) in self._run_file_imports:
            return True
        if bound in self.crossfile.exports:
            self.exported_import(assignment)
            return True
        return False

    def through(
        self, node: cst.BaseExpression, base: str, names: Collection[QualifiedName], scope: Scope | None
    ) -> Collection[QualifiedName]:
        """The qualified names of ``node`` once run files are looked through."""
        context = self.crossfile
        if not names:
            targets = context.bindings.get(base)
            if not targets or scope is None or base in scope:
                return names
            full = get_full_name_for_node(node) or base
            return _qualified(targets, full[len(base) :])
        out: set[QualifiedName] = set()
        for q in names:
            key = self._alias_key(q) if q.source is QualifiedNameSource.IMPORT else None
            if key is None:
                out.add(q)
            else:
                out |= _qualified(context.aliases[key], q.name[len(key) :])
        return out

    def _alias_key(self, q: QualifiedName) -> str | None:
        """The longest alias that is ``q`` or a prefix of it (``a.K`` of ``a.K.abs``)."""
        name = q.name
        while name:
            if name in self.crossfile.aliases:
                return name
            cut = name.rfind(".")
            if cut <= 0:
                return None
            name = name[:cut]
        return None

    def rebound_by_star_import(self, name: str, module: str) -> bool:
        """Does a star import of a run file bind ``name`` to something other than ``module``?

        Bound there to ``module`` itself, the file still gets its own import, so it does not
        depend on what the other file imports; bound to anything else, the name is taken
        (the star import would rebind it)."""
        targets = self.crossfile.bindings.get(name)
        return targets is not None and set(targets) != {module}

    def exported_import(self, assignment: ImportAssignment) -> None:
        """Every use here was rewritten, but other files import the name: the import stays.
        If the module it imports is gone, it fails at import time: say so."""
        if KM901.id not in self.ctx.options.select:
            return
        scope = assignment.scope
        for q in scope.get_qualified_names_for(assignment.name):
            ref = backend_ref(q.name)
            if ref is not None and not ref.name and self.ctx.broken(ref):
                self.ctx.report(
                    assignment.node,
                    KM901.id,
                    f"`{ref.qualified}` no longer exists, but other files of the run import "
                    f"`{assignment.name}` from here: migrate them, then remove this import",
                )
