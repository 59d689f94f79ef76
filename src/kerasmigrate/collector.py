"""The core analysis: legacy references -> catalogue entries -> the target's rows.

``Collector`` walks the module once. It resolves names with LibCST scopes, asks the
catalogue what each legacy reference is and the target what it becomes, binds calls and
picks variants (``rewrite.py``), schedules imports, and collects a ``Plan`` keyed by the
identity of the original nodes. It is also the ``Context`` of the registered analyses
(``analyses/``), whose visit methods it calls as it walks and whose hooks it forwards.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    ImportAssignment,
    QualifiedName,
    QualifiedNameSource,
    Scope,
    ScopeProvider,
)

from . import bindings, keras1, statement_lines
from .analyses import ANALYSES, Analysis, Replacement
from .argorder import KERAS1_ORDER, UNKNOWN_ORDER, Order, keras1_bound, keyworded, positional_order
from .catalogue import CATALOGUE, Entry
from .catalogue.modules import BACKEND
from .crossfile import EMPTY, FileContext
from .crossrefs import RunFiles
from .findings import Finding, Fix
from .imports import (
    imports_keras_or_tf,
    schedule_removal,
    top_level_import,
)
from .keras1 import Evidence
from .kinds import Kind
from .options import Options
from .resolve import BackendRef, base_name, resolve_backend
from .rewrite import CannotBind, bind, build, choose, realign, with_root
from .rules.file_errors import KM004
from .suppress import Suppressions, is_suppressed, suppressions
from .tables import TARGETS, FixSafety, Row, Target, Variant
from .traversal import ReadOnly

if TYPE_CHECKING:
    pass


@dataclass
class Plan:
    """Everything one file needs: replacements by original node id, findings, fixes."""

    replace: dict[int, Replacement] = field(default_factory=dict)
    findings: dict[tuple[int, int, str], Finding] = field(default_factory=dict)
    fixes: list[Fix] = field(default_factory=list)
    #: indices of the top-level statements holding an import scheduled for removal
    import_statements: set[int] = field(default_factory=set)


_Hook = Callable[[cst.CSTNode], object]


class _Visits(cst.CSTVisitor):
    """The collector's work on entering and leaving each node. :class:`Collector` puts
    :class:`~kerasmigrate.traversal.ReadOnly` in front of it, so its children are walked
    read-only (LibCST copies nothing) and the walk calls these methods directly, with the
    node class's step already looked up (no second lookup per node)."""

    parents: dict[int, cst.CSTNode | None]
    analyses: list[Analysis]
    _stack: list[cst.CSTNode]
    #: per node class: the collector's own ``visit_<Node>`` (or None), and the analyses'
    _dispatch: dict[type[cst.CSTNode], tuple[_Hook | None, list[_Hook]]]
    _own_leaves: dict[type[cst.CSTNode], object]

    def on_visit(self, node: cst.CSTNode) -> bool:
        stack = self._stack
        self.parents[id(node)] = stack[-1] if stack else None
        stack.append(node)
        kind = type(node)
        found = self._dispatch.get(kind)
        if found is None:  # CSTVisitor.on_visit's lookup and the analyses', once per node type
            name = f"visit_{kind.__name__}"
            found = self._dispatch[kind] = (
                getattr(self, name, None),
                [getattr(a, name) for a in self.analyses if callable(getattr(a, name, None))],
            )
        own, methods = found
        descend = own is None or own(node) is not False
        for method in methods:
            method(node)
        return descend

    def on_leave(self, original_node: cst.CSTNode) -> None:
        kind = type(original_node)
        own = self._own_leaves.get(kind, _UNKNOWN)
        if own is _UNKNOWN:  # CSTVisitor.on_leave's lookup, once per node type
            own = self._own_leaves[kind] = getattr(self, f"leave_{kind.__name__}", None)
        if own is not None:
            own(original_node)  # type: ignore[operator]
        self._stack.pop()


