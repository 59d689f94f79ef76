"""Apply a table row to one call: bind the arguments, pick a variant, build the new node.

Binding follows Python's own rules against the legacy signature, so ``K.mean(x, 1)`` and
``K.mean(x, axis=1)`` are the same call. Arguments that pass through keep their original
CST nodes (comments and line breaks inside a call survive).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import libcst as cst

from .catalogue import Entry
from .tables import Cond, FixSafety, Row, Variant

_EMPTY = cst.Module(body=[])
_MISSING = object()


class CannotBind(Exception):
    """The call's arguments do not fit the legacy signature (so it is not ours to guess)."""


def literal_value(node: cst.BaseExpression) -> Any:
    """The value of a literal expression, or ``_MISSING`` when it is not a plain literal."""
    if not isinstance(
        node,
        cst.SimpleString
        | cst.ConcatenatedString
        | cst.Integer
        | cst.Float
        | cst.Imaginary
        | cst.Name
        | cst.UnaryOperation
        | cst.Tuple
        | cst.List,
    ):
        return _MISSING
    try:
        return ast.literal_eval(_EMPTY.code_for_node(node).strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _MISSING


def string_value(node: cst.BaseExpression) -> str | None:
    """The text of a plain (non-bytes, non-f) string literal."""
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def restring(node: cst.SimpleString, value: str) -> cst.SimpleString:
    """The same literal (prefix and quotes kept) with a new value."""
    quote = node.quote
    return node.with_changes(value=f"{node.prefix}{quote}{value}{quote}")


@dataclass
class Bound:
    """The call's arguments by legacy parameter name (index into ``call.args``)."""

    index: dict[str, int]
    values: dict[str, Any]  # literal values (or _MISSING)
    #: arguments that went to the legacy ``*args``/``**kwargs`` (indices into ``call.args``):
    #: no template can pass them on, so no call replacement applies while there are any
    rest: tuple[int, ...] = ()

    def given(self, name: str) -> bool:
        return name in self.index


def bind(call: cst.Call, legacy: Entry | Row) -> Bound:
    """Bind the call's arguments to the legacy signature (the catalogue entry's), as Python would."""
    entry = legacy.entry if isinstance(legacy, Row) else legacy
    params = entry.params
    index: dict[str, int] = {}
    rest: list[int] = []
    positional = [p for p in params if not p.kw_only]
    by_name = {p.name: p for p in params}
    pos = 0
    for i, arg in enumerate(call.args):
        if arg.star:
            raise CannotBind("uses *args or **kwargs")
        if arg.keyword is None:
            if pos >= len(positional):
                if entry.var_positional:
                    rest.append(i)
                    continue
                raise CannotBind("passes more positional arguments than the legacy function takes")
            index[positional[pos].name] = i
            pos += 1
            continue
        name = entry.keyword_aliases.get(arg.keyword.value, arg.keyword.value)
        if name not in by_name:
            if entry.var_keyword:
                rest.append(i)
                continue
            raise CannotBind(f"passes `{arg.keyword.value}=`, which the legacy function does not take")
        if name in index:
            raise CannotBind(f"passes `{name}` twice")
        index[name] = i
    missing = [p.name for p in params if p.required and p.name not in index]
    if missing:
        raise CannotBind(f"does not pass the required argument `{missing[0]}`")
    values = {name: literal_value(call.args[i].value) for name, i in index.items()}
    return Bound(index, values, tuple(rest))


def _is_default(row: Row, bound: Bound, name: str) -> bool:
    if not bound.given(name):
        return True
    param = next(p for p in row.params if p.name == name)
    value = bound.values[name]
    if param.required or value is _MISSING:
        return False
    if param.default is None or isinstance(param.default, str):
        return value == param.default and type(value) is type(param.default)
    return isinstance(value, int | float) and value == param.default


def _holds(cond: Cond | tuple[Any, ...], row: Row, bound: Bound, name: str) -> bool:
    default = _is_default(row, bound, name)
    value = bound.values.get(name, _MISSING)
    if isinstance(cond, tuple):
        if not bound.given(name):
            return False
        return any(value == v and type(value) in (type(v), int, float) for v in cond)
    if cond is Cond.DEFAULT:
        return default
    if cond is Cond.GIVEN:
        return not default
    if cond is Cond.NUMBER:
        return not default and type(value) in (int, float)
    if cond is Cond.LITERAL:
        return value is not _MISSING
    raise AssertionError(cond)


def applies(variant: Variant, row: Row, bound: Bound) -> bool:
    """All conditions hold, and every legacy parameter the template drops is at its default."""
    if bound.rest:
        return False
    for p in row.params:
        cond = variant.when.get(p.name)
        if cond is None:
            cond = Cond.DEFAULT if p.name not in variant.names else None
        if cond is not None and not _holds(cond, row, bound, p.name):
            return False
    for name, table in variant.remap.items():
        if bound.given(name) and bound.values[name] not in table:
            return False
    return True


def choose(row: Row, bound: Bound, *, allow_unsafe: bool) -> tuple[Variant | None, Variant | None]:
    """The first applicable variant, skipping unsafe ones unless allowed.

    Returns ``(variant, skipped_unsafe)``: the second is the first unsafe variant that
    would have applied, so the caller can say that ``--unsafe-fixes`` would fix the call.
    A row can put an unsafe modern spelling first and an exact fallback after it."""
    skipped: Variant | None = None
    for variant in row.variants:
        if not applies(variant, row, bound):
            continue
        if variant.safety is FixSafety.UNSAFE and not allow_unsafe:
            skipped = skipped or variant
            continue
        return variant, skipped
    return None, skipped


# --- building ------------------------------------------------------------------------------

Builder = Callable[[cst.Call], cst.BaseExpression]


def _dotted(name: str) -> cst.BaseExpression:
    return cst.parse_expression(name)


def with_root(expr: ast.expr, roots: Mapping[str, str]) -> str:
    """A template's dotted name in this module's spelling (``tf.abs`` -> ``tensorflow.abs``)."""
    text = ast.unparse(expr)
    head, _, rest = text.partition(".")
    return f"{roots.get(head, head)}.{rest}" if rest else roots.get(head, head)


def _arg_source(value: ast.expr, params: set[str]) -> str | None:
    return value.id if isinstance(value, ast.Name) and value.id in params else None


def _is_simple_call(variant: Variant, params: set[str]) -> bool:
    """A call whose arguments are parameters or literals: built by reusing the CST args."""
    expr = variant.expression
    if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Attribute | ast.Name):
        return False
    if variant.names & params & {n.id for n in ast.walk(expr.func) if isinstance(n, ast.Name)}:
        return False
    for value in [*expr.args, *(k.value for k in expr.keywords)]:
        if isinstance(value, ast.Starred):
            return False
        if _arg_source(value, params) is None:
            try:
                ast.literal_eval(value)
            except ValueError:
                return False
    return all(k.arg is not None for k in expr.keywords)


