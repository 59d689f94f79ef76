"""The image-ordering data flow (KM201-KM204): where a legacy 'th'/'tf' value goes.

A registered analysis (``analyses/_base.py``). The value of a rewritten ``image_dim_ordering()`` call
is followed through comparisons with 'th'/'tf' literals, names bound once to it in a
function (or at module level under a private name), functions whose every ``return``
gives it, and ``dim_ordering=`` keywords of Keras callables. Every node that carries the
value joins its call in one group (union-find). A group whose every use is followed takes
the clean form: ``image_data_format()`` with the compared literals remapped. A group with
any use beyond that (an attribute, an argument to another function, a dictionary key, a
public module-level name another module may import, a comparison with something else)
*escapes*: its calls keep the legacy value exactly,
``{'channels_first': 'th', 'channels_last': 'tf'}[<the target's image_data_format()>]``
(KM203), and nothing compared with it is touched. So no use of the value is ever left
with a changed meaning, and nothing is left for a later ``--check`` run to find.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    ClassScope,
    GlobalScope,
    Scope,
)

from ..catalogue import ORDERING_VALUES, Entry
from ..findings import Fix
from ..rewrite import Bound, build, restring, string_value
from ..rules.data_format import KM203
from ..tables import Row, Variant
from ._base import Analysis, Context, Replacement

_EQUALITY = (cst.Equal, cst.NotEqual)
_MEMBERSHIP = (cst.In, cst.NotIn)


class Ordering(Analysis):
    """The image-ordering flow, as one analysis: its state is its own (see the module doc)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: the union-find roots of the groups whose value escapes (set by ``finish``)
        self._escaped: set[int] | None = None
        #: node id -> the legacy value map ('th' -> 'channels_first') of a node carrying it
        self._ordering: dict[int, Mapping[str, str]] = {}
        #: union-find over node ids: every node carrying a value, grouped with its call(s)
        self._group: dict[int, int] = {}
        #: the rewritten ``image_dim_ordering()`` calls, the roots of the flow
        self._sources: list[cst.Call] = []
        #: nodes whose value goes where it cannot be followed (their group escapes)
        self._escapes: list[cst.CSTNode] = []
        self._bound_names: list[tuple[cst.Name, cst.BaseExpression]] = []
        self._names_done = 0
        self._comparisons: dict[int, cst.Comparison] = {}
        #: literal remaps of the followed comparisons, by a node of the group they belong to
        self._remaps: list[tuple[cst.CSTNode, list[tuple[cst.SimpleString, str]]]] = []
        # every return, and which functions are generators
        self._returns: dict[int, list[cst.Return]] = {}
        self._function_of: dict[int, cst.FunctionDef] = {}
        self._generators: set[int] = set()
        #: setter calls (``set_image_dim_ordering(previous)``) whose argument may be a
        #: followed ordering value: (call, func, row, variant, bound, argument, message)
        self._setters: list[tuple[cst.Call, cst.BaseExpression, Row, Variant, Bound, cst.Arg, str]] = []

    # --- hooks --------------------------------------------------------------------------

    def rewritten(self, call: cst.Call, entry: Entry) -> None:
        """A rewritten call whose result is a legacy value (``image_dim_ordering()``): follow it."""
        if entry.result_values:
            self._follow_value(call, dict(entry.result_values))

    def value_form(self, node: cst.CSTNode) -> Mapping[str, str] | bool | None:
        """A followed value: True if its group took the clean form (it already is the data
        format), the legacy-to-format map if it keeps the legacy value (KM203)."""
        if id(node) not in self._ordering or self._escaped is None:
            return None
        return ORDERING_VALUES if self._find(id(node)) in self._escaped else True

    # --- visiting -------------------------------------------------------------------------

    def visit_Return(self, node: cst.Return) -> None:
        function = self._enclosing_function()
        if isinstance(function, cst.FunctionDef):
            self._returns.setdefault(id(function), []).append(node)
            self._function_of[id(node)] = function

    def visit_Yield(self, node: cst.Yield) -> None:
        function = self._enclosing_function()
        if function is not None:
            self._generators.add(id(function))

    def _enclosing_function(self) -> cst.FunctionDef | cst.Lambda | None:
        stack: list[cst.CSTNode] = self.ctx.stack
        return next((n for n in reversed(stack) if isinstance(n, cst.FunctionDef | cst.Lambda)), None)

    def _find(self, key: int) -> int:
        root = key
        while self._group.get(root, root) != root:
            root = self._group[root]
        while self._group.get(key, key) != root:  # path compression
            self._group[key], key = root, self._group[key]
        return root

    def _union(self, a: cst.CSTNode, b: cst.CSTNode) -> None:
        ra, rb = self._find(id(a)), self._find(id(b))
        if ra != rb:
            self._group[ra] = rb

    def _escape(self, node: cst.CSTNode) -> None:
        """The value of this node's group goes where it cannot be followed."""
        self._escapes.append(node)

    # --- image ordering values ------------------------------------------------------------

    def _follow_value(
        self, node: cst.BaseExpression, values: Mapping[str, str], origin: cst.CSTNode | None = None
    ) -> None:
        """The node yields a legacy value (``origin`` is where it comes from; none for the
        call itself): note where it goes."""
        self._ordering[id(node)] = values
        if origin is None:
            assert isinstance(node, cst.Call)
            self._sources.append(node)
        else:
            self._union(node, origin)
        parent = self.ctx.parent(node)
        if isinstance(parent, cst.ComparisonTarget):
            parent = self.ctx.parent(parent)
        if isinstance(parent, cst.Comparison):
            self._comparisons[id(parent)] = parent
        elif (
            isinstance(parent, cst.Assign)
            and parent.value is node
            and len(parent.targets) == 1
            and isinstance(parent.targets[0].target, cst.Name)
        ):
            self._bind(parent.targets[0].target, node)
        elif (
            isinstance(parent, cst.AnnAssign) and parent.value is node and isinstance(parent.target, cst.Name)
        ):
            self._bind(parent.target, node)
        elif isinstance(parent, cst.Arg) and self.ctx.keyword_takes(parent):
            pass  # its keyword is renamed (KM204 data_format=...), which maps the value (keywords.py)
        elif isinstance(parent, cst.Arg) and any(parent is s[5] for s in self._setters):
            pass  # the setter takes the value: mapped in _convert_setters
        elif isinstance(parent, cst.Return) and id(parent) in self._function_of:
            pass  # followed into the function's callers in _follow_returns
        else:
            self._escape(node)

    def _exported(self, name: str) -> bool:
        """A public module-level name: another module may import it and compare it with 'th'.
        A notebook is never imported, so its names are its own."""
        path: str = self.ctx.path
        return not name.startswith("_") and not path.endswith(".ipynb")

    def _bind(self, target: cst.Name, value: cst.BaseExpression) -> None:
        """A name bound to the value: its accesses are followed (``_follow_fresh_names``)."""
        self._bound_names.append((target, value))

    def _follow_names(self) -> None:
        """Names bound to an ordering value (only): their accesses carry it too, to a
        fixpoint (``b = a`` binds another name)."""
        while self._names_done < len(self._bound_names):
            self._follow_fresh_names()

    def _follow_fresh_names(self) -> None:
        fresh = self._bound_names[self._names_done :]
        self._names_done = len(self._bound_names)
        sources: dict[BaseAssignment, cst.BaseExpression] = {}
        for name, value in fresh:
            scope = self.ctx.scope(name)
            # a ``global``/``nonlocal`` name is recorded in the scope it belongs to
            candidates = [scope, scope.globals, *_enclosing_scopes(scope)] if scope is not None else []
            found = next(
                (
                    a
                    for s in candidates
                    for a in s.assignments[name.value]
                    if isinstance(a, Assignment) and a.node is name
                ),
                None,
            )
            if found is None:
                self._escape(value)  # cannot tell where the name is read
                continue
            sources[found] = value
            home = found.scope
            if isinstance(home, ClassScope) or (isinstance(home, GlobalScope) and self._exported(name.value)):
                self._escape(value)  # read back as ``self.name``, or importable by other modules
        seen: set[int] = set()
        for assignment, value in sources.items():
            for access in assignment.references:
                if id(access.node) in seen:
                    continue
                seen.add(id(access.node))
                origins = [sources.get(ref) for ref in access.referents]
                if all(o is not None for o in origins) and isinstance(access.node, cst.Name):
                    for origin in origins[1:]:
                        assert origin is not None
                        self._union(value, origin)
                    self._follow_value(access.node, self._ordering[id(value)], value)
                else:  # may also hold another value here (a parameter, another assignment)
                    for origin in origins:
                        if origin is not None:
                            self._escape(origin)

    def _follow_returns(self, followed: set[int]) -> bool:
        """A function whose every ``return`` gives an ordering value: its calls do too."""
        grew = False
        for key, returns in self._returns.items():
            if key in followed:
                continue
            carried = [r.value for r in returns if r.value is not None and id(r.value) in self._ordering]
            if not carried:
                continue
            followed.add(key)
            function = self._function_of[id(returns[0])]
            for value in carried[1:]:
                self._union(carried[0], value)
            scope = self.ctx.scope(function)
            name = function.name.value
            assignments = list(scope.assignments[name]) if scope is not None else []
            provable = (
                len(carried) == len(returns)  # it returns nothing else
                and len(assignments) == 1  # not rebound or shadowed
                and isinstance(assignments[0], Assignment)
                and assignments[0].node is function
                and not function.decorators  # a decorator may change what a call returns
                and key not in self._generators
            )
            if (
                not provable
                or isinstance(scope, ClassScope)  # a method: called as ``self.name()``
                or (isinstance(scope, GlobalScope) and self._exported(name))
            ):
                self._escape(carried[0])
            if not provable:
                continue
            values = self._ordering[id(carried[0])]
            for access in assignments[0].references:
                call = self.ctx.parent(access.node)
                if isinstance(call, cst.Call) and call.func is access.node:
                    self._follow_value(call, values, carried[0])
                    grew = True
                else:  # the function itself is passed on: its callers are not known
                    self._escape(carried[0])
        return grew

    def _check_comparison(self, comparison: cst.Comparison) -> None:
        """Literals to remap if the group stays clean; an escape if anything else is compared."""
        operands = [comparison.left, *(t.comparator for t in comparison.comparisons)]
        valued = [o for o in operands if id(o) in self._ordering]
        for other in valued[1:]:
            self._union(valued[0], other)  # compared with each other: one form for both
        remaps: list[tuple[cst.SimpleString, str]] = []
        ok = True
        for i, target in enumerate(comparison.comparisons):
            left, right, op = operands[i], operands[i + 1], target.operator
            left_values, right_values = self._ordering.get(id(left)), self._ordering.get(id(right))
            values = left_values or right_values
            if values is None or (left_values and right_values):
                continue
            other = right if left_values else left
            if isinstance(op, _EQUALITY):
                items: Collection[cst.BaseExpression] = [other]
            elif (
                isinstance(op, _MEMBERSHIP)
                and left_values
                and isinstance(other, cst.Tuple | cst.List | cst.Set)
            ):
                items = [e.value for e in other.elements if isinstance(e, cst.Element)]
                ok = ok and len(items) == len(other.elements)
            else:
                ok = False
                continue
            for item in items:
                text = string_value(item)
                if text is None or text not in values:
                    ok = False
                else:
                    assert isinstance(item, cst.SimpleString)
                    remaps.append((item, values[text]))
        if ok:
            self._remaps.append((valued[0], remaps))
        else:
            self._escape(valued[0])

    def finish(self) -> None:
        """Follow every value to the end, then give each group its form (see the module doc)."""
        followed: set[int] = set()
        self._follow_names()
        while self._follow_returns(followed):
            self._follow_names()
        for comparison in self._comparisons.values():
            self._check_comparison(comparison)
        escaped = {self._find(id(node)) for node in self._escapes}
        self._escaped = escaped
        for call in self._sources:
            if self._find(id(call)) in escaped:
                self._keep_legacy_value(call)
        for node, remaps in self._remaps:
            if self._find(id(node)) not in escaped:
                for literal, new in remaps:
                    self.ctx.plan.replace[id(literal)] = _restringer(new)
        self._convert_setters(escaped)

    def claims(self, call: cst.Call, func: cst.BaseExpression, row: Row, bound: Bound, message: str) -> bool:
        """A row that remaps a 'th'/'tf' argument (the setter) called with a non-literal: it
        is rewritten at the end if that argument turns out to be a followed ordering value,
        else ``message`` is reported then."""
        for variant in row.variants:
            for name in variant.remap:
                if bound.given(name):
                    arg = call.args[bound.index[name]]
                    self._setters.append((call, func, row, variant, bound, arg, message))
                    return True
        return False

    def _convert_setters(self, escaped: set[int]) -> None:
        for call, func, row, variant, bound, arg, message in self._setters:
            if id(arg.value) not in self._ordering:
                self.ctx.report(call, row.rule, message)
                continue
            roots = self.ctx.roots(call, variant)
            if roots is None:
                continue
            if self._find(id(arg.value)) in escaped:  # a legacy value: map it as the setter did
                self.ctx.plan.replace[id(arg.value)] = _lookup_of(ORDERING_VALUES)
            # (else it already is the data format: passed as it is)
            self.ctx.plan.replace[id(call)] = build(variant, row, bound, roots)  # type: ignore[assignment]
            self.ctx.fixed(call, row.rule)
            self.ctx.release_import(func)

    def _keep_legacy_value(self, call: cst.Call) -> None:
        """The call's value escapes: it becomes the legacy value itself, and the fix is KM203."""
        plan = self.ctx.plan
        inner = plan.replace[id(call)]
        legacy = {new: old for old, new in self._ordering[id(call)].items()}
        plan.replace[id(call)] = _legacy_lookup(inner, legacy)
        line, column = self.ctx.where(call)
        plan.fixes = [
            Fix(f.line, f.column, KM203.id, f.cell) if (f.line, f.column) == (line, column) else f
            for f in plan.fixes
        ]