class Collector(ReadOnly, _Visits):
    """Walk the module once, resolving every backend reference to a fix or a finding.

    The collector is the core analysis (legacy references -> catalogue entries -> the
    target's rows) and the :class:`~kerasmigrate.analyses.Context` of the registered
    analyses (``analyses.ANALYSES``), whose ``visit_<Node>`` methods it calls as it walks."""

    # Only scopes: qualified names are asked of the scope for the few chains
    # that start at an import of keras/tensorflow, and parents are recorded while visiting.
    # Both whole-tree providers cost several parses' worth of time on every file.
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def __init__(
        self,
        context: CodemodContext,
        options: Options,
        path: str,
        crossfile: FileContext | None = None,
        *,
        source: str | None = None,
    ) -> None:
        super().__init__()
        #: the code of the module visited, when the caller has it (else generated when needed)
        self._source = source
        #: what the other files of a batch run import from this one, and it from them
        self.crossfile = crossfile or EMPTY
        #: resolution through the other files of a batch run (crossrefs.py)
        self.run_files = RunFiles(self, self.crossfile)
        self.context = context
        self.options = options
        self.target: Target = TARGETS[options.target]
        self.path = path
        self.plan = Plan()
        #: the registered analyses, each with its own state; their visit methods by node type
        self.analyses: list[Analysis] = [
            cls(self) for cls in ANALYSES if not cls.rules or cls.rules & options.select
        ]
        self._dispatch: dict[type[cst.CSTNode], tuple[_Hook | None, list[_Hook]]] = {}
        self._own_leaves: dict[type[cst.CSTNode], object] = {}
        # parents, recorded on the way down (cheaper than ParentNodeProvider's extra pass)
        self.parents: dict[int, cst.CSTNode | None] = {}
        self._stack: list[cst.CSTNode] = []
        # names bound by an import of keras or tensorflow, anywhere in the module
        self._import_roots: frozenset[str] = frozenset()
        # imports whose references may all be rewritten: removal is decided at the end
        self._releases: dict[int, tuple[ImportAssignment, str]] = {}
        self._consumed: set[int] = set()
        # bindings of `tf`/`tensorflow` that rewrites reuse: never removed (bindings.py)
        self._relied: set[int] = set()
        self._body_indices: bindings.Indices = {}
        self._line_starts: list[int] | None = None
        self._statement_indices: dict[int, int] | None = None
        self._statement_positions: dict[int, dict[int, tuple[int, int]]] = {}
        self._segmented: bool | None = None
        #: qualified names by node id, with the node (kept alive, so its id is not reused) and scope
        self._qualified: dict[int, tuple[cst.CSTNode, Scope, Collection[QualifiedName]]] = {}

    # --- reporting ------------------------------------------------------------------------

    def _where(self, node: cst.CSTNode) -> tuple[int, int]:
        """1-based line and column of a node.

        PositionProvider over the whole module costs about three parses; positions are only
        needed for the few nodes that are fixed or reported, so they are computed per
        top-level statement: its first line (from the code of the statements before it,
        generated once) plus the position inside a module made of that statement alone."""
        index = self._statement_index(node)
        module = self._module
        if self._line_starts is None:
            starts = statement_lines.statement_starts(module, self.source)
            if starts is None:
                line = 1 + sum(1 for _ in module.header)
                starts = []
                for statement in module.body:
                    starts.append(line)
                    line += module.code_for_node(statement).count(module.default_newline) or 1
            self._line_starts = starts
        positions = self._statement_positions.get(index)
        if positions is None:
            alone = module.with_changes(body=[module.body[index]], header=[], footer=[])
            # PositionProvider's starts, without its cost (statement_lines.node_starts)
            positions = self._statement_positions[index] = statement_lines.node_starts(alone)
        line, column = positions[id(node)]
        return self._line_starts[index] + line - 1, column + 1

    @property
    def _module(self) -> cst.Module:
        """The module being visited (the bottom of the visiting stack)."""
        module = self._stack[0] if self._stack else None
        assert isinstance(module, cst.Module)
        return module

    def _code(self, node: cst.CSTNode) -> str:
        return self._module.code_for_node(node)

    @property
    def source(self) -> str:
        """The code of the module visited (generated once, unless the caller gave it)."""
        if self._source is None:
            self._source = self._module.code
        return self._source

    _lines: list[str] | None = None

    def _indent(self, line: int) -> int | None:
        """Width of a line's indentation, None unless it is spaces only (for ``realign``)."""
        if self._lines is None:
            self._lines = self.source.splitlines()
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        width = len(text) - len(text.lstrip(" \t"))
        return width if "\t" not in text[:width] else None

    def report(self, node: cst.CSTNode, rule: str, message: str) -> None:
        line, col = self._where(node)
        if self._suppressed(line, rule):
            return
        self.plan.findings.setdefault((line, col, rule), Finding(line, col, rule, message, self.path))

    # --- suppression comments (issue 6): the engine's only hook for them -------------------
    _suppressions: Suppressions | None = None

    def _suppressed(self, line: int, rule: str) -> bool:
        """Does this line end in ``# kerasmigrate: ignore`` / ``# noqa[: rule]``?

        The comments are read once, lazily: only files with something to fix or report pay."""
        if self._suppressions is None:
            self._suppressions = suppressions(self.source)
        return is_suppressed(self._suppressions, line, rule)

    def _fixed(self, node: cst.CSTNode, rule: str, safety: FixSafety = FixSafety.SAFE) -> None:
        self.plan.fixes.append(Fix(*self._where(node), rule, safety=safety.value))

    # --- traversal ------------------------------------------------------------------------

    # --- the Context the analyses get ------------------------------------------------------

    @property
    def import_roots(self) -> frozenset[str]:
        return self._import_roots

    @property
    def segmented(self) -> bool:
        """Is this module only some statements of the file (segment.py)? Then a rewrite that
        must see the whole file raises ``segment.Fallback`` and the file is read whole.
        Read from :attr:`source`: the caller's code of the module when it has it, so the
        module's code is not generated again (a whole-file codegen on a dense file)."""
        if self._segmented is None:
            from .segment import SEGMENT_SENTINEL

            self._segmented = SEGMENT_SENTINEL in self.source
        return self._segmented

    @property
    def keras1(self) -> Evidence | None:
        if not self.crossfile.keras1_read:  # a LibCST pipeline gave us the whole module
            self.crossfile = self.crossfile.with_keras1(
                keras1.evidence(ast.parse(self._module.code), keras1.callees())
            )
        return self.crossfile.keras1

    @property
    def stack(self) -> list[cst.CSTNode]:
        return self._stack

    def scope(self, node: cst.CSTNode) -> Scope | None:
        """``get_metadata(ScopeProvider, node, None)``, without its two checks that the provider
        is declared and resolved on every call (asked for most names the analyses look at)."""
        scopes = self.metadata.get(ScopeProvider)
        if scopes is None:  # not resolved: LibCST's own error
            return self.get_metadata(ScopeProvider, node, None)
        return cast("Scope | None", scopes.get(node, None))

    def qualified_names(self, scope: Scope, node: cst.CSTNode) -> Collection[QualifiedName]:
        """``scope.get_qualified_names_for(node)``, once per node and scope: the analyses ask it
        of the same callee several times, and each answer walks the scope's assignments."""
        found = self._qualified.get(id(node))
        if found is not None and found[0] is node and found[1] is scope:
            return found[2]
        names = scope.get_qualified_names_for(node)
        self._qualified[id(node)] = (node, scope, names)
        return names

    def where(self, node: cst.CSTNode) -> tuple[int, int]:
        return self._where(node)

    def suppressed(self, node: cst.CSTNode, rule: str) -> bool:
        return self._suppressed(self._where(node)[0], rule)

    _scopes: list[Scope] | None = None

    def all_scopes(self) -> list[Scope]:
        """Every scope of the module (computed once: it reads the scope of every node, and
        the analyses ask it several times; the scopes do not change while visiting)."""
        if self._scopes is None:
            scopes = cast("Mapping[cst.CSTNode, Scope | None]", self.metadata[ScopeProvider])
            self._scopes = [s for s in set(scopes.values()) if s is not None]
        return list(self._scopes)

    def exported_names(self) -> frozenset[str]:
        """Names other files of the run import from this one (a batch run's cross-file pass)."""
        return self.crossfile.exports

    def fixed(self, node: cst.CSTNode, rule: str, safety: FixSafety = FixSafety.SAFE) -> None:
        self._fixed(node, rule, safety)

    def roots(self, node: cst.CSTNode, variant: Variant) -> dict[str, str] | None:
        return self._roots(node, variant)

    def release_import(self, node: cst.BaseExpression) -> None:
        self._release_import(node)

    def add_import(self, module: str) -> None:
        AddImportsVisitor.add_needed_import(self.context, module)

    def value_form(self, node: cst.CSTNode) -> Mapping[str, str] | bool | None:
        for analysis in self.analyses:
            form = analysis.value_form(node)
            if form is not None:
                return form
        return None

    def keyword_takes(self, arg: cst.Arg) -> bool:
        return any(analysis.keyword_takes(arg) for analysis in self.analyses)

    def broken(self, ref: BackendRef) -> bool:
        return self._broken(ref)

    def exported_import(self, assignment: ImportAssignment) -> None:
        self.run_files.exported_import(assignment)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(id(node))

    def visit_Module(self, node: cst.Module) -> None:
        roots: set[str] = set()
        for scope in self.all_scopes():
            for assignment in scope.assignments:
                if isinstance(assignment, ImportAssignment) and imports_keras_or_tf(assignment.node):
                    roots.add(assignment.name)
        self._import_roots = frozenset(roots | self.run_files.roots())

    def visit_Import(self, node: cst.Import) -> bool:
        return False  # (unused imports of removed modules: analyses/leftovers.py)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self._check(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._check(node)

    def _check(self, node: cst.Name | cst.Attribute) -> None:
        parent = self.parent(node)
        kind = type(parent)
        if _ATTRIBUTE[kind] and (
            cast("cst.Attribute", parent).value is node or cast("cst.Attribute", parent).attr is node
        ):
            return  # the longer chain (``K.common`` -> ``K.common.abs``) is handled at the parent
        if _DEFINITION[kind] and cast("cst.FunctionDef | cst.ClassDef", parent).name is node:
            return  # a definition binds the name; its uses are what is checked
        base = base_name(node)
        if base is None or base.value not in self._import_roots:
            return  # cannot come from a keras/tensorflow import: no need to ask the scope
        scope = self.scope(node)
        names = self.qualified_names(scope, node) if scope is not None else set()
        if self.crossfile.resolves:
            names = self.run_files.through(node, base.value, names, scope)
        if not names:
            return
        ref = resolve_backend(names)
        if ref is None:
            return
        if ref is False:
            ref = resolve_backend(self._through_aliases(base, names))
        if ref is None or ref is False:
            for analysis in self.analyses:
                analysis.ambiguous(node)
            return
        assert isinstance(ref, BackendRef)
        if not self._broken(ref) or any(a.report_only(node, ref) for a in self.analyses):
            return
        # the lookup path: qualified name -> catalogue entry -> the target's mapping of its rule
        entry = CATALOGUE.lookup(f"{BACKEND}.{ref.name}") if ref.is_function else None
        row = self.target.mapping(entry) if entry is not None else None
        if entry is None or row is None:
            for analysis in self.analyses:
                analysis.unmapped(node, ref)
            return
        if row.rule not in self.options.select or self._suppressed(self._where(node)[0], row.rule):
            return
        if isinstance(parent, cst.Call) and parent.func is node:
            self._call(parent, node, entry, row, ref)
        else:
            self._reference(node, entry, row, ref)

    def _through_aliases(self, base: cst.Name, names: Collection[QualifiedName]) -> Collection[QualifiedName]:
        """``names`` with the local names of ``base`` replaced by what each local binding is.

        ``try: from keras.backend import is_keras_tensor`` / ``except ImportError:
        is_keras_tensor = K.is_keras_tensor`` binds the backend function on both paths; only a
        plain ``name = <backend reference>`` assignment, seen before this use, counts. Anything
        else (a ``def``, another value) is kept as a local name, so the reference stays ambiguous."""
        local = [q for q in names if q.source is not QualifiedNameSource.IMPORT]
        scope = self.scope(base)
        if not local or scope is None or base.value not in scope:
            return names
        resolved: set[QualifiedName] = set()
        for assignment in scope[base.value]:
            if isinstance(assignment, ImportAssignment):
                continue
            if not isinstance(assignment, Assignment):
                return names
            value = self._alias_value(assignment.node)
            value_scope = self.scope(value) if value is not None else None
            if value is None or value_scope is None:
                return names
            targets = value_scope.get_qualified_names_for(value)
            if not targets or any(t.source is not QualifiedNameSource.IMPORT for t in targets):
                return names
            resolved |= set(targets)
        out = {q for q in names if q.source is QualifiedNameSource.IMPORT}
        for q in local:
            suffix = q.name[len(base.value) :] if q.name.startswith(base.value) else None
            if suffix is None or (suffix and not suffix.startswith(".")):
                return names
            out |= {QualifiedName(t.name + suffix, t.source) for t in resolved}
        return out

    def _alias_value(self, target: cst.CSTNode) -> cst.BaseExpression | None:
        """The value of ``target = value`` (a single plain target), when already visited."""
        parent = self.parent(target)
        statement = self.parent(parent) if isinstance(parent, cst.AssignTarget) else None
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            value = statement.value
            return value if isinstance(value, cst.Name | cst.Attribute) else None
        return None

    def _broken(self, ref: BackendRef) -> bool:
        """Does this reference fail on today's TensorFlow/Keras? Only those are touched."""
        still = self.target.still_resolves.get(ref.module)
        if still is None:
            return True  # keras.backend.common and the backend implementation modules are gone
        head = ref.name.split(".")[0]
        return bool(ref.name) and head not in still and head not in _MODULE_ATTRIBUTES

    # --- calls and references -------------------------------------------------------------

    def _call(
        self, call: cst.Call, func: cst.BaseExpression, entry: Entry, row: Row, ref: BackendRef
    ) -> None:
        shown = f"{ref.qualified}(...)"
        try:
            bound = bind(call, entry)
        except CannotBind as exc:
            self.report(call, row.rule, f"`{shown}` {exc}; not rewritten")
            return
        variant, unsafe = choose(row, bound, allow_unsafe=self.options.unsafe_fixes)
        if variant is None and unsafe is not None:
            # the caveat is on the rule page (`kerasmigrate rules KMnnn`)
            self.report(
                call,
                row.rule,
                f"`{shown}`: only an unsafe rewrite applies; use --unsafe-fixes or port it by hand",
            )
            return
        if variant is None:
            message = f"`{shown}`: {row.manual or 'no exact equivalent'}; not rewritten"
            if not any(a.claims(call, func, row, bound, message) for a in self.analyses):
                self.report(call, row.rule, message)
            return
        if any(a.declines(call, entry, row, bound) for a in self.analyses):
            return
        order = positional_order(call, row.name, bound.index)
        if order is Order.UNKNOWN:
            self.report(call, row.rule, f"`{shown}`: {UNKNOWN_ORDER}; not rewritten")
            return
        if order is Order.KERAS1:  # (output, target): passed by keyword, each to its parameter
            variant, bound = keyworded(variant), keras1_bound(bound)
        roots = self._roots(call, variant)
        if roots is None:
            return
        line, column = self._where(call)
        builder = realign(
            build(variant, row, bound, roots), column - 1, self._indent(line), self._code(call.func)
        )
        self.plan.replace[id(call)] = builder  # type: ignore[assignment]
        if order is Order.KERAS1:
            self.report(call, row.rule, f"`{shown}`: {KERAS1_ORDER}")
        self._fixed(call, row.rule, variant.safety)
        self._release_import(func)
        for analysis in self.analyses:
            analysis.rewritten(call, entry)

    def _reference(self, node: cst.Name | cst.Attribute, entry: Entry, row: Row, ref: BackendRef) -> None:
        variant = row.variants[0] if row.variants else None
        if variant is None or not _is_plain_rename(variant, entry) or entry.result_values:
            for analysis in self.analyses:
                analysis.unusable_reference(node, ref, row.rule)
            return
        roots = self._roots(node, variant)
        if roots is None:
            return
        assert isinstance(variant.expression, ast.Call)
        func_text = with_root(variant.expression.func, roots)

        def replace(updated: cst.CSTNode) -> cst.CSTNode:
            new = cst.parse_expression(func_text)
            assert isinstance(updated, cst.Name | cst.Attribute)
            return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)

        self.plan.replace[id(node)] = replace
        self._fixed(node, row.rule, variant.safety)
        self._release_import(node)

    def _roots(self, node: cst.CSTNode, variant: Variant) -> dict[str, str] | None:
        """How this site spells each module the template needs (``tf``), scheduling imports.

        A name is used only where it is bound to the module on every path before the use
        (see :mod:`kerasmigrate.bindings`); else an import is added at the top, or the
        other spelling is used, or the site is reported (KM004)."""
        scope = self.scope(node)
        spelled: dict[str, str] = {}
        for root, (module, alias) in self.target.roots.items():
            if root not in variant.names:
                continue
            choice = None
            relied: list[BaseAssignment]
            for name in (alias, module):
                if scope is None:
                    use, relied = bindings.Use.ADD, []
                else:
                    use, relied = bindings.classify(
                        scope, name, module, node, self._module, self.parents, self._body_indices
                    )
                if use is bindings.Use.ADD and self.run_files.rebound_by_star_import(name, module):
                    use = bindings.Use.TAKEN
                if use is bindings.Use.ADD:
                    choice = name
                    AddImportsVisitor.add_needed_import(
                        self.context, module, asname=None if name == module else name
                    )
                    break
                if use is bindings.Use.REUSE:
                    choice = name
                    self._relied.update(id(assignment) for assignment in relied)
                    break
            if choice is None:
                self.report(
                    node,
                    KM004.id,
                    (
                        f"`{alias}` and `{module}` are both bound here to something that is not `{module}` "
                        "on every path; rename one of them, then run kerasmigrate again"
                        if alias != module
                        else f"`{module}` is bound here to something that is not the module `{module}` "
                        "on every path; rename it, then run kerasmigrate again"
                    ),
                )
                return None
            spelled[root] = choice
        return spelled

    def _release_import(self, node: cst.BaseExpression) -> None:
        """Schedule the import that provided this reference for removal if it is now unused."""
        name = base_name(node)
        scope = self.scope(node)
        if name is None or scope is None or name.value not in scope:
            return
        # this use of the imported name disappears with the rewrite (arguments that are
        # carried over keep their own uses, so they are not counted here)
        self._consumed.add(id(name))
        for assignment in scope[name.value]:
            if isinstance(assignment, ImportAssignment):
                self._releases[id(assignment)] = (assignment, name.value)

    def _release_unused_imports(self) -> None:
        """Schedule RemoveImportsVisitor only for imports whose every use was rewritten, so
        it (and the scope analysis it repeats) runs only when something will be removed."""
        for assignment, bound in self._releases.values():
            unused = all(id(access.node) in self._consumed for access in assignment.references)
            if unused and self.run_files.keeps(assignment, bound):
                continue
            if (
                unused
                and id(assignment) not in self._relied
                and top_level_import(self.parents, assignment.node)
            ):
                schedule_removal(self.context, assignment, bound)
                self.plan.import_statements.add(self._statement_index(assignment.node))

    def _statement_index(self, node: cst.CSTNode) -> int:
        """Index, in the module body, of the top-level statement that contains ``node``."""
        stack = self._stack
        if len(stack) > 1 and (node is stack[-1] or (len(stack) > 2 and node is stack[-2])):
            # the node being visited (or its parent): the path up from it is the stack
            current: cst.CSTNode = stack[1]
        else:
            current = node
            while True:
                parent = self.parent(current)
                if parent is None or _MODULE[type(parent)]:
                    break
                current = parent
        if self._statement_indices is None:
            self._statement_indices = {id(stmt): i for i, stmt in enumerate(self._module.body)}
        return self._statement_indices[id(current)]

    def ancestors(self, nodes: dict[int, Replacement]) -> set[int]:
        """Ids of the planned nodes and everything above them."""
        keep: set[int] = set()
        for node_id in nodes:
            current: int | None = node_id
            while current is not None and current not in keep:
                keep.add(current)
                parent = self.parents.get(current)
                current = id(parent) if parent is not None else None
        return keep

    def leave_Module(self, original_node: cst.Module) -> None:
        # metadata is only available while visiting, so the data-flow pass runs here
        for analysis in self.analyses:
            analysis.finish()
        self._release_unused_imports()


_UNKNOWN = object()
_ATTRIBUTE = Kind(cst.Attribute)
_DEFINITION = Kind(cst.FunctionDef, cst.ClassDef)
_MODULE = Kind(cst.Module)
#: attributes every module object has (``K.__name__`` works on any Keras)
_MODULE_ATTRIBUTES = frozenset(
    {"__name__", "__doc__", "__file__", "__spec__", "__loader__", "__package__", "__dict__"}
)


def _is_plain_rename(variant: Variant, entry: Entry) -> bool:
    """``K.abs`` -> ``tf.abs``: every legacy parameter passed through positionally, unconditionally."""
    expr = variant.expression
    return (
        isinstance(expr, ast.Call)
        and not expr.keywords
        and [a.id if isinstance(a, ast.Name) else None for a in expr.args] == [p.name for p in entry.params]
        and not variant.when
        and not variant.remap
        and variant.safety is FixSafety.SAFE
        and all(p.required for p in entry.params)
    )
