"""Reading the argument order of a cross-entropy call (rule and words: tables/argument_order.py)."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from enum import Enum

import libcst as cst

from .rewrite import Bound
from .tables import Variant
from .tables.argument_order import OUTPUT_WORDS, PARAMS, SWAPPED_IN_2_0_7, TARGET_WORDS

#: the finding for a call whose argument names show the Keras <= 2.0.6 order (it is rewritten)
KERAS1_ORDER = "names show the Keras <= 2.0.6 order (output, target); rewritten with keywords"
#: the finding for a call whose order the names do not show (it is left alone)
UNKNOWN_ORDER = "names do not show (output, target) or (target, output) order; pass `target=`, `output=`"


class Order(str, Enum):
    KERAS1 = "keras1"  # (output, target)
    KERAS2 = "keras2"  # (target, output)
    UNKNOWN = "unknown"


def shown_name(node: cst.BaseExpression) -> str | None:
    """The name an argument expression shows (see the module docstring), if any."""
    while True:
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, cst.Attribute):
            return node.attr.value
        if isinstance(node, cst.Subscript):
            node = node.value
        elif (
            isinstance(node, cst.Call)
            and node.args
            and node.args[0].keyword is None
            and not node.args[0].star
        ):
            node = node.args[0].value
        else:
            return None


def words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)]


def side(node: cst.BaseExpression) -> str | None:
    """``"target"``, ``"output"`` or None for one argument."""
    name = shown_name(node)
    if name is None:
        return None
    found = set(words(name))
    target, output = bool(found & TARGET_WORDS), bool(found & OUTPUT_WORDS)
    if target != output:
        return "target" if target else "output"
    return None


def order(first: cst.BaseExpression, second: cst.BaseExpression) -> Order:
    """The order of a call's two positional arguments."""
    a, b = side(first), side(second)
    keras1 = a == "output" or b == "target"
    keras2 = a == "target" or b == "output"
    if keras1 and not keras2:
        return Order.KERAS1
    if keras2 and not keras1:
        return Order.KERAS2
    return Order.UNKNOWN


def keyworded(variant: Variant) -> Variant:
    """The variant with the swapped parameters passed by keyword (``target=target``), so the
    rewritten call says which argument is which."""
    expr = ast.parse(variant.template, mode="eval").body
    if not isinstance(expr, ast.Call):
        return variant
    keep: list[ast.expr] = []
    keywords: list[ast.keyword] = []
    for arg in expr.args:
        if isinstance(arg, ast.Name) and arg.id in PARAMS:
            keywords.append(ast.keyword(arg=arg.id, value=ast.Name(arg.id)))
        else:
            keep.append(arg)
    if not keywords:
        return variant
    expr.args = keep
    expr.keywords = [*keywords, *expr.keywords]
    return replace(variant, template=ast.unparse(expr))


def keras1_bound(bound: Bound) -> Bound:
    """The binding of a Keras 1 ``(output, target)`` call: its first argument is the output."""
    a, b = PARAMS
    index = {**bound.index, a: bound.index[b], b: bound.index[a]}
    values = {**bound.values, a: bound.values[b], b: bound.values[a]}
    return Bound(index, values)


def positional_order(call: cst.Call, row_name: str, index: dict[str, int]) -> Order | None:
    """The order of a swapped-in-2.0.7 function's call, when it passes both of those
    parameters positionally (by keyword the meaning is the same in every version)."""
    if row_name not in SWAPPED_IN_2_0_7 or not all(p in index for p in PARAMS):
        return None
    first, second = (call.args[index[p]] for p in PARAMS)
    if first.keyword is not None or second.keyword is not None:
        return None
    return order(first.value, second.value)
