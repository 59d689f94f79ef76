"""Keras 1 layer calls whose arguments change shape, not only name (KM601-KM611).

Keyword renames (``border_mode=`` -> ``padding=``) and class renames are catalogue rows
that ``keywords.py`` and ``renames.py`` apply. This analysis does what a rename cannot,
from the entry's :class:`~kerasmigrate.catalogue.layers.Keras1Layer`:

* legacy positional arguments by their Keras 1 meaning: ``Convolution2D(32, 3, 3)`` ->
  ``Conv2D(32, (3, 3))``, ``Dense(64, 'uniform')`` -> ``Dense(64, kernel_initializer=...)``.
  A call passes more positionals than Keras 2 kept only in Keras 1 code, or in ``tf.keras``
  code where they mean something else (``Conv2D(32, 3, 3)``: strides 3). So they are
  rewritten only in a file with Keras 1 evidence (``ctx.keras1``); without it, a call of a
  Keras 1 name that is still valid today (``Convolution2D``) is reported, never guessed, and
  a call of a current name is left alone;
* ``nb_row=``/``nb_col=``/``kernel_dim1..3=`` -> one ``kernel_size``; ``input_dim`` and
  ``input_length`` -> ``input_shape=(input_length, input_dim)``; ZeroPadding2D's dict and
  flat 4-tuple; SeparableConvolution2D's ``init`` -> both initializers; the required pool
  size of ``AveragePooling*D`` written out; ``Deconvolution2D(output_shape=)`` dropped where
  the output size cannot depend on it (strides 1); keywords with no equivalent reported.

The whole call is replaced after the keyword renames inside it (bottom-up), by argument
index: those renames never add or remove an argument.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ..catalogue import CATALOGUE, DIM_ORDERING_KEYWORD_VALUES, Entry, KeywordChange, Param
from ..catalogue.layers import LAYERS, Keras1Layer
from ..resolve import base_name
from ..rewrite import restring, string_value
from ._base import Analysis, Context, Replacement

#: keywords that give a layer its input shape (``input_length`` then means nothing more)
_SHAPED = frozenset({"input_shape", "batch_input_shape", "batch_shape"})
_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))

#: builds the arguments that replace the one at an index, from all the updated arguments
_Op = Callable[[Sequence[cst.Arg]], list[cst.Arg]]

_AMBIGUOUS = (
    "`{name}(...)` positionals: Keras 1 read {legacy}, today {today}; no Keras 1 evidence in this "
    "file: pass keywords"
)
#: the Keras 1.2.2 initializer names (``keras/initializations.py``)
_INITIALIZERS = frozenset(
    "uniform lecun_uniform normal identity orthogonal zero one glorot_normal glorot_uniform "
    "he_normal he_uniform".split()
)
#: keywords only today's API takes, beyond the entries' own new names
_TODAY = frozenset({"kernel_size", "data_format", "dilation_rate", "units", "rate"})
_TOO_MANY = "`{name}(...)` passes more positional arguments than Keras 1 took"
_INCOMPLETE = (
    "`{name}(...)` passes only part of the Keras 1 kernel size ({names}); pass `kernel_size=` in full"
)
_DIM_ORDERING = "`dim_ordering` takes a value kerasmigrate cannot see; pass `data_format=` with the new value"
_SPLIT = "Keras 1 `{old}=` was used for {new}: pass an initializer to each (this expression is not copied)"
_OUTPUT_SHAPE = (
    "`output_shape=` is gone; with strides other than 1 it chose among several output sizes: drop it, "
    "pass `output_padding=` if needed"
)
_PADDING = (
    "`ZeroPadding2D` padding given as {form} kerasmigrate cannot read; pass `((top, bottom), (left, right))`"
)


def _literal_default(value: cst.BaseExpression, param: Param) -> bool:
    """Is ``value`` a literal equal to the legacy default (passing it changed nothing)?"""
    if param.required:
        return False
    try:
        literal = ast.literal_eval(cst.Module([]).code_for_node(value))
    except (ValueError, SyntaxError, TypeError):
        return False
    return bool(literal == param.default and type(literal) in (type(param.default), int, float))


def _pure(value: cst.BaseExpression) -> bool:
    """May the expression be written twice (a literal or a dotted name)?"""
    if isinstance(value, (cst.SimpleString, cst.Integer, cst.Float, cst.Name)):
        return True
    return isinstance(value, cst.Attribute) and _pure(value.value)


def _ints(value: cst.BaseExpression) -> list[int] | None:
    """The ints of an int literal or a tuple of int literals."""
    if isinstance(value, cst.Integer):
        return [int(value.value, 0)]
    if isinstance(value, cst.Tuple) and all(isinstance(e.value, cst.Integer) for e in value.elements):
        return [int(e.value.value, 0) for e in value.elements]  # type: ignore[attr-defined]
    return None


def _tuple(values: Sequence[cst.BaseExpression]) -> cst.Tuple:
    elements = [
        cst.Element(v, comma=_COMMA if i < len(values) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, v in enumerate(values)
    ]
    return cst.Tuple(elements)


class Layers(Analysis):
    """Plans one whole-call replacement per Keras 1 layer call that needs one."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: (node, rule, message) and (call, rule): reported and recorded when the walk is
        #: done (the positions of arguments are known only then)
        self.reports: list[tuple[cst.CSTNode, str, str]] = []
        self.fixes: list[tuple[cst.Call, str]] = []

    def finish(self) -> None:
        for node, rule, message in self.reports:
            self.ctx.report(node, rule, message)
        for call, rule in self.fixes:
            self.ctx.fixed(call, rule)

    def _entry(self, node: cst.Call) -> Entry | None:
        ctx = self.ctx
        base = base_name(node.func)
        if base is None or base.value not in ctx.import_roots:
            return None
        scope = ctx.scope(node)
        if scope is None:
            return None
        keras = sorted(
            q.name
            for q in ctx.qualified_names(scope, node.func)
            if q.source is QualifiedNameSource.IMPORT and q.name.split(".")[0] in ("keras", "tensorflow")
        )
        entry = CATALOGUE.lookup(keras[0]) if keras else None
        if entry is None or entry not in LAYERS or entry.rule not in ctx.options.select:
            return None
        return entry

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args and not any(LAYERS[e].fill for e in LAYERS):
            return
        entry = self._entry(node)
        if entry is None or any(a.star for a in node.args):
            return
        _Call(self, node, entry, LAYERS[entry]).plan()


