"""KM205: a rewritten backend call on a functional-API tensor must still build the model.

Keras 3 rejects TensorFlow ops on ``KerasTensor``s (``Input(...)``, layer outputs). For a
target that says so (``Target.functional``), a call the core rewrites whose arguments
include such a tensor is wrapped in the target's ``Lambda`` layer, or, where that would not
be exact, declined and reported with the spelling that works on it (the ``instead``
target's). What counts as such a tensor, and how far names are followed: the KM205 page.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Iterator
from typing import cast

import libcst as cst
from libcst.metadata import Assignment, QualifiedNameSource

from ..catalogue import Entry
from ..catalogue.modules import BACKEND, canonical
from ..kinds import Kind
from ..resolve import base_name
from ..rewrite import Bound, with_root
from ..rules.functional import KM205
from ..tables import TARGETS, Row, Variant
from ._base import Analysis, Context, Replacement

#: what ``Input`` is reached as, canonically (``tensorflow.keras`` is keyed as ``keras``)
_INPUTS = frozenset(
    {"keras.Input", "keras.layers.Input", "keras.models.Input", "keras.engine.input_layer.Input"}
)
#: capitalised names of ``keras.layers`` that are not layers one calls on a tensor
_NOT_LAYERS = frozenset({"Input", "InputSpec"})
#: legacy functions whose result is a Python value (not a tensor): never wrapped
_PYTHON_VALUES = frozenset(
    {"int_shape", "ndim", "dtype", "is_sparse", "is_keras_tensor", "count_params", "eval", "get_value"}
)
_CONSTANTS = frozenset({"True", "False", "None"})
_TENSOR = "t"


class Functional(Analysis):
    rules = frozenset({KM205.id})

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: names whose values are being asked (``_followed``)
        self._tensors: set[tuple[int, str]] = set()
        self._layers: set[tuple[int, str]] = set()
        #: the value of each plain assignment's name target in the module (``assigned_values``)
        self._assigned: dict[int, cst.BaseExpression | None] | None = None
        #: calls to wrap once the core has rewritten them: id -> (tensor args, captured args)
        self._pending: dict[int, tuple[tuple[int, ...], dict[int, str]]] = {}

    # --- the hooks ----------------------------------------------------------------------

    def declines(self, call: cst.Call, entry: Entry, row: Row, bound: Bound) -> bool:
        functional = self.ctx.target.functional
        if functional is None or self.ctx.suppressed(call, KM205.id):
            return False
        tensors = tuple(i for i, arg in enumerate(call.args) if self._holds_tensor(arg.value))
        if not tensors:
            return False
        if entry.name in _PYTHON_VALUES:
            if entry.name not in functional.unfit:
                return False  # its rewrite works on a KerasTensor as it is (`tuple(x.shape)`)
            return self._decline(call, entry, "its rewrite fails there; no tensor results")
        if any(not self._is_tensor(call.args[i].value) for i in tensors):
            return self._decline(call, entry, "a list mixes them with other values")
        names = {i: name for name, i in bound.index.items()}
        # the other arguments are evaluated when the layer is made, before the tensors it
        # is called on: a call among them may run first only if the tensors make no call
        calls_in_tensors = not all(_is_pure(call.args[i].value) for i in tensors)
        captured: dict[int, str] = {}
        for i, arg in enumerate(call.args):
            if i in tensors or _is_literal(arg.value):
                continue
            if calls_in_tensors and not _is_pure(arg.value):
                return self._decline(call, entry, "a call in a tensor and in another argument")
            name = names.get(i, "")
            captured[i] = name if name and name != _TENSOR and name not in captured.values() else f"a{i}"
        self._pending[id(call)] = (tensors, captured)
        return False

    def rewritten(self, call: cst.Call, entry: Entry) -> None:
        pending = self._pending.pop(id(call), None)
        functional = self.ctx.target.functional
        if pending is None or functional is None:
            return
        wrap = Variant(functional.wrap)
        roots = self.ctx.roots(call, wrap)
        if roots is None:
            return  # reported (KM004): the call keeps the core's rewrite
        builder = self.ctx.plan.replace[id(call)]
        self.ctx.plan.replace[id(call)] = _wrapped(builder, with_root(wrap.expression, roots), *pending)
        self.ctx.fixed(call, KM205.id)

    def _decline(self, call: cst.Call, entry: Entry, why: str) -> bool:
        functional = self.ctx.target.functional
        assert functional is not None
        other = TARGETS.get(functional.instead)
        row = other.mapping(entry) if other is not None else None
        template = row.variants[0].expression if row is not None and row.variants else None
        spelling = f"`{ast.unparse(template.func)}(...)`" if isinstance(template, ast.Call) else "`keras.ops`"
        instead = f"--target {functional.instead}: {spelling}" if row is not None else spelling
        shown = cst.Module([]).code_for_node(call.func)
        self.ctx.report(
            call, KM205.id, f"`{shown}(...)` on a Keras tensor ({why}) is not rewritten; use {instead}"
        )
        return True

    # --- what is a functional-API tensor ------------------------------------------------

    def _holds_tensor(self, node: cst.BaseExpression) -> bool:
        """The argument is such a tensor, or a list/tuple with one among its elements."""
        if isinstance(node, cst.List | cst.Tuple):
            return any(isinstance(e, cst.Element) and self._is_tensor(e.value) for e in node.elements)
        return self._is_tensor(node)

    def _is_tensor(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.List | cst.Tuple):
            elements = node.elements
            return bool(elements) and all(
                isinstance(e, cst.Element) and self._is_tensor(e.value) for e in elements
            )
        return self._tensor(node)

    def _tensor(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name):
            return self._followed(node, self._is_tensor, self._tensors)
        if isinstance(node, cst.BinaryOperation):
            return self._is_tensor(node.left) or self._is_tensor(node.right)
        if isinstance(node, cst.UnaryOperation):
            return self._is_tensor(node.expression)
        if isinstance(node, cst.Subscript):
            return self._is_tensor(node.value)
        if not isinstance(node, cst.Call):
            return False
        func = node.func
        if self._is_layer(func):
            return True
        names = self._qualified(func)
        if names and names <= _INPUTS:
            return True
        # a backend call or a functional merge layer (`layers.add`) on such a tensor makes one
        if names and all(_returns_tensor(n) for n in names):
            return any(self._holds_tensor(arg.value) for arg in node.args)
        return False

    def _is_layer(self, node: cst.BaseExpression) -> bool:
        """``Dense(3)`` (a call of a ``keras.layers`` class), or a name bound only to one."""
        if isinstance(node, cst.Name):
            return self._followed(node, self._is_layer, self._layers)
        if not isinstance(node, cst.Call):
            return False
        names = self._qualified(node.func)
        return bool(names) and all(_is_layer_class(n) for n in names)

    def _followed(
        self, name: cst.Name, test: Callable[[cst.BaseExpression], bool], assuming: set[tuple[int, str]]
    ) -> bool:
        """Is every value ``name`` is assigned such a thing? While a name's values are being
        asked, the name itself is taken to be one (``x = Dense(3)(x)``, ``x = K.relu(x)``):
        a value can read the name only after an assignment of it ran, so if every value is
        one given that, the name always is."""
        scope = self.ctx.scope(name)
        key = (id(scope), name.value)
        if key in assuming:
            return True
        values = self._values(name)
        assuming.add(key)
        try:
            return bool(values) and all(test(v) for v in values)
        finally:
            assuming.discard(key)

    def _qualified(self, node: cst.BaseExpression) -> set[str]:
        """The canonical qualified names ``node`` is imported as (empty: not an import)."""
        base = base_name(node)
        scope = self.ctx.scope(node)
        if base is None or base.value not in self.ctx.import_roots or scope is None:
            return set()
        names = self.ctx.qualified_names(scope, node)
        if not names or any(q.source is not QualifiedNameSource.IMPORT for q in names):
            return set()
        return {canonical(q.name) for q in names}

    def _values(self, name: cst.Name) -> list[cst.BaseExpression]:
        """What ``name`` is assigned in the one scope it reads from (its function's, or the
        enclosing one's), when every assignment there is a plain ``name = value`` (else
        nothing: the name is not followed)."""
        scope = self.ctx.scope(name)
        if name.value in _CONSTANTS or scope is None or name.value not in scope:
            return []
        values: list[cst.BaseExpression] = []
        assignments = scope[name.value]
        if len({id(a.scope) for a in assignments}) != 1:
            return []
        for assignment in assignments:
            if not isinstance(assignment, Assignment):
                return []
            if self._assigned is None:
                self._assigned = assigned_values(cast("cst.Module", self.ctx.stack[0]))
            value = self._assigned.get(id(assignment.node))
            if value is None:
                return []
            values.append(value)
        return values


def assigned_values(module: cst.Module) -> dict[int, cst.BaseExpression | None]:
    """``id(name) -> value`` for each name that is a whole target of an ``Assign`` (``x = v``,
    also ``x = y = v``) or an ``AnnAssign`` (``x: T = v``; None without a value), anywhere in
    the module. Statements hold no statement inside an expression (a lambda's body is an
    expression), so the walk skips every expression: a fraction of the parents of the whole
    module, which gave the same answer (its test compares both on every fixture)."""
    out: dict[int, cst.BaseExpression | None] = {}
    pending: list[cst.CSTNode] = [module]
    while pending:
        current = pending.pop()
        kind = type(current)
        if _ASSIGN[kind]:
            assign = cast("cst.Assign", current)
            for target in assign.targets:
                out[id(target.target)] = assign.value
            continue
        if _ANN_ASSIGN[kind]:
            annotated = cast("cst.AnnAssign", current)
            out[id(annotated.target)] = annotated.value
            continue
        pending.extend(c for c in _children(current) if not _EXPRESSION[type(c)])
    return out


_ASSIGN = Kind(cst.Assign)
_ANN_ASSIGN = Kind(cst.AnnAssign)
_EXPRESSION = Kind(cst.BaseExpression)
_NODE = Kind(cst.CSTNode)
_SEQUENCE = Kind(tuple, list)


def _is_layer_class(qualified: str) -> bool:
    module, _, name = qualified.rpartition(".")
    return module == "keras.layers" and name[:1].isupper() and name not in _NOT_LAYERS


def _returns_tensor(qualified: str) -> bool:
    module, _, name = qualified.rpartition(".")
    if module == BACKEND or module.startswith(f"{BACKEND}."):
        return name not in _PYTHON_VALUES
    return module == "keras.layers" and name[:1].islower()


def _is_literal(node: cst.BaseExpression) -> bool:
    """A literal (numbers, strings, constants, and tuples/lists/operators of them)."""
    try:
        ast.literal_eval(cst.Module([]).code_for_node(node))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _is_pure(node: cst.BaseExpression) -> bool:
    """No call anywhere in it: evaluating it earlier than the call did changes nothing."""
    return not any(isinstance(n, cst.Call | cst.Lambda | cst.Await | cst.Yield) for n in _walk(node))


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    out = [node]
    for child in _children(node):
        out.extend(_walk(child))
    return out


#: the field names of each node type, in declaration order
_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The nodes of ``node.children``, read from the fields (in field order, which is not
    always source order: both uses here ignore the order). LibCST's ``children`` runs a
    visitor that rebuilds the node: four times the cost (the parents of a 1,000-line
    module: 0.1 s)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f.name for f in dataclasses.fields(node))
    for name in names:
        value = getattr(node, name)
        if _NODE[type(value)]:
            yield value
        elif _SEQUENCE[type(value)]:
            yield from (v for v in value if _NODE[type(v)])


def _wrapped(
    builder: Replacement, layer: str, tensors: tuple[int, ...], captured: dict[int, str]
) -> Replacement:
    """``tf.op(x, axis=a)`` -> ``Lambda(lambda t, axis=a: tf.op(t, axis=axis))(x)``: the
    core's rewrite of the call with its tensor arguments replaced by the layer's input."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        args = list(updated.args)
        inputs = [args[i].value for i in tensors]
        for k, i in enumerate(tensors):
            value: cst.BaseExpression = cst.Name(_TENSOR)
            if len(tensors) > 1:
                value = cst.Subscript(value, [cst.SubscriptElement(cst.Index(cst.Integer(str(k))))])
            args[i] = args[i].with_changes(value=value)
        params = [cst.Param(cst.Name(_TENSOR))]
        for i, name in captured.items():
            params.append(
                cst.Param(
                    cst.Name(name),
                    default=args[i].value,
                    equal=cst.AssignEqual(
                        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                    ),
                )
            )
            args[i] = args[i].with_changes(value=cst.Name(name))
        body = builder(updated.with_changes(args=args, lpar=[], rpar=[]))
        assert isinstance(body, cst.BaseExpression)
        if not isinstance(body, cst.Tuple):
            body = body.with_changes(lpar=[], rpar=[])
        function = cst.Lambda(cst.Parameters(params), body)
        source = inputs[0] if len(inputs) == 1 else cst.List([cst.Element(v) for v in inputs])
        layer_call = cst.Call(cst.parse_expression(layer), [cst.Arg(function)])
        return cst.Call(layer_call, [cst.Arg(source)], lpar=updated.lpar, rpar=updated.rpar)

    return replace