def _fix_commas(args: list[cst.Arg], had_trailing: bool) -> list[cst.Arg]:
    out: list[cst.Arg] = []
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        if not last and not isinstance(arg.comma, cst.Comma):
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elif last and isinstance(arg.comma, cst.Comma) and not had_trailing:
            arg = arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        out.append(arg)
    return out


def _remapped(arg: cst.Arg, table: Mapping[str, str] | None) -> cst.Arg:
    if table and isinstance(arg.value, cst.SimpleString):
        value = string_value(arg.value)
        if value is not None and value in table:
            return arg.with_changes(value=restring(arg.value, table[value]))
    return arg


def build(variant: Variant, row: Row, bound: Bound, roots: Mapping[str, str]) -> Builder:
    """A function from the (updated) call node to its replacement."""
    params = {p.name for p in row.params}
    defaults = {p.name: p.default for p in row.params if not p.required}
    expr = variant.expression

    if _is_simple_call(variant, params):
        assert isinstance(expr, ast.Call)
        func_text = with_root(expr.func, roots)

        def simple(call: cst.Call) -> cst.BaseExpression:
            positional: list[cst.Arg] = []
            keyword: list[tuple[int, cst.Arg]] = []
            fresh = len(call.args)
            for value in expr.args:
                src = _arg_source(value, params)
                if src is not None and bound.given(src):
                    arg = call.args[bound.index[src]]
                    positional.append(
                        _remapped(
                            arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT),
                            variant.remap.get(src),
                        )
                    )
                elif src is not None:
                    positional.append(cst.Arg(cst.parse_expression(repr(defaults[src]))))
                else:
                    positional.append(cst.Arg(cst.parse_expression(ast.unparse(value))))
            for kw in expr.keywords:
                assert kw.arg is not None
                src = _arg_source(kw.value, params)
                if src is not None and bound.given(src):
                    arg = call.args[bound.index[src]]
                    equal = (
                        arg.equal
                        if arg.keyword is not None
                        else cst.AssignEqual(
                            whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""),
                        )
                    )
                    arg = arg.with_changes(keyword=cst.Name(kw.arg), equal=equal)
                    keyword.append((bound.index[src], _remapped(arg, variant.remap.get(src))))
                    continue
                if src is not None and src not in variant.emit_defaults:
                    continue  # not passed, and the target's default is the legacy default
                text = repr(defaults[src]) if src is not None else ast.unparse(kw.value)
                keyword.append(
                    (fresh, cst.Arg(cst.parse_expression(text), keyword=cst.Name(kw.arg), equal=_EQ))
                )
                fresh += 1
            keyword.sort(key=lambda item: item[0])
            had_trailing = bool(call.args) and isinstance(call.args[-1].comma, cst.Comma)
            args = _fix_commas([*positional, *(a for _, a in keyword)], had_trailing)
            return call.with_changes(func=_dotted(func_text), args=args)

        return simple

    template = cst.parse_expression(ast.unparse(expr))
    tight = _operand_positions(template, params)

    def general(call: cst.Call) -> cst.BaseExpression:
        values: dict[str, cst.BaseExpression] = {}
        absent: set[str] = set()
        for name in params:
            if bound.given(name):
                values[name] = _remapped(call.args[bound.index[name]], variant.remap.get(name)).value
            elif name in variant.emit_defaults or name not in defaults:
                values[name] = cst.parse_expression(repr(defaults.get(name)))
            else:
                absent.add(name)  # a keyword naming it is dropped: the target's default applies
                values[name] = cst.parse_expression(repr(defaults[name]))
        new = template.visit(_Substitute(values, roots, tight, absent))
        assert isinstance(new, cst.BaseExpression)
        if isinstance(new, cst.Call):
            new = _keep_layout(call, new)
        if call.lpar:
            return new.with_changes(lpar=call.lpar, rpar=call.rpar)
        return _parenthesize(new)

    return general


