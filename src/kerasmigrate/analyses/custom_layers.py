"""KM750-KM753: Keras 1 custom layers made to work on Keras 3, or reported.

A class is a custom layer when one of its bases resolves, through imports, to a Keras layer
class (``keras.layers.Layer``, ``keras.engine.topology.Layer``, ``tensorflow.keras.layers.X``,
any ``keras.layers.*`` class). Only ``build``'s straight-line statements are read for weights:
what is created there, in which order, and what ``self.trainable_weights = [...]`` lists.
The ``K.variable`` calls this analysis rewrites are claimed from the core (``report_only``)
while walking, so they are not also turned into ``tf.Variable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ..catalogue.modules import canonical
from ..resolve import backend_ref
from ..rules.custom_layers import KM750, KM751, KM752, KM753
from ._base import Analysis, Context, Replacement

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
#: the legacy backend functions that made a weight, and where their shape/value and name were
_MAKERS = {"variable": "value", "zeros": "shape", "ones": "shape"}
_NUMPY = {"numpy.zeros": "zeros", "numpy.ones": "ones"}
_LISTS = {"trainable_weights": True, "non_trainable_weights": False}
#: legacy ``add_weight`` positional orders, as far as the reference records them (docs/legacy-apis.md):
#: Keras 1.2 (a shape first), Keras 2.2 (a name first); further positionals are reported
_K1_ORDER: tuple[str, ...] = ("shape", "initializer")
_K22_ORDER: tuple[str, ...] = ("name", "shape")


@dataclass
class _Weight:
    """A ``self.X = K.variable(...)`` site that becomes ``self.add_weight(...)``."""

    call: cst.Call
    shape: cst.BaseExpression
    initializer: str
    name: cst.BaseExpression | None
    trainable: bool = True
    #: ``K.variable(np.zeros(shape))``: the shape is inside the value
    numpy: bool = False


@dataclass
class _Class:
    node: cst.ClassDef
    add_weight_calls: list[cst.Call] = field(default_factory=list)


class CustomLayers(Analysis):
    rules = frozenset({KM750.id, KM751.id, KM752.id, KM753.id})

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._classes: dict[int, _Class] = {}
        self._claimed: dict[int, _Weight] = {}
        self._shape_uses: list[cst.Attribute] = []
        self._layer_cache: dict[int, bool] = {}

    # --- walking ---------------------------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if node.bases and self._is_layer(node):
            self._classes[id(node)] = _Class(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "get_output_shape_for":
            self._shape_uses.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "add_weight"
            and isinstance(func.value, cst.Name)
        ):
            owner = self._enclosing_class()
            if owner is not None and any(a.keyword is None and not a.star for a in node.args):
                owner.add_weight_calls.append(node)

    def _enclosing_class(self) -> _Class | None:
        for node in reversed(self.ctx.stack):
            if isinstance(node, cst.ClassDef):
                return self._classes.get(id(node))
        return None

    def _is_layer(self, node: cst.ClassDef) -> bool:
        scope = self.ctx.scope(node)
        if scope is None:
            return False
        for base in node.bases:
            for q in scope.get_qualified_names_for(base.value):
                if q.source is not QualifiedNameSource.IMPORT:
                    continue
                name = canonical(q.name)
                if name in ("keras.Layer", "keras.Model") or name.startswith(
                    ("keras.layers.", "keras.engine.")
                ):
                    return True
        return False

    # --- the core's K.variable: claimed where this analysis rewrites it ----------------------

    def report_only(self, node: cst.CSTNode, ref: object) -> bool:
        if KM751.id not in self.ctx.options.select:
            return False
        site = self._weight_site(node)
        if site is None:
            return False
        self._claimed[id(site.call)] = site
        return True

    def _weight_site(self, func: cst.CSTNode) -> _Weight | None:
        """``self.X = K.variable(np.zeros(shape), name=n)`` in ``build`` of a custom layer, with
        ``self.X`` listed in ``self.(non_)trainable_weights = [...]`` there: the rewrite."""
        ctx = self.ctx
        call = ctx.parent(func)
        if not isinstance(call, cst.Call) or call.func is not func:
            return None
        build, statement, target = self._build_assign(call)
        if build is None or statement is None or target is None:
            return None
        kind = self._maker(func)
        if kind is None:
            return None
        flags = _listed(build).get(target)
        if flags is None:
            return None
        value_kw = _MAKERS[kind]
        args = _bind(
            call,
            (value_kw, "dtype", "name", "constraint") if kind == "variable" else (value_kw, "dtype", "name"),
        )
        if args is None or "dtype" in args or "constraint" in args or value_kw not in args:
            return None
        value = args[value_kw]
        if kind == "variable":  # the value must be np.zeros(shape) / np.ones(shape)
            if not isinstance(value, cst.Call) or len(value.args) != 1 or value.args[0].keyword is not None:
                return None
            scope = ctx.scope(value)
            names = {q.name for q in ctx.qualified_names(scope, value.func)} if scope is not None else set()
            initializer = _NUMPY.get(next(iter(names))) if len(names) == 1 else None
            if initializer is None or value.args[0].star:
                return None
            shape = value.args[0].value
        else:
            initializer, shape = kind, value
        return _Weight(call, shape, initializer, args.get("name"), flags, kind == "variable")

    def _maker(self, func: cst.CSTNode) -> str | None:
        scope = self.ctx.scope(func)
        if scope is None or not isinstance(func, cst.Name | cst.Attribute):
            return None
        kinds = set()
        for q in self.ctx.qualified_names(scope, func):
            ref = backend_ref(q.name) if q.source is QualifiedNameSource.IMPORT else None
            if ref is None or ref.removed_backend or ref.name not in _MAKERS:
                return None
            kinds.add(ref.name)
        return kinds.pop() if len(kinds) == 1 else None

    def _untracked(self, func: cst.BaseExpression) -> bool:
        """A variable Keras 3 does not track: a legacy backend maker, or ``tf.Variable`` (what the
        core makes of ``K.variable`` where this analysis cannot rewrite it)."""
        if self._maker(func) is not None:
            return True
        scope = self.ctx.scope(func)
        names = self.ctx.qualified_names(scope, func) if scope is not None else set()
        return bool(names) and all(
            q.source is QualifiedNameSource.IMPORT and q.name == "tensorflow.Variable" for q in names
        )

    def _build_assign(
        self, call: cst.Call
    ) -> tuple[cst.FunctionDef | None, cst.SimpleStatementLine | None, str | None]:
        """(build, its statement, ``X``) when ``call`` is the value of ``self.X = call``, a
        top-level statement of ``build`` in a custom layer."""
        ctx = self.ctx
        assign = ctx.parent(call)
        if not isinstance(assign, cst.Assign) or assign.value is not call or len(assign.targets) != 1:
            return None, None, None
        line = ctx.parent(assign)
        block = ctx.parent(line) if line is not None else None
        build = ctx.parent(block) if block is not None else None
        if not isinstance(line, cst.SimpleStatementLine) or not isinstance(build, cst.FunctionDef):
            return None, None, None
        owner_block = ctx.parent(build)
        owner = ctx.parent(owner_block) if owner_block is not None else None
        if (
            build.name.value != "build"
            or not isinstance(owner, cst.ClassDef)
            or id(owner) not in self._classes
        ):
            return None, None, None
        target = _self_attribute(assign.targets[0].target, _self_name(build))
        return build, line, target

    # --- finishing -------------------------------------------------------------------------

    def finish(self) -> None:
        ctx = self.ctx
        for cls in self._classes.values():
            methods = {s.name.value: s for s in cls.node.body.body if isinstance(s, cst.FunctionDef)}
            if KM750.id in ctx.options.select and "get_output_shape_for" in methods:
                self._shape_method(cls.node, methods)
            build = methods.get("build")
            if build is not None:
                self._weights(build)
            if KM753.id in ctx.options.select:
                for call in cls.add_weight_calls:
                    self._positional(call)

    def _shape_method(self, cls: cst.ClassDef, methods: dict[str, cst.FunctionDef]) -> None:
        ctx = self.ctx
        method = methods["get_output_shape_for"]
        inside = [
            a
            for a in self._shape_uses
            if _within(ctx, a, cls) and isinstance(a.value, cst.Name) and a.value.value == "self"
        ]
        others = [a for a in self._shape_uses if a not in inside]
        if "compute_output_shape" in methods:
            ctx.report(
                method,
                KM750.id,
                "`get_output_shape_for` is never called by Keras 3 and the class also defines "
                "`compute_output_shape`: keep one of them",
            )
            return
        if others:
            ctx.report(
                method,
                KM750.id,
                "Keras 3 never calls `get_output_shape_for`; rename it `compute_output_shape` "
                "(other code calls it by its old name: rename those calls too)",
            )
            return
        ctx.plan.replace[id(method.name)] = _renamed_name("compute_output_shape")
        for use in inside:
            ctx.plan.replace[id(use)] = _renamed_attribute("compute_output_shape")
        ctx.fixed(method, KM750.id)

    def _weights(self, build: cst.FunctionDef) -> None:
        ctx = self.ctx
        me = _self_name(build)
        created: list[str] = []  # in creation order
        from_add_weight: dict[str, bool | None] = {}  # X -> its trainable flag, for add_weight weights
        lists: list[tuple[cst.SimpleStatementLine, bool, list[str] | None]] = []
        for line in build.body.body if isinstance(build.body, cst.IndentedBlock) else []:
            if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
                continue
            small = line.body[0]
            if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                continue
            target = _self_attribute(small.targets[0].target, me)
            if target in _LISTS:
                lists.append((line, _LISTS[target], _list_items(small.value, me)))
                continue
            if target is None:
                continue
            created.append(target)
            value = small.value
            if id(value) in self._claimed:
                site = self._claimed[id(value)]
                ctx.plan.replace[id(value)] = _add_weight(me, site)
                ctx.fixed(value, KM751.id)
                assert isinstance(value, cst.Call)
                ctx.release_import(value.func)
                from_add_weight[target] = site.trainable
            elif _is_add_weight(value, me):
                assert isinstance(value, cst.Call)
                from_add_weight[target] = _trainable_flag(value)
            elif (
                KM751.id in ctx.options.select and isinstance(value, cst.Call) and self._untracked(value.func)
            ):
                ctx.report(
                    small,
                    KM751.id,
                    f"`{me}.{target}` is not tracked by Keras 3 (never trained or saved); "
                    "create it with `self.add_weight(shape=..., initializer=..., name=...)`",
                )
        if KM752.id not in ctx.options.select:
            return
        statements = len(build.body.body) if isinstance(build.body, cst.IndentedBlock) else 0
        for line, trainable, items in lists:
            order = [x for x in created if items is not None and x in items]
            removable = (
                items is not None
                and all(from_add_weight.get(x) is trainable for x in items)
                and order == items
                and not _has_comment(line)
                and statements - len(lists) > 0
            )
            name = "trainable_weights" if trainable else "non_trainable_weights"
            if removable:
                ctx.plan.replace[id(line)] = _removed
                ctx.fixed(line, KM752.id)
            else:
                ctx.report(
                    line,
                    KM752.id,
                    f"`{me}.{name} = ...` raises `AttributeError` in Keras 3: create each weight with "
                    "`self.add_weight(...)` (Keras lists them itself) and delete this line",
                )

    def _positional(self, call: cst.Call) -> None:
        ctx = self.ctx
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in call.args):
            ctx.report(call, KM753.id, "`add_weight(*...)`: pass each argument by keyword")
            return
        first = positional[0].value
        if isinstance(first, cst.Tuple | cst.List):
            order = _K1_ORDER
        elif isinstance(first, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
            order = _K22_ORDER
        else:
            ctx.report(
                call,
                KM753.id,
                "`add_weight` with positional arguments whose legacy order is not known: "
                "pass them by keyword (`shape=`, `initializer=`, `name=`)",
            )
            return
        if len(positional) > len(order):
            ctx.report(
                call,
                KM753.id,
                f"`add_weight` with {len(positional)} legacy positional arguments: pass them by keyword "
                "(a third one is now `dtype`)",
            )
            return
        ctx.plan.replace[id(call)] = _keyworded(order)
        ctx.fixed(call, KM753.id)


# --- helpers -------------------------------------------------------------------------------


def _self_name(function: cst.FunctionDef) -> str:
    params = function.params.params
    return params[0].name.value if params else "self"


def _self_attribute(node: cst.BaseExpression, me: str) -> str | None:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == me:
        return node.attr.value
    return None


def _list_items(value: cst.BaseExpression, me: str) -> list[str] | None:
    if not isinstance(value, cst.List | cst.Tuple):
        return None
    items = []
    for element in value.elements:
        if not isinstance(element, cst.Element):
            return None
        name = _self_attribute(element.value, me)
        if name is None:
            return None
        items.append(name)
    return items


def _listed(build: cst.FunctionDef) -> dict[str, bool]:
    """X -> trainable, for every ``self.X`` in a ``self.(non_)trainable_weights = [...]`` of build."""
    me = _self_name(build)
    out: dict[str, bool] = {}
    for line in build.body.body if isinstance(build.body, cst.IndentedBlock) else []:
        if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
            small = line.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = _self_attribute(small.targets[0].target, me)
                if target in _LISTS:
                    for item in _list_items(small.value, me) or []:
                        out[item] = _LISTS[target]
    return out


def _bind(call: cst.Call, names: tuple[str, ...]) -> dict[str, cst.BaseExpression] | None:
    out: dict[str, cst.BaseExpression] = {}
    index = 0
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(names):
                return None
            out[names[index]] = arg.value
            index += 1
        elif arg.keyword.value in names:
            out[arg.keyword.value] = arg.value
        else:
            return None
    return out


def _is_add_weight(value: cst.BaseExpression, me: str) -> bool:
    return isinstance(value, cst.Call) and _self_attribute(value.func, me) == "add_weight"


def _trainable_flag(call: cst.Call) -> bool | None:
    """True/False for ``trainable=`` absent or a literal; None when it is not known."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "trainable":
            value = arg.value
            return {"True": True, "False": False}.get(value.value) if isinstance(value, cst.Name) else None
    if len([a for a in call.args if a.keyword is None]) > 3:
        return None  # a positional trainable (Keras 1 order): KM753 passes it by keyword
    return True


