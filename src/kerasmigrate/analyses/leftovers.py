"""KM901-KM904: legacy backend references that no rule rewrote. Nothing is missed silently.

The core resolution hands this analysis what it could not rewrite (hooks of ``_base.py``):
an unused import of a removed module, a reference the target has no row for, a function
used as a value, a name that is the backend on one import path only, Theano/CNTK code and
private backend names (never rewritten). The words that name the target are the target's.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment

from ..imports import bound_names
from ..removed import private_message, theano_message
from ..resolve import BackendRef, backend_ref
from ..rules.leftovers import KM901, KM902, KM903, KM904
from ._base import Analysis


class Leftovers(Analysis):
    def visit_Import(self, node: cst.Import) -> None:
        self._unused_imports(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._unused_imports(node)

    def _unused_imports(self, node: cst.Import | cst.ImportFrom) -> None:
        """An unused import of a removed backend module still fails at import time: report it.

        (Used names are reported, or rewritten, where they are used.)"""
        ctx = self.ctx
        scope = ctx.scope(node)
        if scope is None:
            return
        if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar) and not node.relative:
            ref = backend_ref(get_full_name_for_node(node.module) or "") if node.module else None
            if ref is not None and ref.removed_backend and KM903.id in ctx.options.select:
                ctx.report(node, KM903.id, theano_message(ref, ctx.target, unused_import=False))
            return
        names = bound_names(node)
        if isinstance(node, cst.Import):  # ``import keras.backend.cntk_backend`` binds ``keras``
            names += [
                full for a in node.names if a.asname is None and (full := get_full_name_for_node(a.name))
            ]
        select = ctx.options.select
        for assignment in {a for name in names if name in scope for a in scope[name]}:
            if not isinstance(assignment, ImportAssignment) or assignment.node is not node:
                continue
            if assignment.references:
                continue
            if assignment.name in ctx.exported_names():  # other files of the run use it
                ctx.exported_import(assignment)
                continue
            for qname in scope.get_qualified_names_for(assignment.name):
                ref = backend_ref(qname.name)
                if ref is not None and ref.removed_backend and KM903.id in select:
                    ctx.report(node, KM903.id, theano_message(ref, ctx.target, unused_import=True))
                elif ref is not None and ctx.broken(ref) and KM901.id in select:
                    ctx.report(
                        node,
                        KM901.id,
                        f"`{ref.qualified}` is imported but does not exist in current Keras; "
                        "the import fails: remove it",
                    )

    # --- hooks ----------------------------------------------------------------------------

    def ambiguous(self, node: cst.Name | cst.Attribute) -> None:
        self.ctx.report(
            node,
            KM901.id,
            f"`{get_full_name_for_node(node)}` is the Keras backend on one import path only; "
            "not migrated, check it by hand",
        )

    def report_only(self, node: cst.CSTNode, ref: BackendRef) -> bool:
        """Theano/CNTK code (KM903) and private backend names (KM904) are never rewritten,
        even when their rule is not selected."""
        ctx = self.ctx
        if ref.removed_backend:
            if KM903.id in ctx.options.select:
                ctx.report(node, KM903.id, theano_message(ref, ctx.target))
            return True
        if ref.private:
            if KM904.id in ctx.options.select:
                ctx.report(node, KM904.id, private_message(ref, ctx.target))
            return True
        return False

    def unmapped(self, node: cst.CSTNode, ref: BackendRef) -> None:
        ctx = self.ctx
        if KM901.id not in ctx.options.select:
            return
        head = ref.name.split(".")[0]
        target = ctx.target
        if not ref.name:
            hint = target.text("module_gone")
        elif head in target.fallback_names:
            hint = target.text("closest", name=head, fallback=target.text("fallback"))
        else:
            hint = target.text("no_equivalent")
        ctx.report(node, KM901.id, f"`{ref.qualified}` does not exist in current Keras; {hint}")

    def unusable_reference(self, node: cst.Name | cst.Attribute, ref: BackendRef, rule: str) -> None:
        self.ctx.report(
            node,
            KM902.id,
            f"`{ref.qualified}` is used without a call, so its arguments cannot be checked; "
            f"see `kerasmigrate rules {rule}`",
        )