class _Call:
    """One call's plan: ``ops`` by argument index, arguments added in front."""

    def __init__(self, analysis: Layers, node: cst.Call, entry: Entry, layer: Keras1Layer) -> None:
        self.analysis, self.ctx = analysis, analysis.ctx
        self.node, self.entry, self.layer = node, entry, layer
        self.ops: dict[int, _Op] = {}
        self.front: list[cst.Arg] = []
        self.name = entry.name
        self.params = {p.name: p for p in entry.params}

    def report(self, message: str, node: cst.CSTNode | None = None) -> None:
        self.analysis.reports.append((node if node is not None else self.node, self.entry.rule, message))

    def plan(self) -> None:
        args = list(self.node.args)
        layer, entry = self.layer, self.entry
        positional = [i for i, a in enumerate(args) if a.keyword is None]
        names = [p.name for p in entry.params if not p.kw_only]
        keywords = {a.keyword.value: i for i, a in enumerate(args) if a.keyword is not None}
        kernel_keyword = any(k in keywords for k in layer.kernel)
        legacy = len(positional) > layer.kept or kernel_keyword
        by_position = legacy and len(positional) > layer.kept and not kernel_keyword
        # a call that also passes today's keywords was written for today's API (Keras 1 never
        # took them, Keras 2 refused such convolution calls): its positionals mean what they
        # mean today
        modern = {c.new for c in entry.keywords.values()} | _TODAY
        if by_position and modern & set(keywords):
            return
        if by_position and self.ctx.keras1 is None:
            if layer.ambiguous:
                self._ambiguous(args, positional, names)
            return
        if legacy and len(positional) > len(names):
            self.report(_TOO_MANY.format(name=self.name))
            return
        #: legacy parameter name -> argument index
        at: dict[str, int] = dict(keywords)
        if legacy:
            at.update({names[n]: i for n, i in enumerate(positional)})
        if not self._unsupported(args, at) or not self._output_shape(args, at):
            return
        if not self._kernel(args, at, positional):
            return
        if legacy and self._not_an_initializer(args, positional, names):
            return
        if legacy:
            self._positionals(args, positional, names)
        self._split(args, at)
        self._input_shape(args, at)
        self._length_shape(at)
        self._padding(args, at, positional)
        self._fill(at, positional)
        if self.ops or self.front:
            self.ctx.plan.replace[id(self.node)] = _rebuild(self.ops, self.front)
            self.analysis.fixes.append((self.node, entry.rule))

    def _ambiguous(self, args: list[cst.Arg], positional: list[int], names: list[str]) -> None:
        current = (
            "filters",
            "kernel_size",
            "strides",
            "padding",
            "data_format",
            "dilation_rate",
            "activation",
        )
        legacy = "/".join(names[1 : len(positional)])
        today = "/".join(current[1 : len(positional)])
        self.report(_AMBIGUOUS.format(name=self.name, legacy=legacy, today=today))

    def _unsupported(self, args: list[cst.Arg], at: dict[str, int]) -> bool:
        """Keywords with no equivalent: dropped when they pass the Keras 1 default, else reported
        (and the call is left as it is)."""
        ok = True
        for name, message in self.layer.unsupported.items():
            if name not in at:
                continue
            if _literal_default(args[at[name]].value, self.params[name]):
                self.ops[at[name]] = lambda a: []
            else:
                self.report(message, args[at[name]])
                ok = False
        return ok

    def _kernel(self, args: list[cst.Arg], at: dict[str, int], positional: list[int]) -> bool:
        kernel = self.layer.kernel
        present = [k for k in kernel if k in at]
        if not present:
            return True
        if len(present) != len(kernel):
            self.report(_INCOMPLETE.format(name=self.name, names=", ".join(present)))
            return False
        indexes = [at[k] for k in kernel]
        first = min(indexes)
        as_keyword = first not in positional

        def build(updated: Sequence[cst.Arg]) -> list[cst.Arg]:
            value = _tuple([updated[i].value for i in indexes])
            arg = updated[first].with_changes(value=value)
            if as_keyword:
                arg = arg.with_changes(keyword=cst.Name("kernel_size"), equal=updated[first].equal)
            return [arg]

        self.ops[first] = build
        for i in indexes:
            if i != first:
                self.ops[i] = lambda a: []
        return True

    def _positionals(self, args: list[cst.Arg], positional: list[int], names: list[str]) -> None:
        """Positionals past the kept ones become keywords, by their Keras 1 name."""
        skip = set(self.layer.kernel) | set(self.layer.unsupported) | set(self.layer.split)
        skip |= {"input_dim", "input_length"} if self.layer.input_shape else set()
        skip |= {"output_shape"} if self.layer.output_shape else set()
        for n, i in enumerate(positional):
            name = names[n]
            if n < self.layer.kept and name not in self.layer.kernel or name in skip or i in self.ops:
                continue
            change = self.entry.keywords.get(name)
            if name == "dim_ordering":  # KM204's map: every class here takes data_format
                change = KeywordChange("data_format", DIM_ORDERING_KEYWORD_VALUES)
            if change is None:
                self.ops[i] = _as_keyword(name)
            elif not change.values:
                self.ops[i] = _as_keyword(change.new)
            else:
                text = string_value(args[i].value)
                if text is None or text not in change.values:
                    # passed by its legacy keyword, which the keyword row (KM204) reports,
                    # now and on every later run
                    self.ops[i] = _as_keyword(name)
                    self._unknown_value(name, args[i])
                else:
                    self.ops[i] = _as_keyword(change.new, change.values[text])

    def _not_an_initializer(self, args: list[cst.Arg], positional: list[int], names: list[str]) -> bool:
        """A string passed where Keras 1 took ``init`` that is no Keras 1 initializer
        (``Dense(64, 'relu')``) cannot have worked in Keras 1: the call was written for today's
        API (where it works) and is left as it is."""
        for n, i in enumerate(positional):
            text = string_value(args[i].value)
            if n >= self.layer.kept and names[n] == "init" and text is not None and text not in _INITIALIZERS:
                return True
        return False

    def _unknown_value(self, name: str, arg: cst.Arg) -> None:
        ctx = self.ctx
        for row in ctx.target.keyword_rows:
            if row.keyword == name and row.rule in ctx.options.select:
                self.analysis.reports.append((arg, row.rule, row.unknown))
                return
        self.report(_DIM_ORDERING, arg)

    def _split(self, args: list[cst.Arg], at: dict[str, int]) -> None:
        for old, new in self.layer.split.items():
            if old not in at:
                continue
            i = at[old]
            if not _pure(args[i].value):
                self.report(
                    _SPLIT.format(name=self.name, old=old, new=" and ".join(f"`{n}`" for n in new)), args[i]
                )
                continue

            def build(updated: Sequence[cst.Arg], i: int = i, new: tuple[str, ...] = new) -> list[cst.Arg]:
                arg = updated[i]
                out = [cst.Arg(arg.value, keyword=cst.Name(n), equal=_EQUAL, comma=_COMMA) for n in new]
                out[-1] = out[-1].with_changes(comma=arg.comma)
                return out

            self.ops[i] = build

    def _input_shape(self, args: list[cst.Arg], at: dict[str, int]) -> None:
        """Keras 1 ``Convolution1D`` read ``input_dim``/``input_length`` as
        ``input_shape=(input_length, input_dim)``; today ``input_length`` is rejected and
        ``input_dim`` alone means a 2-D input."""
        if not self.layer.input_shape:
            return
        dim, length = at.get("input_dim"), at.get("input_length")
        if dim is None:
            if length is not None:  # Keras 1 ignored it without input_dim
                self.ops[length] = lambda a: []
            return

        def build(updated: Sequence[cst.Arg]) -> list[cst.Arg]:
            first = updated[length].value if length is not None else cst.Name("None")
            value = _tuple([first, updated[dim].value])
            return [updated[dim].with_changes(keyword=cst.Name("input_shape"), value=value, equal=_EQUAL)]

        self.ops[dim] = build
        if length is not None:
            self.ops[length] = lambda a: []

    def _length_shape(self, at: dict[str, int]) -> None:
        """Keras 1/2 ``Embedding(input_length=N)`` set ``input_shape=(N,)`` (a ``Sequential`` it
        starts was built at once); Keras 3 ignores ``input_length`` with a warning, so
        ``summary()``, ``count_params()`` and ``output_shape`` fail until the first batch.
        Left alone where an input shape is given too (it is then what Keras 3 uses)."""
        length = at.get("input_length")
        if not self.layer.length_shape or length is None or _SHAPED & set(at):
            return

        def build(updated: Sequence[cst.Arg]) -> list[cst.Arg]:
            value = cst.Tuple([cst.Element(updated[length].value, comma=cst.Comma())])
            return [updated[length].with_changes(keyword=cst.Name("input_shape"), value=value, equal=_EQUAL)]

        self.ops[length] = build

    def _output_shape(self, args: list[cst.Arg], at: dict[str, int]) -> bool:
        """Dropped only where strides are 1: the transposed convolution's output size is then
        determined by the input, so a Keras 1 ``output_shape`` that worked was that size.
        Otherwise reported and passed by keyword (``Conv2DTranspose`` rejects it)."""
        if not self.layer.output_shape or "output_shape" not in at:
            return True
        strides = at.get("subsample", at.get("strides"))
        values = _ints(args[strides].value) if strides is not None else [1]
        index = at["output_shape"]
        if values and all(v == 1 for v in values):
            self.ops[index] = lambda a: []
        else:  # kept, by keyword: the call fails loudly, and is reported again next time
            self.report(_OUTPUT_SHAPE, args[index])
            if args[index].keyword is None:
                self.ops[index] = _as_keyword("output_shape")
        return True

    def _padding(self, args: list[cst.Arg], at: dict[str, int], positional: list[int]) -> None:
        if not self.layer.padding_2d:
            return
        i = at.get("padding", positional[0] if positional else None)
        if i is None:
            return
        value = args[i].value
        if isinstance(value, cst.Dict):
            keys = [string_value(e.key) if isinstance(e, cst.DictElement) else None for e in value.elements]
            order = ("top_pad", "bottom_pad", "left_pad", "right_pad")
            if sorted(k for k in keys if k is not None) != sorted(order) or None in keys:
                self.report(_PADDING.format(form="a dict"), args[i])
                return
            by_key = {
                k: e.value
                for k, e in zip(keys, value.elements, strict=True)
                if isinstance(e, cst.DictElement)
            }
            parts = [by_key[k] for k in order]
        elif isinstance(value, cst.Tuple) and len(value.elements) == 4:
            if any(isinstance(e, cst.StarredElement) for e in value.elements):
                return
            parts = [e.value for e in value.elements]
        else:
            return

        def build(updated: Sequence[cst.Arg]) -> list[cst.Arg]:
            return [updated[i].with_changes(value=_tuple([_tuple(parts[:2]), _tuple(parts[2:])]))]

        self.ops[i] = build

    def _fill(self, at: dict[str, int], positional: list[int]) -> None:
        for keyword, text in self.layer.fill:
            legacy = [k for k, c in self.entry.keywords.items() if c.new == keyword]
            if positional or keyword in at or any(k in at for k in legacy):
                continue
            value = cst.parse_expression(text)
            self.front.append(cst.Arg(value, keyword=cst.Name(keyword), equal=_EQUAL))


