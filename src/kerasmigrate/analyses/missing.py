"""KM905/KM906: no silent misses. A ``keras.*``/``tensorflow.*`` name or keyword that does not
exist today, and that no other rule rewrote or reported, gets a finding on its line.

What exists is read from the API snapshot (``apisnapshot.py``), never by importing
TensorFlow. Only nodes whose leftmost name is bound by a keras/tensorflow import are looked
at (``Context.import_roots``), and the snapshot is read the first time one is. The analysis
runs last: in :meth:`finish` it looks at each candidate as the other analyses left it (their
planned replacements applied to a copy of the node) and skips what they reported, so a name
another rule handles is not reported twice.
"""

from __future__ import annotations

import difflib
import os

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import QualifiedNameSource

from ..apisnapshot import Found, Status, accepted_keywords, snapshot
from ..catalogue import CATALOGUE, Entry
from ..catalogue.keras1_modules import legacy_module
from ..catalogue.modules import canonical
from ..resolve import backend_ref, base_name
from ..rules.leftovers import KM905, KM906
from ._base import Analysis, Context, Replacement

_ROOTS = ("keras", "tensorflow")


def _renamed_to() -> frozenset[str]:
    """The current names of catalogue entries (canonical): what an entry renames to, or the
    entry's own name when only its arguments changed. An extension's names are its own; the
    built-in ones are checked against the snapshot by tests/semantic/test_api_snapshot.py."""
    return frozenset(canonical(name) for e in CATALOGUE if (name := _current_name(e)))


def _current_name(entry: Entry) -> str | None:
    """What an entry says the name is called today, if it says so."""
    if entry.qualified.startswith("keras.backend") or legacy_module(entry.qualified) is not None:
        return None  # the backend is the core's; a gone module's names are moved (KM501-KM511)
    if entry.renamed:
        return entry.renamed
    return entry.qualified if entry.keywords or entry.positional is not None else None