def _keep_layout(old: cst.Call, new: cst.Call) -> cst.Call:
    """A call written over several lines stays so: the space after ``(`` and the last
    argument's comma and space before ``)`` move to the call that replaces it."""
    if not new.args:
        return new
    last = new.args[-1]
    if isinstance(last.comma, cst.Comma):
        return new.with_changes(whitespace_before_args=old.whitespace_before_args)
    args = list(new.args)
    if old.args:
        args[-1] = last.with_changes(
            comma=old.args[-1].comma, whitespace_after_arg=old.args[-1].whitespace_after_arg
        )
    return new.with_changes(whitespace_before_args=old.whitespace_before_args, args=args)


def _operand_positions(template: cst.BaseExpression, params: set[str]) -> set[int]:
    """Placeholders that sit inside an operator, or before ``.``/``[``/``(``: an argument
    substituted there needs parentheses (``(a + b) * 0.2``); in a call argument, list
    element or keyword value it does not (``axis=-1``, not ``axis=(-1)``)."""
    tight: set[int] = set()

    class _Find(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            operands: list[cst.CSTNode] = []
            if isinstance(node, cst.BinaryOperation):
                operands = [node.left, node.right]
            elif isinstance(node, cst.UnaryOperation | cst.Await):
                operands = [node.expression]
            elif isinstance(node, cst.BooleanOperation):
                operands = [node.left, node.right]
            elif isinstance(node, cst.Comparison):
                operands = [node.left, *(t.comparator for t in node.comparisons)]
            elif isinstance(node, cst.Attribute | cst.Subscript):
                operands = [node.value]
            elif isinstance(node, cst.Call):
                operands = [node.func]
            tight.update(id(o) for o in operands if isinstance(o, cst.Name) and o.value in params)
            return True

    template.visit(_Find())
    return tight


_EQ = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
_ATOMIC = (
    cst.Name,
    cst.Attribute,
    cst.Call,
    cst.Subscript,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.Tuple,
    cst.List,
    cst.Dict,
    cst.Set,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.Ellipsis,
)


def _parenthesize(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, _ATOMIC) or node.lpar:
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _Substitute(cst.CSTTransformer):
    """Put the caller's argument expressions (and the module's tf alias) into a template."""

    def __init__(
        self,
        values: Mapping[str, cst.BaseExpression],
        roots: Mapping[str, str],
        tight: set[int],
        absent: set[str],
    ) -> None:
        super().__init__()
        self.values = values
        self.roots = roots
        self.tight = tight
        self.absent = absent

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if original_node.value in self.values:
            # a clone per use: a template may name a parameter twice, and one node object
            # in two places would break the metadata of later passes
            value = self.values[original_node.value].deep_clone()
            return _parenthesize(value) if id(original_node) in self.tight else value
        if original_node.value in self.roots:
            return updated_node.with_changes(value=self.roots[original_node.value])
        return updated_node

    # attribute names and keyword names are not expressions: put the originals back
    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg | cst.RemovalSentinel:
        value = original_node.value
        if original_node.keyword is not None and isinstance(value, cst.Name) and value.value in self.absent:
            return cst.RemoveFromParent()
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if updated_node.args and len(updated_node.args) < len(original_node.args):
            last = updated_node.args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated_node.with_changes(args=[*updated_node.args[:-1], last])
        return updated_node


def realign(builder: Builder, column: int, indent: int | None, old_func: str) -> Builder:
    """Keep continuation lines aligned with the opening bracket when the callee's name
    changes length: ``K.common.sum(a,\\n                 axis=1)`` -> ``tf.reduce_sum(a,\\n
    axis=1)`` with ``axis`` under ``a``. ``column`` is the call's 0-based start column,
    ``indent`` the width of its line's indentation (None when it is not all spaces).

    Only whitespace directly inside the new call's own brackets is touched, and only lines
    indented exactly to the old bracket (with spaces); anything else stays as written."""
    if "\n" in old_func or "\r" in old_func or indent is None:
        return builder
    old = column + len(old_func) + 1
    block: int = indent

    def build_aligned(updated: cst.Call) -> cst.BaseExpression:
        new = builder(updated)
        if not isinstance(new, cst.Call) or new.lpar or updated.lpar:
            return new
        shift = len(cst.Module([]).code_for_node(new.func)) + 1 + column
        if shift == old:  # the bracket has not moved: every line is where it belongs
            return new

        def fix(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
            if not isinstance(ws, cst.ParenthesizedWhitespace):
                return ws
            # LibCST counts a continuation line from the block's indentation when ``indent``
            base = block if ws.indent else 0
            if ws.last_line.value != " " * (old - base) or shift < base:
                return ws
            return ws.with_changes(last_line=cst.SimpleWhitespace(" " * (shift - base)))

        return new.with_changes(args=[arg.visit(_Realign(fix)) for arg in new.args])

    return build_aligned


class _Realign(cst.CSTTransformer):
    """Applies ``fix`` to the line breaks of one argument (its comma included), but not
    inside nested brackets, whose lines are aligned to those brackets."""

    def __init__(
        self, fix: Callable[[cst.BaseParenthesizableWhitespace], cst.BaseParenthesizableWhitespace]
    ) -> None:
        super().__init__()
        self.fix = fix

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Call | cst.Subscript | cst.List | cst.Tuple | cst.Dict | cst.Set):
            return False
        if isinstance(node, cst.BaseExpression) and node.lpar:
            return False
        return not isinstance(node, cst.BaseComp | cst.Lambda | cst.BaseString | cst.FormattedString)

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.BaseParenthesizableWhitespace:
        return self.fix(updated_node)