def _as_keyword(name: str, value: str | None | bool = False) -> _Op:
    """The argument at its own index, passed by ``name`` (``value``: False keeps the value,
    None or a string replaces a string literal's value)."""

    def op(updated: Sequence[cst.Arg]) -> list[cst.Arg]:
        raise AssertionError("applied by _rebuild, which knows the index")

    op.keyword = (name, value)  # type: ignore[attr-defined]
    return op


def _rebuild(ops: dict[int, _Op], front: list[cst.Arg]) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        args = list(updated.args)
        out: list[cst.Arg] = list(front)
        for i, arg in enumerate(args):
            op = ops.get(i)
            if op is None:
                out.append(arg)
            elif hasattr(op, "keyword"):
                name, value = op.keyword
                new = arg.with_changes(keyword=cst.Name(name), equal=_EQUAL)
                if value is None:
                    new = new.with_changes(value=cst.Name("None"))
                elif isinstance(value, str):
                    assert isinstance(new.value, cst.SimpleString)
                    new = new.with_changes(value=restring(new.value, value))
                out.append(new)
            else:
                out.extend(op(args))
        last = args[-1].comma if args else cst.MaybeSentinel.DEFAULT
        for n, arg in enumerate(out):
            if n < len(out) - 1 and not isinstance(arg.comma, cst.Comma):
                out[n] = arg.with_changes(comma=_COMMA)
        if out:
            out[-1] = out[-1].with_changes(comma=last)
        return updated.with_changes(args=out)

    return replace