class MissingNames(Analysis):
    rules = frozenset({KM905.id, KM906.id})

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._imports: list[cst.Import | cst.ImportFrom] = []
        self._attributes: list[cst.Attribute] = []
        self._calls: list[cst.Call] = []
        self._found: dict[str, Found] = {}

    # --- collecting (cheap: no lookups while walking) --------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        if any((get_full_name_for_node(a.name) or "").split(".")[0] in _ROOTS for a in node.names):
            self._imports.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = get_full_name_for_node(node.module) if node.module is not None else None
        if not node.relative and module and module.split(".")[0] in _ROOTS:
            self._imports.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        parent = self.ctx.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return  # the longest chain is the one checked
        base = base_name(node)
        if base is not None and base.value in self.ctx.import_roots:
            self._attributes.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        if any(a.keyword is not None for a in node.args):
            base = base_name(node.func)
            if base is not None and base.value in self.ctx.import_roots:
                self._calls.append(node)

    # --- checking --------------------------------------------------------------------------

    _owned_names: frozenset[str] | None = None

    def _owned(self) -> frozenset[str]:
        if self._owned_names is None:
            self._owned_names = _renamed_to()
        return self._owned_names

    def _lookup(self, qualified: str) -> Found:
        found = self._found.get(qualified)
        if found is None:
            found = snapshot().lookup(qualified)
            if found.status is Status.MISSING and canonical(qualified) in self._owned():
                found = Found(Status.UNCHECKED)  # where a catalogue entry says the name lives now
            self._found[qualified] = found
        return found

    def finish(self) -> None:
        if not (self._imports or self._attributes or self._calls):
            return
        ctx = self.ctx
        #: where the other analyses already reported: (line, column) -> their messages
        self._others: dict[tuple[int, int], list[str]] = {}
        for (line, column, rule), finding in ctx.plan.findings.items():
            if rule not in self.rules:
                self._others.setdefault((line, column), []).append(finding.message)
        if KM905.id in ctx.options.select:
            for node in self._imports:
                self._check_import(node)
            for attribute in self._attributes:
                self._check_attribute(attribute)
        if KM906.id in ctx.options.select:
            for call in self._calls:
                self._check_keywords(call)

    def _handled(self, node: cst.CSTNode, name: str | None = None) -> bool:
        """Did another analysis report here (about ``name``, when given)?"""
        messages = self._others.get(self.ctx.where(node), [])
        return any(name is None or name in m for m in messages)

    def _replaced_above(self, node: cst.CSTNode) -> bool:
        replace = self.ctx.plan.replace
        current = self.ctx.parent(node)
        while current is not None and not isinstance(current, cst.Module):
            if id(current) in replace:
                return True
            current = self.ctx.parent(current)
        return False

    def _as_planned(self, node: cst.CSTNode) -> cst.CSTNode:
        """``node`` with the replacements the other analyses planned inside it applied."""
        replace = self.ctx.plan.replace
        if not replace:
            return node
        apply = _Apply(replace)
        planned = node.visit(apply)
        return planned if apply.applied and isinstance(planned, cst.CSTNode) else node

    def _guarded(self, node: cst.CSTNode, errors: frozenset[str]) -> bool:
        """Is ``node`` in the body of a ``try`` whose handlers catch one of ``errors`` (the
        legacy/current fallback idiom: the failure is expected and handled)?"""
        child, current = node, self.ctx.parent(node)
        while current is not None and not isinstance(current, cst.Module):
            if isinstance(current, cst.Try) and child is current.body:
                for handler in current.handlers:
                    kinds = handler.type
                    names = kinds.elements if isinstance(kinds, cst.Tuple) else [kinds]
                    for kind in names:
                        value = kind.value if isinstance(kind, cst.Element) else kind
                        text = get_full_name_for_node(value) if value is not None else None
                        if value is None or text in errors:
                            return True
            child, current = current, self.ctx.parent(current)
        return False

    def _uses_reported(self, node: cst.Import | cst.ImportFrom) -> bool:
        """Did other rules report a use of a name this import binds (``merge(...)``, KM730)?
        Then the import is theirs too: its name is reported where it is used."""
        scope = self.ctx.scope(node)
        if scope is None or isinstance(node.names, cst.ImportStar):
            return False
        for alias in node.names:
            bound = alias.evaluated_alias or (get_full_name_for_node(alias.name) or "").split(".")[0]
            if not bound or bound not in scope:
                continue
            for assignment in scope[bound]:
                if getattr(assignment, "node", None) is not node:
                    continue
                for access in assignment.references:
                    if self._reported_around(access.node):
                        return True
        return False

    def _reported_around(self, node: cst.CSTNode) -> bool:
        """A finding of another rule on ``node`` or on a call/attribute chain it is part of."""
        current: cst.CSTNode | None = node
        while isinstance(current, cst.Name | cst.Attribute | cst.Call | cst.Arg):
            if self.ctx.where(current) in self._others:
                return True
            current = self.ctx.parent(current)
        return False

    def _check_import(self, node: cst.Import | cst.ImportFrom) -> None:
        if self._replaced_above(node) or self._guarded(node, _IMPORT_ERRORS):
            return
        if self._others and self._uses_reported(node):
            return
        planned = self._as_planned(node)
        if not isinstance(planned, cst.Import | cst.ImportFrom):
            return
        if isinstance(planned, cst.Import):
            for alias in planned.names:
                full = get_full_name_for_node(alias.name) or ""
                if backend_ref(full) is not None:
                    continue  # the backend modules are the core's (KM901, KM903)
                found = self._lookup(full)
                if found.status is Status.MISSING and not self._handled(node, found.missing):
                    self._report(node, found.missing, full, "the import fails")
            return
        module = get_full_name_for_node(planned.module) if planned.module is not None else None
        if not module or module.split(".")[0] not in _ROOTS or backend_ref(module) is not None:
            return
        found = self._lookup(module)
        if found.status is Status.MISSING:
            names = [] if isinstance(planned.names, cst.ImportStar) else planned.names
            owned = self._owned()
            if names and all(canonical(f"{module}.{get_full_name_for_node(a.name)}") in owned for a in names):
                return  # names the catalogue renames (their module path is its rows' business too)
            if not self._handled(node):
                first = get_full_name_for_node(names[0].name) if names else None
                self._report(
                    node, found.missing, f"{module}.{first}" if first else module, "the import fails"
                )
            return
        if (
            found.status is not Status.EXISTS
            or found.kind != "m"
            or isinstance(planned.names, cst.ImportStar)
        ):
            return
        missing = []  # (the aliases are not visited: one finding at the statement names them all)
        for alias in planned.names:
            name = get_full_name_for_node(alias.name) or ""
            full = f"{module}.{name}"
            if (
                backend_ref(full) is not None
                or self._handled(node, f"`{full}")
                or self._handled(node, f"`{name}`")
            ):
                continue
            if self._lookup(full).status is Status.MISSING:
                missing.append(full)
        if len(missing) == 1:
            self._report(node, missing[0], missing[0], "the import fails")
        elif missing:
            shown = ", ".join(f"`{m.rpartition('.')[2]}`" for m in missing)
            message = f"{shown} do not exist in `{module}` of TF 2.21 / Keras 3.15 (the import fails); port them by hand"
            if len(message) > _MAX:
                message = f"{len(missing)} imported names do not exist in `{module}` today; the import fails"
            self.ctx.report(node, KM905.id, message)

    def _qualified(self, node: cst.BaseExpression) -> list[str]:
        scope = self.ctx.scope(node)
        names = self.ctx.qualified_names(scope, node) if scope is not None else set()
        if any(q.source is not QualifiedNameSource.IMPORT for q in names):
            return []  # a local name on some path
        return sorted(q.name for q in names if q.name.split(".")[0] in _ROOTS)

    def _check_attribute(self, node: cst.Attribute) -> None:
        names = self._qualified(node)  # the lookups first: most chains exist, and cost nothing more
        if not names:
            return
        found = [self._lookup(q) for q in names]
        if not all(f.status is Status.MISSING for f in found):
            return  # exists (or is not checked) on some import path
        if any(backend_ref(q) is not None for q in names):
            return  # the backend is the core's (KM1xx, KM901)
        ctx = self.ctx
        base = base_name(node)
        if base is None or any(self._lookup(b).status is Status.MISSING for b in self._qualified(base)):
            return  # reported at the import that binds it
        if id(node) in ctx.plan.replace or self._replaced_above(node) or self._reported_around(node):
            return
        if self._guarded(node, _ATTRIBUTE_ERRORS):
            return
        planned = self._as_planned(node)
        if planned is not node:  # re-resolve what the other rules made of the chain
            new = get_full_name_for_node(planned)
            old = get_full_name_for_node(node)
            if new is None or old is None:
                return
            rebuilt = [q[: len(q) - len(old)] + new for q in names if q.endswith(old[len(base.value) :])]
            if not rebuilt or any(self._lookup(q).status is not Status.MISSING for q in rebuilt):
                return
        self._report(node, found[0].missing, names[0], "`AttributeError` here")

    def _check_keywords(self, call: cst.Call) -> None:
        ctx = self.ctx
        names = self._qualified(call.func)
        if not names:
            return
        renamed = id(call.func) in ctx.plan.replace
        accepted = None if renamed else self._accepted(names)
        if accepted is None and (renamed or all(self._lookup(q).status is Status.MISSING for q in names)):
            func = self._as_planned(call.func)  # a rename of the callee: the new last name, same module
            new = get_full_name_for_node(func) if func is not call.func else None
            if new is None:
                return
            names = [f"{q.rpartition('.')[0]}.{new.rpartition('.')[2]}" for q in names]
            accepted = self._accepted(names)
        if accepted is None or all(a.keyword is None or a.keyword.value in accepted for a in call.args):
            return
        if any(backend_ref(q) is not None for q in names):
            return
        if id(call) in ctx.plan.replace or self._replaced_above(call):
            return
        shown = names[0].rpartition(".")[2]
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value in accepted:
                continue
            keyword = arg.keyword.value
            if id(arg) in ctx.plan.replace or self._handled(arg) or self._handled(call, f"{keyword}"):
                continue  # (a finding on the call that names the keyword covers it)
            close = difflib.get_close_matches(keyword, sorted(accepted), n=3, cutoff=0.6)
            hint = (
                f"did you mean {', '.join(f'`{c}=`' for c in close)}?"
                if close
                else "drop it or port it by hand"
            )
            ctx.report(
                arg,
                KM906.id,
                f"`{shown}(...)` does not accept `{keyword}=` in TF 2.21 / Keras 3.15 (the call raises); {hint}",
            )

    def _accepted(self, names: list[str]) -> frozenset[str] | None:
        """The keywords every import path's callee accepts, None when not known for one."""
        out: frozenset[str] = frozenset()
        for q in names:
            found = self._lookup(q)
            accepted = accepted_keywords(found) if found.status is Status.EXISTS else None
            if accepted is None:
                return None
            out |= accepted
        return out

    def _report(self, node: cst.CSTNode, missing: str, full: str, effect: str) -> None:
        message = (
            f"`{missing}` does not exist in TF 2.21 / Keras 3.15 ({effect}); {self._hint(missing, full)}"
        )
        if len(message) > _MAX:
            message = f"`{missing}` does not exist in TF 2.21 / Keras 3.15 ({effect}); port it by hand"
        self.ctx.report(node, KM905.id, message)

    def _hint(self, missing: str, full: str) -> str:
        shot = snapshot()
        root, _, rest = full.partition(".")
        if root == "tensorflow" and missing.split(".")[1:2] == ["contrib"]:
            return "`tf.contrib` is gone since TF 2.0: port it to a TF 2 API"
        v1 = f"tensorflow.compat.v1.{rest}"
        if (
            root == "tensorflow"
            and not rest.startswith(("keras", "compat"))
            and shot.lookup(v1).status is Status.EXISTS
        ):
            return f"TF 1.x API: port it to TF 2, or use `tf.compat.v1.{rest}`"
        if root == "keras" and shot.lookup(f"tensorflow.{full}").status is Status.EXISTS:
            return f"`tensorflow.{full}` still has it"
        last = full.rpartition(".")[2]
        homes = shot.homes(last, root)
        if root == "tensorflow":
            homes = [h for h in homes if h.startswith("tensorflow.keras")] or homes
        if homes:  # the one nearest to the legacy path (``keras.layers.core.X`` -> ``keras.layers.X``)
            parts = full.split(".")
            homes = sorted(homes, key=lambda h: -len(os.path.commonprefix([h.split("."), parts])))
        if homes and full not in homes:
            return f"use `{homes[0]}` if it is the same API"
        return "no public name of that name: port it by hand"


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_ATTRIBUTE_ERRORS = frozenset({"AttributeError", "Exception", "BaseException"})
#: a finding is one short line (tests/test_fixtures.py)
_MAX = 160


class _Apply(cst.CSTTransformer):
    """The planned replacements inside one node, applied bottom-up to a copy."""

    def __init__(self, replace: dict[int, Replacement]) -> None:
        super().__init__()
        self.replace = replace
        self.applied = False

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        fn = self.replace.get(id(original_node))
        if fn is None:
            return updated_node
        self.applied = True
        return fn(updated_node)
