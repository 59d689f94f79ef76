"""Name and import renames: catalogue entries whose ``renamed`` says what Keras calls them now.

``from keras.layers import Convolution2D`` becomes ``from keras.layers import Conv2D`` and
every use of the bound name follows (in the spirit of LibCST's ``RenameCommand``), unless
the new name is taken somewhere in the module or other modules may import the old one (a
batch run's exports, an ``__all__``): then the import becomes ``Conv2D as Convolution2D``
and the uses stay. ``... import Convolution2D as C`` changes only the imported name;
``layers.Convolution2D``, ``keras.layers.Convolution2D``, ``L.Convolution2D`` (any import
spelling of the module) change the attribute. A rename to another module is not made here
(the entry's use is left alone).
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, QualifiedNameSource

from ..catalogue import CATALOGUE, Entry
from ..catalogue.modules import canonical
from ..resolve import base_name
from ._base import Analysis, Context, Replacement


def _same_module(entry: Entry) -> str | None:
    """The new last name, when the rename stays in the entry's (canonical) module."""
    module, _, new = entry.renamed.rpartition(".")
    return new if canonical(f"{module}.{new}") == canonical(f"{entry.module}.{new}") else None


class Renames(Analysis):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._module_names: set[str] | None = None

    def _entry(self, qualified: str) -> Entry | None:
        entry = CATALOGUE.lookup(qualified)
        if entry is None or not entry.renamed or entry.rule not in self.ctx.options.select:
            return None
        if entry.renamed_with_evidence and self.ctx.keras1 is None:
            return None
        return entry

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not CATALOGUE.has_renames or node.relative or node.module is None:
            return
        if isinstance(node.names, cst.ImportStar):
            return
        module = get_full_name_for_node(node.module)
        changes: dict[int, tuple[str, str | None]] = {}
        for i, alias in enumerate(node.names):
            name = get_full_name_for_node(alias.name)
            entry = self._entry(f"{module}.{name}") if name else None
            new = _same_module(entry) if entry is not None else None
            if entry is None or new is None or name is None or self.ctx.suppressed(node, entry.rule):
                continue
            if alias.asname is not None:
                changes[i] = (new, None)
            elif self._may_rename_uses(node, name, new):
                changes[i] = (new, None)
                self._rename_uses(node, name, new)
            else:
                changes[i] = (new, name)  # ``New as Old``: the uses keep the old name
            self.ctx.fixed(node, entry.rule)
        if changes:
            self.ctx.plan.replace[id(node)] = _import_renamer(changes)

    def _may_rename_uses(self, node: cst.ImportFrom, old: str, new: str) -> bool:
        ctx = self.ctx
        if self._module_names is None:
            self._module_names = {a.name for s in ctx.all_scopes() for a in s.assignments}
        if new in self._module_names or old in ctx.exported_names():
            return False
        return "__all__" not in self._module_names

    def _rename_uses(self, node: cst.ImportFrom, old: str, new: str) -> None:
        scope = self.ctx.scope(node)
        if scope is None:
            return
        for assignment in scope[old]:
            if not isinstance(assignment, ImportAssignment) or assignment.node is not node:
                continue
            for access in assignment.references:
                if isinstance(access.node, cst.Name):
                    self.ctx.plan.replace[id(access.node)] = _name_renamer(new)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not CATALOGUE.has_renames:
            return
        ctx = self.ctx
        base = base_name(node)
        if base is None or base.value not in ctx.import_roots:
            return
        scope = ctx.scope(node)
        names = ctx.qualified_names(scope, node) if scope is not None else set()
        entries = [self._entry(q.name) if q.source is QualifiedNameSource.IMPORT else None for q in names]
        entry = entries[0] if entries else None
        if entry is None or any(e is not entry for e in entries):
            return  # not a renamed entry, or something else on another import path
        new = _same_module(entry) if entry is not None else None
        if entry is None or new is None or node.attr.value != entry.name or ctx.suppressed(node, entry.rule):
            return
        ctx.plan.replace[id(node)] = _attribute_renamer(new)
        ctx.fixed(node, entry.rule)


def _import_renamer(changes: dict[int, tuple[str, str | None]]) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.ImportFrom) and not isinstance(updated.names, cst.ImportStar)
        names = list(updated.names)
        for i, (new, alias) in changes.items():
            asname = cst.AsName(name=cst.Name(alias)) if alias is not None else names[i].asname
            names[i] = names[i].with_changes(name=cst.Name(new), asname=asname)
        return updated.with_changes(names=names)

    return replace


def _name_renamer(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Name)
        return updated.with_changes(value=new)

    return replace


def _attribute_renamer(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Attribute)
        return updated.with_changes(attr=cst.Name(new))

    return replace
