"""The image-ordering data flow (KM201-KM204): where a legacy 'th'/'tf' value goes.

A mixin of the engine's Collector: the value of a rewritten ``image_dim_ordering()`` call
is followed through comparisons (literals remapped), names bound once to it (local or
module level), functions whose every ``return`` gives it, and ``dim_ordering=`` keywords of
Keras callables (renamed ``data_format=``). Wherever it goes beyond that, KM203 says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import libcst as cst
from libcst.metadata import Assignment, BaseAssignment, QualifiedNameSource, ScopeProvider

from .resolve import base_name
from .rewrite import restring, string_value
from .rules.data_format import KM203, KM204

Replacement = Callable[[cst.CSTNode], cst.CSTNode]

_EQUALITY = (cst.Equal, cst.NotEqual)
_MEMBERSHIP = (cst.In, cst.NotIn)


class OrderingFlow:
    """Mixed into Collector; uses its ``report``/``parent``/``plan``/metadata."""

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self._all_comparisons.append(node)

    def visit_Return(self, node: cst.Return) -> None:
        function = next(
            (n for n in reversed(self._stack) if isinstance(n, cst.FunctionDef | cst.Lambda)), None
        )
        if isinstance(function, cst.FunctionDef):
            self._returns.setdefault(id(function), []).append(node)
            self._function_of[id(node)] = function

    def visit_Call(self, node: cst.Call) -> None:
        """Keyword ``dim_ordering=`` passed to a Keras callable (a layer, a backend function)."""
        dim_args = [a for a in node.args if a.keyword is not None and a.keyword.value == "dim_ordering"]
        if not dim_args or KM204.id not in self.options.select:
            return
        base = base_name(node.func)
        scope = self.get_metadata(ScopeProvider, node, None)
        if base is None or base.value not in self._import_roots or scope is None:
            return
        names = scope.get_qualified_names_for(node.func)
        if any(
            q.source is QualifiedNameSource.IMPORT
            and q.name.split(".")[0] in ("keras", "tensorflow")
            and "keras" in q.name
            for q in names
        ):
            self._dim_args.extend(dim_args)

    # --- image ordering values ------------------------------------------------------------

    def _follow_value(self, node: cst.BaseExpression, values: dict[str, str]) -> None:
        """The node yields a legacy value: remap where it is compared, report where it flows."""
        self._ordering[id(node)] = values
        parent = self.parent(node)
        if isinstance(parent, cst.ComparisonTarget):
            parent = self.parent(parent)
        if isinstance(parent, cst.Comparison):
            self._comparisons.append((parent, node))
        elif (
            isinstance(parent, cst.Assign)
            and parent.value is node
            and len(parent.targets) == 1
            and isinstance(parent.targets[0].target, cst.Name)
        ):
            self._bound_names.append((parent.targets[0].target, values))
        elif (
            isinstance(parent, cst.AnnAssign) and parent.value is node and isinstance(parent.target, cst.Name)
        ):
            self._bound_names.append((parent.target, values))
        elif isinstance(parent, cst.Arg) and any(parent is a for a in self._dim_args):
            pass  # becomes data_format=..., which takes exactly these values (KM204)
        elif isinstance(parent, cst.Return) and id(parent) in self._function_of:
            pass  # followed into the function's callers in _follow_returns
        else:
            self._untracked(node, "is used where kerasmigrate cannot follow it")

    def _untracked(self, node: cst.CSTNode, how: str) -> None:
        if KM203.id in self.options.select:
            self.report(
                node,
                KM203.id,
                f"this image ordering value {how}; it is now 'channels_first'/'channels_last', "
                "so check any comparison with 'th'/'tf' made there",
            )

    def _follow_names(self) -> None:
        """Names bound once to an ordering call: their accesses carry the value too."""
        fresh = self._bound_names[self._names_done :]
        self._names_done = len(self._bound_names)
        wanted = {id(name): values for name, values in fresh}
        sources: dict[BaseAssignment, dict[str, str]] = {}
        for name, _values in fresh:
            scope = self.get_metadata(ScopeProvider, name, None)
            if scope is None:
                continue
            for assignment in scope.assignments[name.value]:
                if isinstance(assignment, Assignment) and id(assignment.node) in wanted:
                    sources[assignment] = wanted[id(assignment.node)]
        seen: set[int] = set()
        for assignment, values in sources.items():
            for access in assignment.references:
                if id(access.node) in seen:
                    continue
                seen.add(id(access.node))
                if all(ref in sources for ref in access.referents):
                    self._follow_value(access.node, values)
                else:
                    self._untracked(
                        access.node, f"(through `{assignment.name}`) may also hold other values here"
                    )

    def _check_comparison(self, comparison: cst.Comparison) -> None:
        operands = [comparison.left, *(t.comparator for t in comparison.comparisons)]
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
                if text not in values:
                    ok = False
                else:
                    assert isinstance(item, cst.SimpleString)
                    remaps.append((item, values[text]))
        if not ok:
            self._untracked(comparison, "is compared with something other than a 'th'/'tf' literal")
            return
        for literal, new in remaps:
            self.plan.replace[id(literal)] = _restringer(new)

    def _follow_returns(self, followed: set[int]) -> bool:
        """A function whose every ``return`` gives an ordering value: its calls do too."""
        grew = False
        for key, returns in self._returns.items():
            if key in followed:
                continue
            carried = [r for r in returns if r.value is not None and id(r.value) in self._ordering]
            if not carried:
                continue
            function = self._function_of[id(returns[0])]
            if len(carried) < len(returns):
                followed.add(key)
                for ret in carried:
                    self._untracked(
                        ret, f"is returned by `{function.name.value}`, which also returns other values"
                    )
                continue
            scope = self.get_metadata(ScopeProvider, function, None)
            assignments = [
                a
                for a in (scope.assignments[function.name.value] if scope is not None else ())
                if isinstance(a, Assignment) and a.node is function
            ]
            if scope is None or len(scope.assignments[function.name.value]) != 1 or not assignments:
                continue  # rebound or shadowed: not provably this function
            followed.add(key)
            values = self._ordering[id(carried[0].value)]
            for access in assignments[0].references:
                call = self.parent(access.node)
                if isinstance(call, cst.Call) and call.func is access.node:
                    self._follow_value(call, values)
                    grew = True
                else:
                    self._untracked(access.node, f"(through `{function.name.value}`) is used as a value")
        return grew

    def _convert_dim_ordering(self) -> None:
        """``dim_ordering='th'`` -> ``data_format='channels_first'`` for Keras callables (KM204)."""
        literal = {"th": "channels_first", "tf": "channels_last"}
        for arg in self._dim_args:
            value = arg.value
            text = string_value(value)
            if text in literal or text == "default":
                new = literal.get(text)
                self.plan.replace[id(arg)] = _data_format_arg(new)
            elif id(value) in self._ordering:
                self.plan.replace[id(arg)] = _data_format_arg(False)
            else:
                self.report(
                    arg,
                    KM204.id,
                    "`dim_ordering=` takes a value kerasmigrate cannot see; pass "
                    "`data_format='channels_first'` (was 'th') or `'channels_last'` (was 'tf') instead",
                )
                continue
            self._fixed(arg, KM204.id)

    def _flag_other_comparisons(self, done: set[int]) -> None:
        """Once the ordering has become 'channels_first'/'channels_last' in a file, any other
        comparison with a 'th'/'tf' literal there (an attribute, a dictionary entry, a
        value from elsewhere) may be a comparison with it: report each one."""
        if not any(f.rule == "KM201" for f in self.plan.fixes):
            return
        for comparison in self._all_comparisons:
            if id(comparison) in done:
                continue
            operands = [comparison.left, *(t.comparator for t in comparison.comparisons)]
            items: list[cst.BaseExpression] = []
            for operand in operands:
                if isinstance(operand, cst.Tuple | cst.List | cst.Set):
                    items += [e.value for e in operand.elements]
                else:
                    items.append(operand)
            if any(string_value(i) in ("th", "tf") for i in items):
                self._untracked(comparison, "may be compared here with a 'th'/'tf' literal")


def _data_format_arg(value: str | None | bool) -> Replacement:
    """Rename the keyword; ``False`` keeps the value, ``None``/a string replaces it."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Arg)
        arg = updated.with_changes(keyword=cst.Name("data_format"))
        if value is False:
            return arg
        if value is None:
            return arg.with_changes(value=cst.Name("None"))
        assert isinstance(arg.value, cst.SimpleString)
        return arg.with_changes(value=restring(arg.value, str(value)))

    return replace


def _restringer(value: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.SimpleString)
        return restring(updated, value)

    return replace
