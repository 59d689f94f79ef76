"""Keras 1 recurrent, normalization and advanced-activation layer calls (KM640-KM648).

These calls need more than keyword renames, so one analysis plans each call whole:
keywords that merge (``input_dim`` + ``input_length`` -> ``input_shape``), that are dropped
where they change nothing (``mode=0``, ``consume_less`` on ``SimpleRNN``), whose value
becomes another keyword (``forget_bias_init='one'`` -> ``unit_forget_bias=True``), and
legacy positional arguments, which mean what Keras 1 meant only in Keras 1 code
(``ctx.keras1``): there they become keywords in the Keras 1 order; elsewhere the call is
reported, never guessed. Defaults whose meaning changed are written out (``GRU`` ->
``reset_after=False``) or reported (``hard_sigmoid``). Facts: docs/legacy-apis.md §9.

The plan is applied to the updated call by argument index: other analyses replace an
argument only with an argument (KM204 renames ``dim_ordering=`` on ``ConvLSTM2D``), so
the indices of the original call still name the same arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ..catalogue import CATALOGUE, Entry
from ..catalogue import layers_recurrent as layers
from ..catalogue.values import DIM_ORDERING_KEYWORD_VALUES
from ..resolve import base_name
from ..rewrite import restring, string_value
from ._base import Analysis, Context, Replacement

KEYWORDS, POSITIONAL, RESET_AFTER, HARD_SIGMOID = "KM640", "KM641", "KM642", "KM643"
CONV_LSTM, BATCH_NORM, LEAKY_RELU, PRELU, THRESHOLDED = "KM644", "KM645", "KM646", "KM647", "KM648"
RULES = frozenset(
    {KEYWORDS, POSITIONAL, RESET_AFTER, HARD_SIGMOID, CONV_LSTM, BATCH_NORM, LEAKY_RELU, PRELU, THRESHOLDED}
)

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))

#: Keras 1 recurrent keyword -> Keras 2/3 keyword (a rename alone: every value passes)
_RNN_RENAMES = MappingProxyType(
    {
        "output_dim": "units",
        "init": "kernel_initializer",
        "inner_init": "recurrent_initializer",
        "W_regularizer": "kernel_regularizer",
        "U_regularizer": "recurrent_regularizer",
        "b_regularizer": "bias_regularizer",
        "dropout_W": "dropout",
        "dropout_U": "recurrent_dropout",
    }
)
_CONV_LSTM_RENAMES = MappingProxyType(
    {
        **{k: v for k, v in _RNN_RENAMES.items() if k != "output_dim"},
        "nb_filter": "filters",
        "border_mode": "padding",
        "subsample": "strides",
        "bias": "use_bias",
    }
)
_BATCH_NORM_RENAMES = MappingProxyType({"beta_init": "beta_initializer", "gamma_init": "gamma_initializer"})
#: consume_less -> implementation (LSTM, GRU). The outputs are the same for every value; what
#: differs is training dropout: Keras 1 'cpu' and 'mem' drew one input mask per gate, as Keras
#: 3's implementation 1 does, 'gpu' one mask for all gates, as 0 and 2 do (measured). Keras 2's
#: converter mapped 'cpu' to 0, which draws one mask: 1 keeps the Keras 1 masks.
_CONSUME_LESS = MappingProxyType({"cpu": 1, "mem": 1, "gpu": 2})
#: forget_bias_init -> unit_forget_bias: Keras 1 initialised the other gates' biases to
#: zeros, as Keras 3's default bias_initializer does, so only these two values are exact
_FORGET_BIAS = MappingProxyType({"one": True, "zero": False})
#: the Keras 1 gate activation default; Keras 3's 'hard_sigmoid' is another function
_HARD_SIGMOID = "hard_sigmoid"


@dataclass
class _Plan:
    """What becomes of one call: per argument index, and keywords added at the end."""

    call: cst.Call
    #: index -> (new keyword or None to keep it, new value or None to keep it)
    changes: dict[int, tuple[str | None, cst.BaseExpression | None]] = field(default_factory=dict)
    drops: set[int] = field(default_factory=set)
    #: index -> the arguments (by index; None: ``None``) whose values form its new tuple value
    tuples: dict[int, tuple[int | None, ...]] = field(default_factory=dict)
    added: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.drops or self.added or self.tuples)

    def replacement(self) -> Replacement:
        changes, drops, tuples, added = (
            dict(self.changes),
            set(self.drops),
            dict(self.tuples),
            list(self.added),
        )
        count = len(self.call.args)

        def replace(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call) and len(updated.args) == count
            old = list(updated.args)
            out: list[cst.Arg] = []
            for i, arg in enumerate(old):
                if i in drops:
                    if _has_comment(arg.comma) and out and not _has_comment(out[-1].comma):
                        out[-1] = out[-1].with_changes(comma=arg.comma)  # its comment stays
                    continue
                if i in tuples:
                    parts = [cst.Name("None") if j is None else old[j].value for j in tuples[i]]
                    arg = arg.with_changes(value=_tuple(parts))
                keyword, value = changes.get(i, (None, None))
                if keyword is not None:
                    equal = arg.equal if arg.keyword is not None else _EQUAL
                    arg = arg.with_changes(keyword=cst.Name(keyword), equal=equal)
                if value is not None:
                    arg = arg.with_changes(value=value)
                out.append(arg)
            last = old[-1].comma if old else cst.MaybeSentinel.DEFAULT
            trailing = isinstance(last, cst.Comma)
            #: between arguments: as the call separates them (one per line stays one per line)
            between = old[-2].comma if len(old) > 1 and isinstance(old[-2].comma, cst.Comma) else _COMMA
            if out:  # the last argument keeps the call's own ending (a trailing comma or none)
                out[-1] = out[-1].with_changes(comma=last)
            for keyword, value in added:
                if out:
                    out[-1] = out[-1].with_changes(comma=between if trailing else _COMMA)
                end = last if trailing else cst.MaybeSentinel.DEFAULT
                out.append(cst.Arg(value, keyword=cst.Name(keyword), equal=_EQUAL, comma=end))
            return updated.with_changes(args=out)

        return replace


def _tuple(parts: list[cst.BaseExpression]) -> cst.Tuple:
    last = len(parts) - 1
    return cst.Tuple(
        [cst.Element(p, comma=_COMMA if k < last else cst.MaybeSentinel.DEFAULT) for k, p in enumerate(parts)]
    )


_CODE = cst.Module(body=[])


def _has_comment(comma: cst.Comma | cst.MaybeSentinel) -> bool:
    return isinstance(comma, cst.Comma) and "#" in _CODE.code_for_node(comma)


def _keywords(call: cst.Call) -> dict[str, int]:
    return {a.keyword.value: i for i, a in enumerate(call.args) if a.keyword is not None}


def _is_literal(node: cst.BaseExpression, value: int) -> bool:
    return isinstance(node, cst.Integer) and node.evaluated_value == value


class RecurrentLayers(Analysis):
    """Plans each call of a KM640-KM648 catalogue entry (see the module docstring)."""

    rules = RULES

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        #: reports and fixes, made in ``finish``: the arguments' positions are not known
        #: while their call is visited
        self._reports: list[tuple[cst.CSTNode, str, str]] = []
        self._fixes: list[tuple[cst.CSTNode, str]] = []

    def finish(self) -> None:
        for node, rule, message in self._reports:
            self.ctx.report(node, rule, message)
        for node, rule in self._fixes:
            self.ctx.fixed(node, rule)

    def visit_Call(self, node: cst.Call) -> None:
        found = self._entry(node)
        if found is None:
            return
        entry, tf_keras = found
        if entry is layers.THRESHOLDED_RELU:
            self._thresholded(node, tf_keras)
            return
        plan = _Plan(node)
        if entry in layers.RECURRENT or entry is layers.CONV_LSTM_2D:
            self._recurrent(node, entry, tf_keras, plan)
        elif entry is layers.BATCH_NORMALIZATION:
            self._batch_norm(node, tf_keras, plan)
        elif entry is layers.LEAKY_RELU:
            self._renames(node, plan, {"alpha": "negative_slope"}, LEAKY_RELU)
        elif entry is layers.PRELU:
            self._prelu(node, tf_keras, plan)
        if not plan.empty and self._unique(node, entry, plan):
            self.ctx.plan.replace[id(node)] = plan.replacement()

    def _unique(self, call: cst.Call, entry: Entry, plan: _Plan) -> bool:
        """Would the call pass a keyword twice (``LSTM(output_dim=8, units=4)``)? Then nothing
        is changed and the call is reported: Python would reject the result."""
        final = [n for n, _ in plan.added]
        for i, arg in enumerate(call.args):
            keyword = plan.changes.get(i, (None, None))[0] or (arg.keyword.value if arg.keyword else None)
            if i not in plan.drops and keyword is not None:
                final.append(keyword)
        twice = sorted({k for k in final if final.count(k) > 1})
        if not twice:
            return True
        self._fixes = [(n, r) for n, r in self._fixes if n is not call]
        self._report(
            call,
            entry.rule,
            f"`{entry.name}(...)` would pass `{twice[0]}` twice (a Keras 1 and a Keras 2 keyword); keep one",
        )
        return False

    # --- recognition --------------------------------------------------------------------

    def _entry(self, node: cst.Call) -> tuple[Entry, bool] | None:
        """The entry this call constructs (any import spelling), and whether it is ``tf.keras``."""
        ctx = self.ctx
        base = base_name(node.func)
        scope = ctx.scope(node)
        if base is None or base.value not in ctx.import_roots or scope is None:
            return None
        qualified = ctx.qualified_names(scope, node.func)
        if any(q.source is not QualifiedNameSource.IMPORT for q in qualified):
            return None  # also bound to something else (``LSTM = keras.layers.GRU``)
        names = sorted(q.name for q in qualified if q.name.split(".")[0] in ("keras", "tensorflow"))
        entries = {CATALOGUE.lookup(n) for n in names}
        if len(entries) != 1:
            return None  # not ours, or something else on another import path
        entry = entries.pop()
        if entry is None or entry.rule not in RULES:
            return None
        return entry, all(n.startswith("tensorflow") for n in names)

    def _on(self, node: cst.CSTNode, rule: str) -> bool:
        return rule in self.ctx.options.select and not self.ctx.suppressed(node, rule)

    # --- arguments by legacy name -------------------------------------------------------

    def _named(
        self, call: cst.Call, entry: Entry, keep: int, rule: str, tf_keras: bool
    ) -> dict[str, int] | None:
        """Legacy parameter name -> argument index. Positional arguments past the first
        ``keep`` are named by the Keras 1 order only in Keras 1 code; otherwise the call is
        reported (KM641 / the layer's rule) and None returned, unless it is ``tf.keras``
        code, which never had the Keras 1 order."""
        named: dict[str, int] = {}
        positional = [i for i, a in enumerate(call.args) if a.keyword is None and not a.star]
        star = any(a.star == "*" for a in call.args)
        legacy = [p.name for p in entry.params if not p.kw_only]
        for i, arg in enumerate(call.args):
            if arg.keyword is not None:
                named[arg.keyword.value] = i
        for k, i in enumerate(positional[:keep]):
            named.setdefault(legacy[k], i)
        extra = positional[keep:]
        if not extra and not (star and keep < len(legacy)):
            return named
        if tf_keras:  # tf.keras never took the Keras 1 order: today's meaning is the meaning
            return None
        what = f"`{entry.name}(...)`"
        if star:
            self._report(
                call,
                rule,
                f"{what} passes `*args`: which Keras 1 parameters they fill is unknown; pass them by keyword",
            )
            return None
        if len(positional) > len(legacy):
            self._report(call, rule, f"{what} passes more positional arguments than Keras 1 took")
            return None
        if self.ctx.keras1 is None:
            given = legacy[keep : len(positional)]
            names = ", ".join(given[:4]) + (", ..." if len(given) > 4 else "")
            self._report(
                call,
                rule,
                f"{what}: Keras 1 took these positional arguments as `{names}`; no Keras 1 evidence "
                "in this file, so pass them by keyword",
            )
            return None
        for k, i in enumerate(extra, start=keep):
            named.setdefault(legacy[k], i)
        return named

    def _report(self, node: cst.CSTNode, rule: str, message: str) -> None:
        if rule in self.ctx.options.select:
            self._reports.append((node, rule, message))

    def _to_keyword(self, call: cst.Call, plan: _Plan, named: Mapping[str, int], keep: int) -> None:
        """Positional arguments past ``keep`` that no rename took keep their legacy keyword."""
        positional = [i for i, a in enumerate(call.args) if a.keyword is None and not a.star]
        by_index = {i: n for n, i in named.items()}
        for i in positional[keep:]:
            if i not in plan.changes and i not in plan.drops and i in by_index:
                plan.changes[i] = (by_index[i], None)

    # --- LSTM, GRU, SimpleRNN, ConvLSTM2D ---------------------------------------------

    def _recurrent(self, call: cst.Call, entry: Entry, tf_keras: bool, plan: _Plan) -> None:
        ctx = self.ctx
        conv = entry is layers.CONV_LSTM_2D
        rule = CONV_LSTM if conv else KEYWORDS
        args = call.args
        named: dict[str, int] | None = None
        if self._on(call, rule):
            keep = 1
            if conv:  # ConvLSTM2D(32, 3, 3): nb_row and nb_col are the kernel size (Keras 1 code only)
                keep = 2 if sum(a.keyword is None and not a.star for a in args) <= 2 else 1
            positional_rule = CONV_LSTM if conv else POSITIONAL
            if self._on(call, positional_rule):
                named = self._named(call, entry, keep, positional_rule, tf_keras)
            positional_ok = named is not None
            if named is None:
                named = _keywords(call)
            leading = [i for i, a in enumerate(args) if a.keyword is None and not a.star][:keep]
            self._recurrent_keywords(
                call, entry, rule, {k: i for k, i in named.items() if i not in leading}, plan
            )
            if conv:
                self._kernel(call, named, plan)
            else:
                self._input_shape(call, named, plan)
            if not plan.empty:
                self._fixes.append((call, rule))
            moved = [i for i, a in enumerate(args) if a.keyword is None and not a.star][keep:]
            if positional_ok and moved:
                self._to_keyword(call, plan, named, keep)
                self._fixes.append((call, positional_rule))
        if named is None:
            named = _keywords(call)
        if ctx.keras1 is None or tf_keras:
            return
        # --- Keras 1 code: the defaults that changed meaning
        name = entry.name
        if name != "SimpleRNN" and "inner_activation" not in named and "recurrent_activation" not in named:
            self._report(call, HARD_SIGMOID, _DEFAULT_HARD_SIGMOID.format(name=name))
        dropout = named.get("dropout_W")
        if (
            name in ("LSTM", "GRU")
            and dropout is not None
            and not _is_literal(args[dropout].value, 0)
            and not {"consume_less", "implementation"} & set(named)
            and not any(a.star == "**" for a in args)
            and self._on(call, KEYWORDS)
        ):  # Keras 1's default 'cpu' drew one input dropout mask per gate: Keras 3's implementation 1
            plan.added.append(("implementation", cst.Integer("1")))
            self._fixes.append((call, KEYWORDS))
        if name == "GRU" and "reset_after" not in named and self._on(call, RESET_AFTER):
            if any(a.star == "**" for a in args):
                self._report(
                    call,
                    RESET_AFTER,
                    "Keras 1 `GRU` had one bias (`reset_after=False`); pass it, unless `**kwargs` already does",
                )
            else:
                plan.added.append(("reset_after", cst.Name("False")))
                self._fixes.append((call, RESET_AFTER))

    def _recurrent_keywords(
        self, call: cst.Call, entry: Entry, rule: str, named: Mapping[str, int], plan: _Plan
    ) -> None:
        name = entry.name
        renames = _CONV_LSTM_RENAMES if entry is layers.CONV_LSTM_2D else _RNN_RENAMES
        for legacy, i in named.items():
            arg = call.args[i]
            value = arg.value
            text = string_value(value)
            if legacy in renames:
                plan.changes[i] = (renames[legacy], None)
            elif legacy == "activation" and text == _HARD_SIGMOID:
                self._report(arg, HARD_SIGMOID, _HARD_SIGMOID_MESSAGE.format(keyword="activation"))
            elif legacy == "inner_activation":
                if name == "SimpleRNN":
                    self._report(
                        arg,
                        rule,
                        "Keras 1 `SimpleRNN` had no gates and took no `inner_activation`; remove it",
                    )
                elif text is not None and text != _HARD_SIGMOID:
                    plan.changes[i] = ("recurrent_activation", None)
                else:  # left as it is: Keras 3 rejects it loudly instead of computing another function
                    self._report(arg, HARD_SIGMOID, _HARD_SIGMOID_MESSAGE.format(keyword="inner_activation"))
            elif legacy == "forget_bias_init":
                if name not in ("LSTM", "ConvLSTM2D"):
                    self._report(arg, rule, f"Keras 1 `{name}` took no `forget_bias_init`; remove it")
                elif text is not None and text in _FORGET_BIAS:
                    plan.changes[i] = ("unit_forget_bias", cst.Name(str(_FORGET_BIAS[text])))
                else:
                    self._report(arg, rule, _FORGET_BIAS_MESSAGE)
            elif legacy == "consume_less":
                if name in ("SimpleRNN", "ConvLSTM2D"):
                    if text in _CONSUME_LESS or isinstance(value, cst.Name | cst.Attribute):
                        plan.drops.add(i)  # one implementation today; the math never depended on it
                    else:
                        self._report(arg, rule, f"`consume_less=` is not taken by `{name}` today; remove it")
                elif text is not None and text in _CONSUME_LESS:
                    plan.changes[i] = ("implementation", cst.Integer(str(_CONSUME_LESS[text])))
                else:
                    self._report(arg, rule, _CONSUME_LESS_MESSAGE)
            elif legacy == "weights":
                self._report(arg, rule, _WEIGHTS_MESSAGE.format(name=name))
            elif legacy == "dim_ordering" and arg.keyword is None:  # a keyword is KM204's
                if text is not None and text in DIM_ORDERING_KEYWORD_VALUES:
                    new = DIM_ORDERING_KEYWORD_VALUES[text]
                    assert isinstance(value, cst.SimpleString)
                    plan.changes[i] = (
                        "data_format",
                        cst.Name("None") if new is None else restring(value, new),
                    )
                else:
                    self._report(
                        arg, rule, "`dim_ordering` takes a value kerasmigrate cannot see; pass `data_format=`"
                    )

    def _input_shape(self, call: cst.Call, named: Mapping[str, int], plan: _Plan) -> None:
        """``input_dim=d, input_length=n`` -> ``input_shape=(n, d)`` at ``input_dim``'s place,
        as Keras 1's ``Recurrent`` (and Keras 2's converter) built it; ``input_length`` alone
        was ignored, so it is dropped."""
        dim, length = named.get("input_dim"), named.get("input_length")
        if dim is None and length is None:
            return
        if "input_shape" in named or "batch_input_shape" in named:
            self._report(
                call,
                KEYWORDS,
                "`input_dim=`/`input_length=` next to `input_shape=`: keep only `input_shape=(input_length, input_dim)`",
            )
            return
        if length is not None:
            plan.drops.add(length)
        if dim is not None:
            plan.changes[dim] = ("input_shape", None)
            plan.tuples[dim] = (length, dim)

    def _kernel(self, call: cst.Call, named: Mapping[str, int], plan: _Plan) -> None:
        """ConvLSTM2D ``nb_row``, ``nb_col`` -> ``kernel_size=(nb_row, nb_col)``."""
        row, col = named.get("nb_row"), named.get("nb_col")
        args = call.args
        if row is None or col is None:
            given = row if row is not None else col
            if given is not None and args[given].keyword is not None:
                self._report(
                    call, CONV_LSTM, "pass both `nb_row` and `nb_col`, as `kernel_size=(nb_row, nb_col)`"
                )
            return
        plan.tuples[row] = (row, col)
        plan.drops.add(col)
        positional = args[row].keyword is None and args[col].keyword is None
        plan.changes[row] = (None if positional else "kernel_size", None)  # positional: today's kernel_size

    # --- BatchNormalization, PReLU, LeakyReLU, ThresholdedReLU --------------------------

    def _batch_norm(self, call: cst.Call, tf_keras: bool, plan: _Plan) -> None:
        if not self._on(call, BATCH_NORM):
            return
        entry = layers.BATCH_NORMALIZATION
        named = self._named(call, entry, 0, BATCH_NORM, tf_keras)
        positional_ok = named is not None
        if named is None:
            named = _keywords(call)
        for legacy, i in named.items():
            arg = call.args[i]
            if legacy in _BATCH_NORM_RENAMES:
                plan.changes[i] = (_BATCH_NORM_RENAMES[legacy], None)
            elif legacy == "mode":
                if _is_literal(arg.value, 0):
                    plan.drops.add(i)
                else:
                    self._report(
                        arg,
                        BATCH_NORM,
                        "`BatchNormalization(mode=1|2)` (sample-wise, or batch statistics at test time too) has no Keras 3 equivalent",
                    )
            elif legacy == "weights":
                self._report(arg, BATCH_NORM, _WEIGHTS_MESSAGE.format(name="BatchNormalization"))
        if positional_ok:
            self._to_keyword(call, plan, named, 0)
        if not plan.empty:
            self._fixes.append((call, BATCH_NORM))

    def _prelu(self, call: cst.Call, tf_keras: bool, plan: _Plan) -> None:
        if not self._on(call, PRELU):
            return
        named = self._named(call, layers.PRELU, 1, PRELU, tf_keras)
        positional_ok = named is not None
        if named is None:
            named = _keywords(call)
        for legacy, i in named.items():
            if legacy == "init" and call.args[i].keyword is not None:
                plan.changes[i] = ("alpha_initializer", None)
            elif legacy == "weights":
                self._report(call.args[i], PRELU, _WEIGHTS_MESSAGE.format(name="PReLU"))
        if positional_ok:
            self._to_keyword(call, plan, named, 1)
        if not plan.empty:
            self._fixes.append((call, PRELU))

    def _renames(self, call: cst.Call, plan: _Plan, renames: Mapping[str, str], rule: str) -> None:
        if not self._on(call, rule):
            return
        for i, arg in enumerate(call.args):
            if arg.keyword is not None and arg.keyword.value in renames:
                plan.changes[i] = (renames[arg.keyword.value], None)
        if not plan.empty:
            self._fixes.append((call, rule))

    def _thresholded(self, call: cst.Call, tf_keras: bool) -> None:
        if tf_keras:  # tf.keras still has a copy of the layer
            return
        self._report(
            call,
            THRESHOLDED,
            "`ThresholdedReLU` is not in Keras 3's `keras.layers` (only `tf.keras.layers` has it): "
            "`ReLU(threshold=theta)` computes the same; pass theta (default was 1.0)",
        )


_HARD_SIGMOID_MESSAGE = (
    "`{keyword}='hard_sigmoid'` was clip(0.2x + 0.5, 0, 1) in Keras 1; Keras 3's is relu6(x + 3) / 6: "
    "pass the legacy formula as a function (see KM643)"
)
_DEFAULT_HARD_SIGMOID = (
    "Keras 1 `{name}` gates used hard_sigmoid = clip(0.2x + 0.5, 0, 1); Keras 3 uses sigmoid: "
    "pass `recurrent_activation=` (see KM643)"
)
_FORGET_BIAS_MESSAGE = (
    "`forget_bias_init=` maps only 'one' (`unit_forget_bias=True`) and 'zero' (`False`); "
    "pass a `bias_initializer=` of your own"
)
_CONSUME_LESS_MESSAGE = "`consume_less=` takes a value kerasmigrate cannot see; pass `implementation=` 1 ('cpu', 'mem') or 2 ('gpu')"
_WEIGHTS_MESSAGE = (
    "`{name}(weights=...)` is rejected by Keras 3; call `layer.set_weights(...)` once the layer is built"
)
