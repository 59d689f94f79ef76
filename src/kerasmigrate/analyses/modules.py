"""KM501-KM511: module paths that are gone (``keras.layers.core``, ``keras.engine.topology``,
``keras.utils.np_utils``, ``keras.objectives``), their names' current homes, and names with
no equivalent (``catalogue/keras1_modules.py``).

What is rewritten, through every import spelling:

- ``from <gone module> import a, b as c``: the module becomes each name's home; a statement
  whose names go to different homes is split into one statement per home (in order of first
  appearance); a renamed name keeps the name the code binds (``import plot_model as plot``).
  A name with no equivalent stays in the old import and is reported (KM510).
- ``import <gone module> as m`` / ``from <parent> import <gone module>``: rewritten to the one
  home every ``m.<name>`` use goes to (``import keras.layers as core``); reported when the
  alias is used otherwise, or its names go to several homes.
- ``import <gone module>`` (binding the root) becomes ``import <home>``; chains spelled in full
  (``keras.layers.core.Dense``) get the home's path (``keras.layers.Dense``).
- A gone name imported by a top-level import and used only in the bodies of top-level
  functions or methods is moved into each of them (KM511): the module imports, the use is
  reported there. Unused: the import is removed. Anything else stays and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, QualifiedNameSource

from ..catalogue import CATALOGUE
from ..catalogue.keras1_modules import (
    DEFERRED_RULE,
    GONE_RULE,
    MOVES,
    WRITE_OUT,
    Gone,
    ModuleMove,
    Moved,
    gone,
    legacy_module,
)
from ..catalogue.modules import canonical
from ..resolve import base_name
from ..rules.modules import RULES
from ._base import Analysis, Context, Replacement

#: a module path that is also a Keras 1 function (``keras.layers.merge``): a reference to
#: it as a whole is the merge rule's, never reported or rebound here
_AMBIGUOUS = frozenset({"keras.layers.merge"})

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


@dataclass(frozen=True)
class _Dest:
    """Where one imported name goes: ``module``, and the name to import (None: as it is,
    because the rename analysis renames it)."""

    module: str
    name: str | None = None
    moved: Moved | None = None


@dataclass
class _Deferral:
    """A gone name's top-level import, to be moved into functions or removed."""

    node: cst.ImportFrom
    index: int
    module: str
    hint: str
    rule: str
    functions: list[cst.FunctionDef] = field(default_factory=list)
    uses: list[cst.CSTNode] = field(default_factory=list)


def _compose(ctx: Context, node: cst.CSTNode, fn: Replacement) -> None:
    """Plan ``fn`` on ``node`` after whatever is planned there already (a rename of the name)."""
    before = ctx.plan.replace.get(id(node))
    ctx.plan.replace[id(node)] = fn if before is None else (lambda updated: fn(before(updated)))


def _dotted(text: str) -> cst.Attribute | cst.Name:
    expr = cst.parse_expression(text)
    assert isinstance(expr, cst.Attribute | cst.Name)
    return expr