def _has_comment(line: cst.SimpleStatementLine) -> bool:
    return (
        any(e.comment is not None for e in line.leading_lines) or line.trailing_whitespace.comment is not None
    )


def _within(ctx: Context, node: cst.CSTNode, ancestor: cst.CSTNode) -> bool:
    current = ctx.parent(node)
    while current is not None:
        if current is ancestor:
            return True
        current = ctx.parent(current)
    return False


def _removed(updated: cst.CSTNode) -> cst.CSTNode:
    return cst.RemoveFromParent()  # type: ignore[return-value]


def _renamed_name(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Name)
        return updated.with_changes(value=new)

    return replace


def _renamed_attribute(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Attribute)
        return updated.with_changes(attr=cst.Name(new))

    return replace


def _quote(call: cst.CSTNode) -> str:
    quotes: list[str] = []

    class _Strings(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            quotes.append(node.quote)

    call.visit(_Strings())
    return quotes[0] if quotes and quotes[0] in ("'", '"') else "'"


def _add_weight(me: str, site: _Weight) -> Replacement:
    """``K.variable(np.zeros(shape), name=n)`` -> ``self.add_weight(shape=shape, initializer='zeros', name=n)``,
    built from the updated call (whatever other rules did inside the shape and name stays)."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        names = ("value", "dtype", "name", "constraint") if site.numpy else ("shape", "dtype", "name")
        bound = _bind(updated, names) or {}
        inner = bound.get("value", bound.get("shape"))
        if site.numpy:
            assert isinstance(inner, cst.Call)
            shape = inner.args[0].value
        else:
            shape = inner if inner is not None else site.shape
        q = _quote(updated)
        args = [
            cst.Arg(shape, keyword=cst.Name("shape"), equal=_EQUAL),
            cst.Arg(
                cst.SimpleString(f"{q}{site.initializer}{q}"), keyword=cst.Name("initializer"), equal=_EQUAL
            ),
        ]
        if bound.get("name") is not None:
            args.append(cst.Arg(bound["name"], keyword=cst.Name("name"), equal=_EQUAL))
        if not site.trainable:
            args.append(cst.Arg(cst.Name("False"), keyword=cst.Name("trainable"), equal=_EQUAL))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [a.with_changes(comma=comma) for a in args[:-1]] + [args[-1]]
        return cst.Call(cst.Attribute(cst.Name(me), cst.Name("add_weight")), args)

    return replace


def _keyworded(order: tuple[str, ...]) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        args = []
        index = 0
        for arg in updated.args:
            if arg.keyword is None:
                args.append(arg.with_changes(keyword=cst.Name(order[index]), equal=_EQUAL))
                index += 1
            else:
                args.append(arg)
        return updated.with_changes(args=args)

    return replace