def _enclosing_scopes(scope: Scope) -> list[Scope]:
    out: list[Scope] = []
    while scope.parent is not scope and not isinstance(scope, GlobalScope):
        scope = scope.parent
        out.append(scope)
    return out


def _mapping(table: Mapping[str, str]) -> cst.Dict:
    return cst.Dict(
        [
            cst.DictElement(
                cst.SimpleString(repr(key)),
                cst.SimpleString(repr(value)),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                if i < len(table) - 1
                else cst.MaybeSentinel.DEFAULT,
            )
            for i, (key, value) in enumerate(table.items())
        ]
    )


def _lookup(table: Mapping[str, str], key: cst.BaseExpression) -> cst.Subscript:
    """``{'a': 'b', ...}[key]``, with the key's own parentheses moved outside."""
    bare = key.with_changes(lpar=[], rpar=[])
    return cst.Subscript(
        _mapping(table), [cst.SubscriptElement(cst.Index(bare))], lpar=key.lpar, rpar=key.rpar
    )


def _lookup_of(table: Mapping[str, str]) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.BaseExpression)
        return _lookup(table, updated)

    return replace


def _legacy_lookup(inner: Replacement, legacy: Mapping[str, str]) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        new = inner(updated)
        assert isinstance(new, cst.BaseExpression)
        return _lookup(legacy, new)

    return replace


def _restringer(value: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.SimpleString)
        return restring(updated, value)

    return replace