class Modules(Analysis):
    rules = frozenset(r.id for r in RULES)

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._from_legacy: list[tuple[cst.ImportFrom, ModuleMove]] = []
        self._from_gone: list[tuple[cst.ImportFrom, str]] = []
        self._bindings: list[tuple[cst.Import | cst.ImportFrom, int, ModuleMove]] = []
        self._chains: list[tuple[cst.Attribute, cst.Attribute, ModuleMove, str]] = []
        self._calls: list[tuple[cst.Call, str, tuple[tuple[str, str], ...], tuple[str, ...]]] = []

    def _on(self, rule: str) -> bool:
        return rule in self.ctx.options.select

    # --- walking ------------------------------------------------------------------------

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        module = get_full_name_for_node(node.module) or ""
        if not module.startswith(("keras", "tensorflow.keras")):
            return
        found = legacy_module(module)
        if isinstance(node.names, cst.ImportStar):
            if found is not None and self._on(found[0].rule):
                self.ctx.report(
                    node,
                    found[0].rule,
                    f"`{module}` is gone: import the names you use from `{found[0].home}`",
                )
            return
        if found is not None and not found[1]:
            sub = legacy_module(f"{module}.{get_full_name_for_node(node.names[0].name)}")
            if len(node.names) == 1 and sub is not None and not sub[1]:
                self._bindings.append((node, 0, sub[0]))  # ``from keras.engine import topology``
            else:
                self._from_legacy.append((node, found[0]))
            return
        for i, alias in enumerate(node.names):
            name = get_full_name_for_node(alias.name) or ""
            sub = legacy_module(f"{module}.{name}")
            if f"{module}.{name}" in _AMBIGUOUS:
                continue  # Keras 1's ``merge`` function, not the module: the merge rule's
            if sub is not None and not sub[1]:
                self._bindings.append((node, i, sub[0]))
            elif gone(f"{module}.{name}") is not None:
                self._from_gone.append((node, module))
                break

    def visit_Import(self, node: cst.Import) -> None:
        for i, alias in enumerate(node.names):
            name = get_full_name_for_node(alias.name) or ""
            found = legacy_module(name)
            if found is not None and not found[1]:
                self._bindings.append((node, i, found[0]))
            hint = gone(name)
            if hint is not None and self._on(hint.rule):
                self.ctx.report(node, hint.rule, hint.hint)

    def _qualified(self, node: cst.CSTNode) -> str | None:
        base = base_name(node) if isinstance(node, cst.Attribute | cst.Name) else None
        if base is None or base.value not in self.ctx.import_roots:
            return None
        scope = self.ctx.scope(node)
        if scope is None:
            return None
        names = {
            q.name for q in self.ctx.qualified_names(scope, node) if q.source is QualifiedNameSource.IMPORT
        }
        return names.pop() if len(names) == 1 else None

    def visit_Attribute(self, node: cst.Attribute) -> None:
        parent = self.ctx.parent(node)
        if isinstance(parent, cst.ImportFrom | cst.ImportAlias | cst.Import):
            return
        qualified = self._qualified(node)
        if qualified is None:
            return
        found = legacy_module(qualified)
        if found is not None and found[1] and "." not in found[1] and isinstance(node.value, cst.Attribute):
            self._chains.append((node, node.value, found[0], found[1]))
            return
        if found is not None and not found[1] and qualified not in _AMBIGUOUS:
            if not (isinstance(parent, cst.Attribute) and parent.value is node) and self._on(found[0].rule):
                self.ctx.report(
                    node,
                    found[0].rule,
                    f"`{qualified}` is gone: use the names you need from `{found[0].home}`",
                )
            return
        if found is None:
            hint = gone(qualified)
            inner = self._qualified(node.value)
            if hint is not None and (inner is None or gone(inner) is None) and self._on(GONE_RULE):
                self.ctx.report(node, GONE_RULE, hint.hint)

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self._qualified(node.func)
        if qualified is None:
            return
        found = legacy_module(qualified)
        if found is not None and found[1]:
            fate = found[0].fate(found[1])
            if isinstance(fate, Moved) and fate.write_out:
                entry = CATALOGUE.lookup(qualified)
                params = tuple(p.name for p in entry.params) if entry is not None else ()
                self._calls.append((node, found[0].rule, fate.write_out, params))
            return
        entry = CATALOGUE.lookup(qualified)
        if entry is not None and canonical(entry.qualified) in WRITE_OUT:
            params = tuple(p.name for p in entry.params)
            self._calls.append((node, entry.rule, WRITE_OUT[canonical(entry.qualified)], params))

    # --- deciding -----------------------------------------------------------------------

    def _dest(self, move: ModuleMove, name: str) -> _Dest | Gone:
        """Where ``move.module.name`` goes, or why it goes nowhere."""
        entry = CATALOGUE.lookup(f"{move.module}.{name}")
        renamed = None
        if entry is not None and entry.renamed and entry.rule in self.ctx.options.select:
            module, _, new = entry.renamed.rpartition(".")
            if canonical(f"{module}.{new}") == canonical(f"{entry.module}.{new}"):
                renamed = new  # the rename analysis renames it in place
        fate = move.fate(renamed or name)
        if isinstance(fate, Moved):
            if renamed is not None:
                return _Dest(fate.module, None, fate)
            return _Dest(fate.module, fate.name if fate.name != name else None, fate)
        if fate is None and entry is not None:
            return _Dest(move.module)  # a Keras 1 layer another rule of the catalogue handles: left to it
        if fate is None:
            return Gone(
                f"`{move.module}` is gone and `{name}` is not known in `{move.home}`: check it by hand",
                move.rule,
            )
        return fate

    def finish(self) -> None:
        for node, move in self._from_legacy:
            self._import_from_legacy(node, move)
        for node, module in self._from_gone:
            self._import_from_gone(node, module)
        for binding, index, move in self._bindings:
            self._module_binding(binding, index, move)
        for outer, inner, move, name in self._chains:
            self._chain(outer, inner, move, name)
        for call, rule, write_out, params in self._calls:
            self._write_out(call, rule, write_out, params)

    # --- from <gone module> import ... ----------------------------------------------------

    def _import_from_legacy(self, node: cst.ImportFrom, move: ModuleMove) -> None:
        ctx = self.ctx
        assert not isinstance(node.names, cst.ImportStar)
        if not self._on(move.rule) or ctx.suppressed(node, move.rule):
            return
        plan: list[tuple[str, str | None] | None] = []  # per alias: (module, new name) or None: stays
        deferrals: list[_Deferral] = []
        for i, alias in enumerate(node.names):
            name = get_full_name_for_node(alias.name) or ""
            dest = self._dest(move, name)
            if isinstance(dest, _Dest):
                hand: list[tuple[cst.CSTNode, str]] = []
                if dest.moved is not None and dest.moved.write_out:
                    hand = self._uses_by_hand(node, alias.evaluated_alias or name, dest.moved)
                if not hand:
                    plan.append((dest.module, dest.name))
                    continue
                plan.append(None)  # left as it is (the import fails), and reported where it is used
                for use, why in hand:
                    self.ctx.report(use, move.rule, why)
                continue
            plan.append(None)
            deferrals.append(_Deferral(node, i, move.module, dest.hint, dest.rule))
        self._apply_plan(node, move.module, plan, deferrals, move.rule)

    def _by_hand(self, use: cst.CSTNode, moved: Moved) -> str | None:
        """Why a use of a name whose default changed cannot get it written out: used without
        a call (``save = plot``), or called with ``*``/``**`` that may or may not pass it."""
        keywords = ", ".join(f"{k}={v}" for k, v in moved.write_out)
        call = self.ctx.parent(use)
        if not (isinstance(call, cst.Call) and call.func is use):
            return f"`{moved.qualified}` is used without a call and its default changed: pass `{keywords}` where it is called"
        given = {a.keyword.value for a in call.args if a.keyword is not None}
        if any(a.star for a in call.args) and any(k not in given for k, _ in moved.write_out):
            return f"`{moved.qualified}`'s default changed and `*`/`**` may pass it: pass `{keywords}` if they do not"
        return None

    def _uses_by_hand(
        self, node: cst.ImportFrom, binding: str, moved: Moved
    ) -> list[tuple[cst.CSTNode, str]]:
        scope = self.ctx.scope(node)
        found: list[tuple[cst.CSTNode, str]] = []
        for assignment in scope[binding] if scope is not None else ():
            if isinstance(assignment, ImportAssignment) and assignment.node is node:
                for access in assignment.references:
                    why = self._by_hand(access.node, moved)
                    if why is not None:
                        found.append((access.node, why))
        return found

    def _import_from_gone(self, node: cst.ImportFrom, module: str) -> None:
        assert not isinstance(node.names, cst.ImportStar)
        plan: list[tuple[str, str | None] | None] = []
        deferrals: list[_Deferral] = []
        for i, alias in enumerate(node.names):
            name = get_full_name_for_node(alias.name) or ""
            hint = gone(f"{module}.{name}")
            plan.append(None)
            if hint is not None:
                deferrals.append(_Deferral(node, i, module, hint.hint, hint.rule))
        self._apply_plan(node, module, plan, deferrals, None)

    def _apply_plan(
        self,
        node: cst.ImportFrom,
        module: str,
        plan: list[tuple[str, str | None] | None],
        deferrals: list[_Deferral],
        rule: str | None,
    ) -> None:
        """Rewrite one ``from`` statement: moved names to their homes (split when they go to
        several), gone names deferred into functions, removed, or kept and reported."""
        ctx = self.ctx
        line = ctx.parent(node)
        assert not isinstance(node.names, cst.ImportStar)
        if deferrals and self._on(DEFERRED_RULE):
            self._whole_file_needed()
        # a line that would go entirely keeps its comments: nothing is moved out of it then
        whole = len(deferrals) == len(node.names) and all(p is None for p in plan)
        keep_line = whole and isinstance(line, cst.SimpleStatementLine) and _has_comments(line)
        dropped = {d.index for d in deferrals if not keep_line and self._defer(d)}
        groups: dict[str, list[int]] = {}
        for i, planned in enumerate(plan):
            if i in dropped:
                continue
            groups.setdefault(planned[0] if planned is not None else module, []).append(i)
        alone = isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
        if (not dropped and set(groups) == {module}) or (len(groups) > 1 and not alone):
            if len(groups) > 1 and rule is not None:
                ctx.report(
                    node,
                    rule,
                    f"`{module}` is gone: split this import by hand (its names go to different modules)",
                )
            for d in deferrals:  # the gone names are reported where they fail
                if self._on(d.rule):
                    ctx.report(node, d.rule, d.hint)
            return
        renames = {i: t[1] for i, t in enumerate(plan) if t is not None and t[1] is not None}

        def build(updated: cst.ImportFrom, target: str, indices: list[int]) -> cst.ImportFrom:
            assert not isinstance(updated.names, cst.ImportStar)
            names = []
            for i in indices:
                alias = updated.names[i]
                if i in renames:
                    old = get_full_name_for_node(alias.name) or ""
                    asname = alias.asname or cst.AsName(name=cst.Name(old))
                    alias = alias.with_changes(name=cst.Name(renames[i]), asname=asname)
                names.append(alias)
            if updated.lpar is None or len(indices) < len(updated.names):
                names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            lpar, rpar = (updated.lpar, updated.rpar) if len(indices) == len(updated.names) else (None, None)
            if lpar is not None:
                return updated.with_changes(module=_dotted(target), names=names)
            return updated.with_changes(module=_dotted(target), names=names, lpar=lpar, rpar=rpar)

        if len(groups) == 1:
            ((target, indices),) = groups.items()
            _compose(ctx, node, lambda u: build(u, target, indices))  # type: ignore[arg-type]
        else:
            assert isinstance(line, cst.SimpleStatementLine)

            def split(
                updated: cst.CSTNode,
            ) -> cst.CSTNode | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
                assert isinstance(updated, cst.SimpleStatementLine)
                if not groups:
                    return cst.RemovalSentinel.REMOVE
                statement = updated.body[0]
                assert isinstance(statement, cst.ImportFrom)
                lines = []
                for n, (target, indices) in enumerate(groups.items()):
                    part = build(statement, target, indices)
                    if n == 0:
                        lines.append(updated.with_changes(body=[part]))
                    else:
                        lines.append(cst.SimpleStatementLine(body=[part]))
                return cst.FlattenSentinel(lines)

            _compose(ctx, line, split)  # type: ignore[arg-type]
            module_node = ctx.parent(line)
            first = (
                isinstance(module_node, cst.Module)
                and len(module_node.body) > 1
                and module_node.body[0] is line
                and not module_node.header
            )
            if not groups and first:  # the file's first line goes: so do the blank lines after it
                assert isinstance(module_node, cst.Module)
                _compose(ctx, module_node.body[1], _strip_blank_leading)
        for target in groups:
            if target != module:
                ctx.fixed(node, rule or GONE_RULE)
                break
        for d in deferrals:
            if d.index in dropped:
                ctx.fixed(node, DEFERRED_RULE)
                for use in d.uses:
                    if self._on(d.rule):
                        ctx.report(use, d.rule, f"{d.hint} (its import was moved here)")
            elif self._on(d.rule):
                ctx.report(node, d.rule, d.hint)

    def _whole_file_needed(self) -> None:
        """A deferral must read every use and binding of the name, and the line's own
        comments (segment.py marks kept lines with one): only the whole file shows them."""
        if self.ctx.segmented:
            from ..segment import Fallback

            raise Fallback("a gone import may move into the functions that use it")

    def _defer(self, d: _Deferral) -> bool:
        """Can this gone name's import be moved into the functions that use it (or removed,
        unused)? If so, plan the insertions."""
        ctx = self.ctx
        if not self._on(DEFERRED_RULE) or ctx.suppressed(d.node, DEFERRED_RULE):
            return False
        line = ctx.parent(d.node)
        if not isinstance(line, cst.SimpleStatementLine) or not isinstance(ctx.parent(line), cst.Module):
            return False  # inside try/if/def: the code chose where it imports
        if len(line.body) != 1:
            return False
        assert not isinstance(d.node.names, cst.ImportStar)
        alias = d.node.names[d.index]
        binding = alias.evaluated_alias or get_full_name_for_node(alias.name) or ""
        scope = ctx.scope(d.node)
        if scope is None or binding in ctx.exported_names():
            return False
        if "__all__" in {a.name for a in scope.assignments}:
            return False
        assignments = list(scope[binding])
        if len(assignments) != 1 or not isinstance(assignments[0], ImportAssignment):
            return False
        functions: list[cst.FunctionDef] = []
        uses: list[cst.CSTNode] = []
        for access in assignments[0].references:
            function = self._top_function(access.node)
            if function is None:
                return False
            if function not in functions:
                functions.append(function)
                uses.append(access.node)
        if not functions and _has_comments(line) and len(d.node.names) == 1:
            return False
        d.functions, d.uses = functions, uses
        text = f"from {d.module} import {get_full_name_for_node(alias.name)}"
        if alias.asname is not None:
            text += f" as {binding}"
        for function in functions:
            body = function.body
            statement = cst.parse_statement(text + "\n")

            def insert(updated: cst.CSTNode, statement: cst.BaseStatement = statement) -> cst.CSTNode:
                assert isinstance(updated, cst.IndentedBlock)
                body = list(updated.body)
                at = 1 if body and _is_docstring(body[0]) else 0
                return updated.with_changes(body=[*body[:at], statement, *body[at:]])

            _compose(ctx, body, insert)
        return True

    def _defer_binding(self, node: cst.ImportFrom, index: int) -> bool:
        """``from keras import initializations`` whose every use fails: move it into the
        functions that use it (item 10), as for a gone name."""
        line = self.ctx.parent(node)
        assert not isinstance(node.names, cst.ImportStar)
        if self._on(DEFERRED_RULE):
            self._whole_file_needed()
        if not isinstance(line, cst.SimpleStatementLine) or (len(node.names) == 1 and _has_comments(line)):
            return False
        module = get_full_name_for_node(node.module) if node.module is not None else None
        if not module or not self._defer(_Deferral(node, index, module, "", GONE_RULE)):
            return False
        if len(node.names) == 1:
            _compose(self.ctx, line, lambda _u: cst.RemovalSentinel.REMOVE)  # type: ignore[arg-type,return-value]
        else:

            def drop(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.ImportFrom) and not isinstance(updated.names, cst.ImportStar)
                names = [a for i, a in enumerate(updated.names) if i != index]
                names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                return updated.with_changes(names=names)

            _compose(self.ctx, node, drop)
        self.ctx.fixed(node, DEFERRED_RULE)
        return True

    def _top_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The top-level function or method (of a top-level class) whose body holds ``node``."""
        ctx = self.ctx
        chain: list[cst.CSTNode] = []
        current: cst.CSTNode | None = node
        while current is not None:
            chain.append(current)
            current = ctx.parent(current)
        for i, item in enumerate(chain):
            if not isinstance(item, cst.FunctionDef) or i == 0 or chain[i - 1] is not item.body:
                continue
            rest = chain[i + 1 :]
            if rest and isinstance(rest[0], cst.Module):
                return item
            if (
                len(rest) >= 3
                and isinstance(rest[0], cst.IndentedBlock)
                and isinstance(rest[1], cst.ClassDef)
                and isinstance(rest[2], cst.Module)
            ):
                return item
        return None

    # --- import <gone module> [as m] / from <parent> import <gone module> -------------------

    def _module_binding(self, node: cst.Import | cst.ImportFrom, index: int, move: ModuleMove) -> None:
        ctx = self.ctx
        if not self._on(move.rule) or ctx.suppressed(node, move.rule):
            return
        assert not isinstance(node.names, cst.ImportStar)
        alias = node.names[index]
        full = get_full_name_for_node(alias.name) or ""
        if isinstance(node, cst.Import) and alias.asname is None:
            # ``import keras.layers.core`` binds ``keras``: its chains are rewritten one by one
            new = move.home

            def rename(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.Import)
                names = list(updated.names)
                names[index] = names[index].with_changes(name=_dotted(new))
                return updated.with_changes(names=names)

            _compose(ctx, node, rename)
            ctx.fixed(node, move.rule)
            return
        binding = alias.evaluated_alias or full
        scope = ctx.scope(node)
        assignments = (
            [a for a in scope[binding] if isinstance(a, ImportAssignment) and a.node is node] if scope else []
        )
        if len(assignments) != 1:
            return
        homes: set[str] = set()
        attributes: list[tuple[cst.Attribute, str | None]] = []
        failing: list[tuple[cst.CSTNode, Gone]] = []
        for access in assignments[0].references:
            use = ctx.parent(access.node)
            if not (isinstance(use, cst.Attribute) and use.value is access.node):
                ctx.report(
                    node,
                    move.rule,
                    f"`{move.module}` is gone and `{binding}` is used as a value: import its names from their homes by hand",
                )
                return
            dest = self._dest(move, use.attr.value)
            if isinstance(dest, Gone):
                failing.append((use, dest))
                continue
            by_hand = (
                self._by_hand(use, dest.moved) if dest.moved is not None and dest.moved.write_out else None
            )
            if by_hand is not None:  # the binding stays as it is; the next run says the same
                ctx.report(use, move.rule, by_hand)
                return
            homes.add(dest.module)
            attributes.append((use, dest.name))
        if not homes and failing:
            moved = isinstance(node, cst.ImportFrom) and self._defer_binding(node, index)
            note = " (its import was moved here)" if moved else ""
            for use, why in failing:
                if self._on(why.rule):
                    ctx.report(use, why.rule, why.hint + note)
            return
        if len(homes) > 1:
            ctx.report(
                node,
                move.rule,
                f"`{move.module}` is gone and `{binding}.*` names live in {', '.join(sorted(homes))}: import them by hand",
            )
            return
        if move.module in homes:
            return  # a name another rule owns: left to it
        home = homes.pop() if homes else move.home
        if isinstance(node, cst.ImportFrom) and len(node.names) != 1:
            ctx.report(
                node,
                move.rule,
                f"`{move.module}` is gone: import `{home}` as `{binding}` instead (on its own line)",
            )
            return
        if isinstance(node, cst.Import):

            def as_import(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.Import)
                names = list(updated.names)
                names[index] = names[index].with_changes(name=_dotted(home))
                return updated.with_changes(names=names)

            _compose(ctx, node, as_import)
        else:
            parent, _, last = home.rpartition(".")
            asname = cst.AsName(name=cst.Name(binding)) if last != binding else None

            def as_from(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.ImportFrom)
                if not parent:
                    return cst.Import(
                        names=[cst.ImportAlias(name=cst.Name(last), asname=asname)],
                        semicolon=updated.semicolon,
                    )
                alias = cst.ImportAlias(name=cst.Name(last), asname=asname)
                return updated.with_changes(module=_dotted(parent), names=[alias], lpar=None, rpar=None)

            _compose(ctx, node, as_from)
        for use, new_name in attributes:
            if new_name is not None:
                _compose(ctx, use, _attr_renamer(new_name))
        ctx.fixed(node, move.rule)
        for use, why in failing:
            if self._on(why.rule):
                ctx.report(use, why.rule, why.hint)

    # --- keras.layers.core.Dense ----------------------------------------------------------

    def _chain(self, outer: cst.Attribute, inner: cst.Attribute, move: ModuleMove, name: str) -> None:
        ctx = self.ctx
        if not self._on(move.rule) or ctx.suppressed(outer, move.rule):
            return
        dest = self._dest(move, name)
        if isinstance(dest, Gone):
            if self._on(dest.rule):
                ctx.report(outer, dest.rule, dest.hint)
            return
        if dest.module == move.module:
            return  # left to the rule that owns the name
        by_hand = (
            self._by_hand(outer, dest.moved) if dest.moved is not None and dest.moved.write_out else None
        )
        if by_hand is not None:
            ctx.report(outer, move.rule, by_hand)
            return
        text = get_full_name_for_node(inner) or ""
        spelled, legacy = text.split("."), move.module.split(".")
        # the spelling's trailing parts are the module's: its head stands for the rest
        common = 0
        while common < min(len(spelled), len(legacy)) - 1 and spelled[-1 - common] == legacy[-1 - common]:
            common += 1
        head = legacy[: len(legacy) - common]
        prefix = ".".join(head)
        home = dest.module.split(".")
        if home[: len(head)] != head:
            ctx.report(outer, move.rule, f"`{move.module}` is gone: use `{dest.module}.{dest.name or name}`")
            return
        new = ".".join(spelled[: len(spelled) - common] + home[len(head) :])
        if not prefix:
            return
        _compose(ctx, inner, lambda _u: _dotted(new))
        if dest.name is not None:
            _compose(ctx, outer, _attr_renamer(dest.name))
        ctx.fixed(outer, move.rule)

    # --- defaults that changed --------------------------------------------------------------

    def _write_out(
        self,
        call: cst.Call,
        rule: str,
        write_out: tuple[tuple[str, str], ...],
        params: tuple[str, ...],
    ) -> None:
        ctx = self.ctx
        if not self._on(rule) or ctx.suppressed(call, rule):
            return
        positional = [a for a in call.args if a.keyword is None]
        given = {a.keyword.value for a in call.args if a.keyword is not None}
        if any(a.star for a in call.args):
            return  # reported with its import (``_by_hand``)
        given = {a.keyword.value for a in call.args if a.keyword is not None}
        given |= set(params[: len(positional)])
        missing = [(name, text) for name, text in write_out if name not in given]
        if not missing:
            return

        def add(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call)
            args = list(updated.args)
            for name, text in missing:
                args.append(cst.Arg(keyword=cst.Name(name), value=cst.parse_expression(text), equal=_EQUAL))
            return updated.with_changes(args=args)

        _compose(ctx, call, add)
        ctx.fixed(call, rule)


def _attr_renamer(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Attribute)
        return updated.with_changes(attr=cst.Name(new))

    return replace


def _strip_blank_leading(updated: cst.CSTNode) -> cst.CSTNode:
    lines = getattr(updated, "leading_lines", None)
    if not lines or any(line.comment is not None for line in lines):
        return updated
    return updated.with_changes(leading_lines=[])


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _has_comments(line: cst.SimpleStatementLine) -> bool:
    return (
        any(e.comment is not None for e in line.leading_lines) or line.trailing_whitespace.comment is not None
    )


__all__ = ["MOVES", "Modules"]
