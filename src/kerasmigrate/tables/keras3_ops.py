"""Target ``keras3``, continued: the backend math, tensor, random and graph functions.

Policy as in tables/tf2_ops.py, with one difference: Keras 3 has no exact fallback that
keeps the code backend-independent (``tf.keras.backend`` is TensorFlow-only and rejects
functional-API tensors), so where no ``keras.ops`` spelling is exact for every argument
the source can show, the modern spelling is an UNSAFE fix (with its caveat) and the
call is otherwise reported with the Keras 3 way. Default axes are always written out
where a ``keras.ops`` default differs from the legacy one (``argmax``, ``concatenate``,
``cumsum``, ``gather``, ``l2_normalize``, ``expand_dims``).

Seeds (``random_normal``, ``random_uniform``, ``truncated_normal``, ``dropout``,
``random_binomial``): no Keras 3 call draws the numbers TensorFlow's op-level seed drew,
so no random rewrite is exact. Without a seed the call is an unsafe fix to the same
``keras.random`` function without a seed (Keras 3's global ``SeedGenerator``: new numbers
per call, as before, but ``np.random.seed`` no longer conditions them; use
``keras.utils.set_random_seed``). With an integer seed the call is reported, never
rewritten: ``keras.random.*(seed=int)`` is stateless (the same numbers on every call,
where the legacy op gave new ones), and a ``SeedGenerator`` must be created once (in a
layer's ``__init__``) to give new numbers per call, which a call-site rewrite cannot do.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType as frozendict

from ..catalogue import CATALOGUE
from ._helpers import comparison, plain, reduction
from ._helpers import subsets as _subsets
from ._schema import Cond, FixSafety, Row, Variant

D = Cond.DEFAULT
G = Cond.GIVEN
N = Cond.NUMBER
L = Cond.LITERAL
UNSAFE = FixSafety.UNSAFE

_K224 = "Keras 2.2.4 `keras/backend/tensorflow_backend.py`"
_SHIM = "TF 2.21 `tf.keras.backend` = keras 3.15 `keras/src/legacy/backend.py`"
_API = 'docs/legacy-apis.md "Target keras3"'
_REFS = (_K224, _SHIM, _API)
_FLOATX = "keras.config.floatx()"
_NON_NEGATIVE = tuple(range(8))
_FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")
_DTYPES = (
    *_FLOAT_DTYPES,
    *(f"{k}{n}" for k in ("int", "uint") for n in (8, 16, 32, 64)),
    "bool",
)


#: the rewrite accepts more than the legacy call did; nothing that ran changes
_WIDER_NOTE = (
    "Same op for every input the legacy function accepted. For integer or bool input the legacy "
    "op raised (TensorFlow has no integer kernel) where `keras.ops` casts to a float and computes: "
    "no program that ran changes."
)


def _plain(rule: str, name: str, target: str, note: str = "") -> Row:
    return plain(rule, name, target, _REFS, note)


def _unsafe_plain(rule: str, name: str, template: str, caveat: str, notes: str = "") -> Row:
    return Row(
        rule,
        name,
        (Variant(template, safety=UNSAFE, caveat=caveat),),
        summary=f"Replace `K.{name}(...)` with `{template}` (unsafe: {caveat.split(';')[0]}).",
        notes=notes
        or f"The same op, except: {caveat}. That is not visible in the source, so the fix is unsafe.",
        references=_REFS,
    )


_WHAT = {
    "in_train_phase": "Keras 3 has no global learning phase; branch on the layer's `training` argument",
    "in_test_phase": "Keras 3 has no global learning phase; branch on the layer's `training` argument",
    "learning_phase": "Keras 3 has no global learning phase; pass `training=` to model and layer calls",
    "set_learning_phase": "Keras 3 has no global learning phase; pass `training=` to model and layer calls",
    "function": "build a `keras.Model(inputs, outputs)` and call it or `.predict` it",
    "get_session": "Keras 3 has no sessions; delete it",
    "set_session": "Keras 3 has no sessions; configure devices with the backend (TF: `tf.config`)",
    "gradients": "use the backend's gradient API (TF: `tf.GradientTape`; JAX: `jax.grad`) or `model.fit`",
    "get_value": "use `keras.ops.convert_to_numpy(x)` (or `variable.numpy()`)",
    "set_value": "use `variable.assign(value)` (the learning rate: `optimizer.learning_rate.assign(v)`)",
    "batch_get_value": "use `[keras.ops.convert_to_numpy(v) for v in values]`",
    "batch_set_value": "use `for v, value in tuples: v.assign(value)`",
    "count_params": "use `int(np.prod(x.shape))` (or `layer.count_params()`)",
    "eval": "use `keras.ops.convert_to_numpy(x)`",
}


def _manual(rule: str, name: str, example: str, how: str, notes: str) -> Row:
    return Row(
        rule,
        name,
        (),
        summary=f"Report `K.{name}(...)`: {_WHAT[name]}.",
        example=example,
        manual=_WHAT[name],
        notes=f"{notes} To port it: {how}.",
        references=(_API,),
    )


def _reported(rule: str, name: str, manual: str, notes: str = "") -> Row:
    """A KM191 function with no exact Keras 3 call: reported with the Keras 3 way."""
    return Row(
        rule,
        name,
        (),
        slug="keras3-backend-function",
        summary="Replace `K.<name>(...)` with its Keras 3 equivalent where one is exact.",
        manual=manual,
        notes=notes or manual,
        references=_REFS,
    )


def _bool_cast_reduction(rule: str, name: str, op: str) -> Row:
    caveat = f"for integer input `K.{name}` kept the integer dtype (integer division); `{op}` returns a float"
    return Row(
        rule,
        name,
        (Variant(f"{op}(x, axis=axis, keepdims=keepdims)", safety=UNSAFE, caveat=caveat),),
        summary=f"Replace `K.{name}(x, ...)` with `{op}(x, ...)` (unsafe: integer input).",
        notes=(
            f"Equal for float and bool input (both give a float). For integer input the legacy "
            f"function returned the integer dtype, `{op}` a float: not visible here, so unsafe."
        ),
        references=_REFS,
    )


def _random(rule: str, name: str, op: str, middle: str) -> Row:
    caveat = (
        "a different random stream: the legacy function drew its op seed from NumPy's global RNG "
        "(`np.random.seed` made it reproducible); Keras 3's global SeedGenerator follows "
        "`keras.utils.set_random_seed`"
    )
    return Row(
        rule,
        name,
        (Variant(f"{op}(shape, {middle}, dtype=dtype)", safety=UNSAFE, caveat=caveat),),
        summary=f"Replace `K.{name}(...)` without a seed with `{op}(...)` (unsafe: another stream).",
        manual="int seeds are stateless in Keras 3; pass a `keras.random.SeedGenerator(seed)` made once (in `__init__`)",
        notes=(
            f"`{op}` takes the same shape, distribution and dtype parameters (dtype None is "
            "`floatx()` in both). Without a seed both draw new numbers per call, from different "
            "streams, so the fix is unsafe. An integer seed is reported: the legacy op seed gave "
            f"new numbers on every call, `{op}(seed=int)` gives the same numbers every time, and a "
            "`keras.random.SeedGenerator` that gives new ones must be created once, outside the call."
        ),
        references=_REFS,
    )


# KM191: the functions TF 2 still ships as `tf.keras.backend.<name>`; under keras3 each gets
# its own row (a Keras 3 spelling, or a report with the Keras 3 way).
_RULE191 = "KM191"
_KM191_ROWS: tuple[Row, ...] = (
    Row(
        _RULE191,
        "dtype",
        (Variant("keras.backend.standardize_dtype(x.dtype)"),),
        slug="keras3-backend-function",
        summary="Replace `K.<name>(...)` with its Keras 3 equivalent where one is exact.",
        notes="`K.dtype(x)` is the dtype's name; `keras.backend.standardize_dtype(x.dtype)` too.",
        references=_REFS,
    ),
    Row(_RULE191, "sin", (Variant("keras.ops.sin(x)"),), notes=_WIDER_NOTE, references=_REFS),
    Row(_RULE191, "cos", (Variant("keras.ops.cos(x)"),), notes=_WIDER_NOTE, references=_REFS),
    Row(
        _RULE191,
        "in_top_k",
        (Variant("keras.ops.in_top_k(targets, predictions, k)"),),
        notes="`keras.ops.in_top_k` takes the targets first: the two arguments are swapped.",
        references=_REFS,
    ),
    _reported(
        _RULE191,
        "arange",
        "use `keras.ops.arange(start, stop, step, dtype=...)` (the legacy default dtype was 'int32' for int arguments)",
    ),
    _reported(
        _RULE191,
        "reverse",
        "use `keras.ops.flip(x, axis=axes)` (always pass the axis: `flip` flips every axis by default)",
    ),
    _reported(
        _RULE191,
        "repeat",
        "use `keras.ops.repeat(keras.ops.expand_dims(x, 1), n, axis=1)` (`keras.ops.repeat` alone is `np.repeat`)",
    ),
    _reported(_RULE191, "is_sparse", "Keras 3 has no `is_sparse`; sparse tensors are backend-specific"),
    _reported(_RULE191, "to_dense", "use `keras.ops.convert_to_tensor(x, sparse=False)`"),
    _reported(_RULE191, "update", "use `x.assign(new_x)`"),
    _reported(_RULE191, "update_add", "use `x.assign_add(increment)`"),
    _reported(_RULE191, "update_sub", "use `x.assign_sub(decrement)`"),
    _reported(_RULE191, "moving_average_update", "use `x.assign(x * momentum + value * (1 - momentum))`"),
    _reported(_RULE191, "name_scope", "use `keras.name_scope(name)`"),
    _reported(_RULE191, "map_fn", "use `keras.ops.map(fn, elems)`"),
    _reported(
        _RULE191, "foldl", "use `keras.ops.scan(lambda c, x: (fn(c, x), None), initializer, elems)[0]`"
    ),
    _reported(
        _RULE191,
        "foldr",
        "use `keras.ops.scan(lambda c, x: (fn(c, x), None), initializer, elems, reverse=True)[0]`",
    ),
    _reported(
        _RULE191,
        "truncated_normal",
        "use `keras.random.truncated_normal(shape, mean, stddev, dtype, seed=...)`; an int seed is stateless in Keras 3 (pass a `keras.random.SeedGenerator` created once)",
    ),
    _reported(
        _RULE191,
        "random_normal_variable",
        "use `keras.Variable(keras.random.normal(shape, mean, scale, dtype=...))`",
    ),
    _reported(
        _RULE191,
        "random_uniform_variable",
        "use `keras.Variable(keras.random.uniform(shape, low, high, dtype=...))`",
    ),
    _reported(
        _RULE191,
        "batch_normalization",
        "use `keras.ops.batch_normalization(x, mean, var, axis=axis, offset=beta, scale=gamma, epsilon=epsilon)` (by keyword: the positional order differs)",
    ),
    _reported(_RULE191, "temporal_padding", "use `keras.ops.pad(x, [[0, 0], [left, right], [0, 0]])`"),
    _reported(
        _RULE191,
        "spatial_2d_padding",
        "use `keras.ops.pad(x, pad_width)` with the pad width of the image axes of your data format",
    ),
    _reported(
        _RULE191,
        "spatial_3d_padding",
        "use `keras.ops.pad(x, pad_width)` with the pad width of the volume axes of your data format",
    ),
    _reported(
        _RULE191,
        "resize_images",
        "use `keras.ops.repeat` along the image axes, or `keras.ops.image.resize(x, size, interpolation='nearest')`",
    ),
    _reported(_RULE191, "resize_volumes", "use three `keras.ops.repeat` calls along the volume axes"),
    _reported(
        _RULE191, "conv1d", "use `keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)`"
    ),
    _reported(
        _RULE191, "conv2d", "use `keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)`"
    ),
    _reported(
        _RULE191, "conv3d", "use `keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)`"
    ),
    _reported(
        _RULE191,
        "conv2d_transpose",
        "use `keras.ops.conv_transpose(x, kernel, strides, padding, output_padding=...)` (no `output_shape`)",
    ),
    _reported(
        _RULE191,
        "separable_conv2d",
        "use `keras.ops.separable_conv(x, depthwise_kernel, pointwise_kernel, ...)`",
    ),
    _reported(_RULE191, "depthwise_conv2d", "use `keras.ops.depthwise_conv(x, depthwise_kernel, ...)`"),
    _reported(
        _RULE191,
        "pool2d",
        "use `keras.ops.max_pool`/`keras.ops.average_pool` with `strides=(1, 1)` written out (their default is the pool size)",
    ),
    _reported(
        _RULE191,
        "pool3d",
        "use `keras.ops.max_pool`/`keras.ops.average_pool` with `strides=(1, 1, 1)` written out",
    ),
    _reported(_RULE191, "rnn", "Keras 3 has no `rnn` function; use `keras.layers.RNN(cell)` with a cell"),
    _reported(
        _RULE191,
        "ctc_batch_cost",
        "use `keras.ops.ctc_loss(y_true, log(y_pred), label_length[:, 0], input_length[:, 0], mask_index=num_classes - 1)`: lengths swap places, are 1-D, the output is logits and the blank index differs",
    ),
    _reported(
        _RULE191,
        "ctc_decode",
        "use `keras.ops.ctc_decode(y_pred, input_length[:, 0], strategy='greedy', mask_index=num_classes - 1)`",
    ),
    _reported(
        _RULE191,
        "ctc_label_dense_to_sparse",
        "Keras 3 has no equivalent (sparse labels are backend-specific)",
    ),
)
_KM191_NAMES = {row.name for row in _KM191_ROWS}
if {e.name for e in CATALOGUE.of_rule(_RULE191)} != _KM191_NAMES:  # every KM191 entry has its row
    raise ValueError(f"keras3 KM191 rows differ from the catalogue: {sorted(_KM191_NAMES)}")


_OPS_ROWS: tuple[Row, ...] = (
    _plain("KM101", "abs", "keras.ops.abs"),
    Row(
        "KM102",
        "relu",
        (
            Variant("keras.ops.relu(x)"),
            Variant(
                "keras.ops.leaky_relu(x, negative_slope=alpha)",
                when={"alpha": N},
                safety=UNSAFE,
                caveat="for integer input the JAX backend keeps the integer dtype where the legacy function returned float32",
            ),
            Variant(
                "keras.ops.relu6(x)",
                when={"max_value": (6, 6.0)},
                safety=UNSAFE,
                caveat="for integer input the JAX backend returns float32 where the legacy function kept int32",
            ),
        ),
        summary="Replace `K.relu(x)` with `keras.ops.relu(x)` (or `leaky_relu` / `relu6`).",
        manual=(
            "no exact `keras.ops` op for this alpha/max_value/threshold; use "
            "`keras.activations.relu(x, negative_slope=alpha, max_value=..., threshold=...)`"
        ),
        notes=(
            "`keras.ops.relu` only when `alpha`, `max_value` and `threshold` are absent or zero/None; "
            "a numeric `alpha` alone is `keras.ops.leaky_relu(x, negative_slope=alpha)` (its default "
            "slope is 0.2, so it is always written); `max_value=6` alone is `keras.ops.relu6(x)`."
        ),
        references=_REFS,
    ),
    _plain("KM103", "sigmoid", "keras.ops.sigmoid"),
    Row(
        "KM104",
        "softmax",
        (
            Variant(
                "keras.ops.softmax(x, axis=axis)",
                when={"axis": N},
                emit_defaults=("axis",),
                safety=UNSAFE,
                caveat="on input of rank 0 or 1 the TF 2.21 legacy `K.softmax` raises ValueError; `keras.ops.softmax` computes it",
            ),
            Variant(
                "keras.ops.softmax(x, axis=axis)",
                emit_defaults=("axis",),
                when={"axis": D},
                safety=UNSAFE,
                caveat="on input of rank 0 or 1 the TF 2.21 legacy `K.softmax` raises ValueError; `keras.ops.softmax` computes it",
            ),
        ),
        summary="Replace `K.softmax(x, axis)` with `keras.ops.softmax(x, axis=axis)` (unsafe: rank 0/1 input).",
        manual="use `keras.ops.softmax(x, axis=axis)`",
        notes=(
            "Same op and default axis (-1), except that TF 2.21's legacy function raises on input of "
            "rank 0 or 1; the rank is not visible, so the fix is unsafe."
        ),
        references=_REFS,
    ),
    _plain("KM105", "tanh", "keras.ops.tanh"),
    Row(
        "KM106",
        "elu",
        (Variant("keras.ops.elu(x, alpha=alpha)"),),
        summary="Replace `K.elu(x, alpha)` with `keras.ops.elu(x, alpha=alpha)`.",
        notes="Same function and default (`alpha=1.0`).",
        references=_REFS,
    ),
    _plain("KM107", "softplus", "keras.ops.softplus", _WIDER_NOTE),
    _plain("KM108", "softsign", "keras.ops.softsign", _WIDER_NOTE),
    Row(
        "KM109",
        "hard_sigmoid",
        (Variant("keras.ops.clip(keras.ops.add(keras.ops.multiply(x, 0.2), 0.5), 0.0, 1.0)"),),
        summary="Replace `K.hard_sigmoid(x)` with `keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)` (not `keras.ops.hard_sigmoid`).",
        notes=(
            "`keras.ops.hard_sigmoid` is a different function (`relu6(x + 3) / 6`); the Keras 2 "
            "formula `clip(0.2 * x + 0.5, 0, 1)` is spelled out with `keras.ops`."
        ),
        references=_REFS,
    ),
    reduction("KM110", "sum", "keras.ops.sum", _REFS),
    _bool_cast_reduction("KM111", "mean", "keras.ops.mean"),
    *(
        _unsafe_plain(
            rule,
            name,
            f"keras.ops.{name}(x, axis=axis, keepdims=keepdims)",
            f"on an empty reduction `K.{name}` returned the identity ({ident}); `keras.ops.{name}` raises",
        )
        for rule, name, ident in (("KM112", "max", "-inf"), ("KM113", "min", "+inf"))
    ),
    reduction("KM114", "prod", "keras.ops.prod", _REFS),
    _bool_cast_reduction("KM115", "std", "keras.ops.std"),
    _bool_cast_reduction("KM116", "var", "keras.ops.var"),
    Row(
        "KM117",
        "any",
        _subsets("keras.ops.any(x{kw})", (("axis", "axis"), ("keepdims", "keepdims"))),
        summary="Replace `K.any(x, ...)` with `keras.ops.any(x, ...)`.",
        notes="`keras.ops.any` treats non-zero as True, as the legacy cast to bool did.",
        references=_REFS,
    ),
    Row(
        "KM118",
        "all",
        _subsets("keras.ops.all(x{kw})", (("axis", "axis"), ("keepdims", "keepdims"))),
        summary="Replace `K.all(x, ...)` with `keras.ops.all(x, ...)`.",
        notes="`keras.ops.all` treats non-zero as True, as the legacy cast to bool did.",
        references=_REFS,
    ),
    Row(
        "KM119",
        "logsumexp",
        (Variant("keras.ops.logsumexp(x, axis=axis, keepdims=keepdims)"),),
        summary="Replace `K.logsumexp(x, axis, keepdims)` with `keras.ops.logsumexp(x, ...)`.",
        notes="Same reduction, same defaults.",
        references=(_K224, _API),
    ),
    Row(
        "KM120",
        "cumsum",
        (Variant("keras.ops.cumsum(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.cumsum(x, axis)` with `keras.ops.cumsum(x, axis=axis)`, writing `axis=0` out.",
        notes="`keras.ops.cumsum` flattens by default; the legacy default `axis=0` is written out.",
        references=_REFS,
    ),
    Row(
        "KM121",
        "cumprod",
        (Variant("keras.ops.cumprod(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.cumprod(x, axis)` with `keras.ops.cumprod(x, axis=axis)`, writing `axis=0` out.",
        notes="As for `K.cumsum`.",
        references=_REFS,
    ),
    _plain("KM122", "square", "keras.ops.square"),
    Row(
        "KM123",
        "sqrt",
        (Variant("keras.ops.sqrt(keras.ops.maximum(x, 0.0))"),),
        summary="Replace `K.sqrt(x)` with `keras.ops.sqrt(keras.ops.maximum(x, 0.0))` (it clips negatives).",
        notes="`K.sqrt` clips negatives to 0 first; the clip is kept. " + _WIDER_NOTE,
        references=_REFS,
    ),
    _plain("KM124", "exp", "keras.ops.exp", _WIDER_NOTE),
    _plain("KM125", "log", "keras.ops.log", _WIDER_NOTE),
    _plain("KM126", "pow", "keras.ops.power"),
    Row(
        "KM127",
        "clip",
        (
            Variant(
                "keras.ops.maximum(keras.ops.minimum(x, max_value), min_value)",
                when={"min_value": N, "max_value": N},
            ),
            Variant("keras.ops.minimum(x, max_value)", when={"min_value": (None,), "max_value": N}),
            Variant("keras.ops.maximum(x, min_value)", when={"min_value": N, "max_value": (None,)}),
            Variant(
                "keras.ops.clip(x, min_value, max_value)",
                safety=UNSAFE,
                caveat="a bound that is None at run time meant 'unbounded' to `K.clip`; `keras.ops.clip` raises on it",
            ),
        ),
        summary="Replace `K.clip(x, lo, hi)` with `keras.ops.maximum(keras.ops.minimum(x, hi), lo)` when the bounds are number literals or None.",
        example="y_pred = K.clip(y_pred, 0.0, 1.0)\n",
        manual="use `keras.ops.clip(x, lo, hi)` with numbers (`float('inf')` for no bound)",
        notes=(
            "`K.clip` computed `max(min(x, hi), lo)` (so `lo` wins where `hi < lo`) and read a None bound "
            "as unbounded. `keras.ops.clip` on JAX gives `hi` where `hi < lo`, so number literals are "
            "written as `keras.ops.maximum(keras.ops.minimum(x, hi), lo)`, exact on every backend, and "
            "a literal None drops that side. An expression bound could be None at run time, so "
            "`keras.ops.clip` is then an unsafe fix."
        ),
        references=_REFS,
    ),
    _plain("KM128", "round", "keras.ops.round"),
    _plain("KM129", "sign", "keras.ops.sign"),
    _plain("KM130", "maximum", "keras.ops.maximum"),
    _plain("KM131", "minimum", "keras.ops.minimum"),
    comparison("KM132", "equal", "keras.ops.equal", _REFS),
    comparison("KM133", "not_equal", "keras.ops.not_equal", _REFS),
    comparison("KM134", "greater", "keras.ops.greater", _REFS),
    comparison("KM135", "greater_equal", "keras.ops.greater_equal", _REFS),
    comparison("KM136", "less", "keras.ops.less", _REFS, ("lesser",)),
    comparison("KM137", "less_equal", "keras.ops.less_equal", _REFS, ("lesser_equal",)),
    *(
        Row(
            rule,
            name,
            (
                Variant(
                    f'keras.ops.cast(keras.ops.{name}(x, axis=axis), "int64")',
                    when={"axis": D},
                    emit_defaults=("axis",),
                ),
                Variant(f'keras.ops.cast(keras.ops.{name}(x, axis=axis), "int64")', when={"axis": N}),
                Variant(f'keras.ops.cast(keras.ops.{name}(x, axis=0), "int64")', when={"axis": (None,)}),
                Variant(
                    f'keras.ops.cast(keras.ops.{name}(x, axis=axis), "int64")',
                    safety=UNSAFE,
                    caveat=f"`K.{name}(x, axis=None)` reduced axis 0 (`tf.{name}`); `keras.ops.{name}` flattens",
                ),
            ),
            summary=f'Replace `K.{name}(x)` with `keras.ops.cast(keras.ops.{name}(x, axis=-1), "int64")`.',
            notes=(
                f"`keras.ops.{name}` flattens by default (one index), so the legacy default `axis=-1` "
                "is written out; it returns int32 where the legacy function returned int64, so the "
                "result is cast. `axis=None` meant axis 0 to the legacy function (`tf.argmax`), so a "
                "literal None becomes `axis=0`; an axis expression could be None at run time (unsafe)."
            ),
            references=_REFS,
        )
        for rule, name in (("KM138", "argmax"), ("KM139", "argmin"))
    ),
    _unsafe_plain(
        "KM140",
        "dot",
        "keras.ops.dot(x, y)",
        "a 1-D operand made `K.dot` raise, `keras.ops.dot` computes the vector product; a sparse `x` now raises",
    ),
    Row(
        "KM141",
        "batch_dot",
        (),
        summary="Report `K.batch_dot(...)`: its result changed between Keras versions; write the contraction.",
        example="scores = K.batch_dot(query, keys, axes=[2, 2])\n",
        manual="its result shape changed across Keras versions; write the contraction with `keras.ops.einsum` or `keras.ops.matmul`",
        notes="See the tf2 target: which behaviour the code was written for is not visible.",
        references=_REFS,
    ),
    Row(
        "KM142",
        "concatenate",
        (
            Variant("keras.ops.concatenate(tensors, axis=axis)", when={"axis": D}, emit_defaults=("axis",)),
            Variant(
                "keras.ops.concatenate(tensors, axis=axis)",
                when={"axis": (-1, *_NON_NEGATIVE)},
                emit_defaults=("axis",),
            ),
            Variant(
                "keras.ops.concatenate(tensors, axis=axis)",
                emit_defaults=("axis",),
                safety=UNSAFE,
                caveat="`K.concatenate` wrapped a negative axis modulo the rank of the first tensor",
            ),
        ),
        summary="Replace `K.concatenate(tensors)` with `keras.ops.concatenate(tensors, axis=-1)` (the axis is always written).",
        manual="use `keras.ops.concatenate(tensors, axis=...)`",
        notes="`keras.ops.concatenate` defaults to axis 0, so the legacy default `axis=-1` is written out.",
        references=_REFS,
    ),
    Row(
        "KM143",
        "stack",
        (Variant("keras.ops.stack(x, axis=axis)"),),
        summary="Replace `K.stack(x, axis)` with `keras.ops.stack(x, axis=axis)`.",
        notes="Same op, same default (`axis=0`).",
        references=_REFS,
    ),
    _plain("KM144", "reshape", "keras.ops.reshape"),
    _plain("KM145", "cast", "keras.ops.cast"),
    Row(
        "KM146",
        "expand_dims",
        (Variant("keras.ops.expand_dims(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.expand_dims(x)` with `keras.ops.expand_dims(x, axis=-1)`.",
        notes="`keras.ops.expand_dims` requires the axis; the legacy default -1 is written out.",
        references=_REFS,
    ),
    Row(
        "KM147",
        "squeeze",
        (Variant("keras.ops.squeeze(x, axis=axis)"),),
        summary="Replace `K.squeeze(x, axis)` with `keras.ops.squeeze(x, axis=axis)`.",
        notes="Same op for the integer axis the legacy function requires.",
        references=_REFS,
    ),
    _plain("KM148", "transpose", "keras.ops.transpose"),
    Row(
        "KM149",
        "permute_dimensions",
        (Variant("keras.ops.transpose(x, axes=pattern)"),),
        summary="Replace `K.permute_dimensions(x, pattern)` with `keras.ops.transpose(x, axes=pattern)`.",
        notes="Same op.",
        references=_REFS,
    ),
    Row(
        "KM150",
        "gather",
        (Variant("keras.ops.take(reference, indices, axis=0)"),),
        summary="Replace `K.gather(reference, indices)` with `keras.ops.take(reference, indices, axis=0)`.",
        notes="`keras.ops.take` indexes the flattened array by default; the legacy axis 0 is written out.",
        references=_REFS,
    ),
    Row(
        "KM151",
        "tile",
        (Variant("keras.ops.tile(x, n)"),),
        summary="Replace `K.tile(x, n)` with `keras.ops.tile(x, n)`.",
        notes="`keras.ops.tile` accepts an int `n` (wrapped as the legacy function did) or a sequence.",
        references=_REFS,
    ),
    _unsafe_plain(
        "KM152",
        "repeat_elements",
        "keras.ops.repeat(x, rep, axis=axis)",
        "for a scalar `x`, or a negative axis of unknown size inside a traced function, the legacy function raised or interleaved differently",
    ),
    Row(
        "KM153",
        "flatten",
        (Variant("keras.ops.reshape(x, (-1,))"),),
        summary="Replace `K.flatten(x)` with `keras.ops.reshape(x, (-1,))`.",
        notes="Same op.",
        references=_REFS,
    ),
    Row(
        "KM154",
        "batch_flatten",
        (),
        summary="Report `K.batch_flatten(x)`: use `keras.layers.Flatten()(x)`.",
        manual="use `keras.layers.Flatten()(x)` or `keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))`",
        notes="The exact spelling needs `x` twice, which a template cannot write without evaluating it twice.",
        references=_REFS,
    ),
    Row(
        "KM155",
        "one_hot",
        (Variant('keras.ops.one_hot(indices, num_classes, dtype="float32")'),),
        summary='Replace `K.one_hot(indices, n)` with `keras.ops.one_hot(indices, n, dtype="float32")`.',
        notes="The legacy result is always float32; `keras.ops.one_hot` defaults to `floatx()`, so the dtype is written.",
        references=_REFS,
    ),
    *(
        Row(
            rule,
            name,
            (
                Variant(
                    f"keras.ops.{name}({first}, dtype=dtype)",
                    when={"dtype": _DTYPES},
                    safety=UNSAFE,
                    caveat=f"`K.{name}` returned a variable when the shape was fully known; `keras.ops.{name}` returns a tensor",
                ),
                Variant(
                    f"keras.ops.{name}({first}, dtype={_FLOATX})",
                    safety=UNSAFE,
                    caveat=f"`K.{name}` returned a variable when the shape was fully known; `keras.ops.{name}` returns a tensor",
                ),
            ),
            summary=f"Replace `K.{name}(...)` with `keras.ops.{name}(..., dtype=floatx)` (unsafe: no longer a variable).",
            manual=f"use `keras.Variable(keras.ops.{name}(...))` where a variable is needed",
            notes="The legacy function returned a variable for a fully known shape; `keras.ops` returns a tensor.",
            references=_REFS,
        )
        for rule, name, first in (("KM156", "zeros", "shape"), ("KM157", "ones", "shape"))
    ),
    Row(
        "KM158",
        "zeros_like",
        (Variant("keras.ops.zeros_like(x, dtype=dtype)"),),
        summary="Replace `K.zeros_like(x, dtype)` with `keras.ops.zeros_like(x, dtype=dtype)`.",
        manual="`keras.ops.zeros_like` takes no `name`; drop it",
        notes="Same defaults (the dtype of `x`).",
        references=_REFS,
    ),
    Row(
        "KM159",
        "ones_like",
        (Variant("keras.ops.ones_like(x, dtype=dtype)"),),
        summary="Replace `K.ones_like(x, dtype)` with `keras.ops.ones_like(x, dtype=dtype)`.",
        manual="`keras.ops.ones_like` takes no `name`; drop it",
        notes="Same defaults (the dtype of `x`).",
        references=_REFS,
    ),
    Row(
        "KM160",
        "eye",
        (
            Variant(
                "keras.ops.eye(size, dtype=dtype)",
                when={"size": N, "dtype": _DTYPES},
                safety=UNSAFE,
                caveat="`K.eye` returned a variable; `keras.ops.eye` returns a tensor",
            ),
            Variant(
                f"keras.ops.eye(size, dtype={_FLOATX})",
                when={"size": N},
                safety=UNSAFE,
                caveat="`K.eye` returned a variable; `keras.ops.eye` returns a tensor",
            ),
        ),
        summary="Replace `K.eye(n)` with `keras.ops.eye(n, dtype=floatx)` (unsafe: no longer a variable).",
        manual="use `keras.ops.eye(N, M, dtype=keras.config.floatx())` (a tuple size is N, M)",
        notes="The legacy function returned a variable; a tuple size must be split into N, M.",
        references=_REFS,
    ),
    Row(
        "KM161",
        "constant",
        (
            Variant(
                "keras.ops.convert_to_tensor(value, dtype=dtype)",
                when={"dtype": _DTYPES, "shape": D, "name": D},
            ),
            Variant(f"keras.ops.convert_to_tensor(value, dtype={_FLOATX})", when={"shape": D, "name": D}),
        ),
        summary="Replace `K.constant(value)` with `keras.ops.convert_to_tensor(value, dtype=keras.config.floatx())`.",
        manual="use `keras.ops.full(shape, value, dtype=...)` or `keras.ops.convert_to_tensor(...)`; a dtype expression may be None (floatx)",
        notes="`K.constant` defaults to `floatx()`; `convert_to_tensor(1)` would be int32, so the dtype is written out.",
        references=_REFS,
    ),
    Row(
        "KM162",
        "variable",
        (
            Variant(
                "keras.Variable(value, dtype=dtype, name=name)",
                when={"dtype": _DTYPES, "constraint": D},
                safety=UNSAFE,
                caveat="a `keras.Variable` is not a `tf.Variable` (TF-only code that takes one, and `K.set_value`, break)",
            ),
            *_subsets(
                f"keras.Variable(value, dtype={_FLOATX}{{kw}})",
                (("name", "name"),),
                when={"constraint": D},
                safety=UNSAFE,
                caveat="a `keras.Variable` is not a `tf.Variable` (TF-only code that takes one, and `K.set_value`, break)",
            ),
        ),
        summary="Replace `K.variable(value)` with `keras.Variable(value, dtype=keras.config.floatx())` (unsafe).",
        manual="use `keras.Variable(value, dtype=...)`; it has no `constraint=` (apply it in the layer)",
        notes="`keras.Variable` infers int32 from ints, so the `floatx()` default is written out.",
        references=_REFS,
    ),
    Row(
        "KM163",
        "l2_normalize",
        (
            Variant("keras.ops.normalize(x, axis=axis)", when={"axis": N}),
            Variant(
                "keras.ops.normalize(x, axis=axis)",
                emit_defaults=("axis",),
                safety=UNSAFE,
                caveat="for a rank-0 `x` with `axis=None` `keras.ops.normalize` returns shape (1,), the legacy function shape ()",
            ),
        ),
        summary="Replace `K.l2_normalize(x, axis)` with `keras.ops.normalize(x, axis=axis)`, writing `axis=None` out.",
        notes="`keras.ops.normalize` defaults to the last axis; the legacy default `axis=None` is written out.",
        references=_REFS,
    ),
    Row(
        "KM164",
        "switch",
        (),
        summary="Report `K.switch(...)`: write `keras.ops.where` or `keras.ops.cond` for what the condition is.",
        example="y = K.switch(K.greater(x, 0.0), x, 0.1 * x)\n",
        manual=(
            "use `keras.ops.where(condition, then, else)` for a tensor condition (expand a lower-rank "
            "one with `keras.ops.expand_dims`) or `keras.ops.cond` for a scalar one; `keras.ops.switch` "
            "is a different function"
        ),
        notes="Which branch the legacy function takes depends on the rank of the condition.",
        references=_REFS,
    ),
    _unsafe_plain(
        "KM165",
        "stop_gradient",
        "keras.ops.stop_gradient(variables)",
        "for a list or tuple `K.stop_gradient` returned a `map` over its elements",
    ),
    _random("KM166", "random_normal", "keras.random.normal", "mean=mean, stddev=stddev"),
    _random("KM167", "random_uniform", "keras.random.uniform", "minval=minval, maxval=maxval"),
    Row(
        "KM168",
        "dropout",
        (
            Variant(
                "keras.random.dropout(x, rate=level, noise_shape=noise_shape)",
                safety=UNSAFE,
                caveat="a different random stream (the legacy op seed came from NumPy's global RNG)",
            ),
        ),
        summary="Replace `K.dropout(x, level)` without a seed with `keras.random.dropout(x, rate=level)` (unsafe: another stream).",
        manual=(
            "`keras.random.dropout(seed=int)` is stateless (the same mask on every call); create a "
            "`keras.random.SeedGenerator(seed)` once and pass it as `seed=`"
        ),
        notes="Both scale the kept units by `1 / (1 - level)`. Seeds as for `K.random_normal`.",
        references=_REFS,
    ),
    Row(
        "KM169",
        "bias_add",
        (),
        summary="Report `K.bias_add(x, b)`: Keras 3 has no bias_add; add the bias.",
        manual="use `keras.ops.add(x, bias)` (channels_last) or reshape the bias for channels_first",
        notes="No `keras.ops.bias_add`; the legacy function followed the global data format and checked the bias rank.",
        references=_REFS,
    ),
    Row(
        "KM170",
        "binary_crossentropy",
        (
            Variant(
                "keras.ops.binary_crossentropy(target, output, from_logits=from_logits)",
                when={"from_logits": (True,)},
            ),
            Variant(
                "keras.ops.binary_crossentropy(target, output, from_logits=from_logits)",
                safety=UNSAFE,
                caveat="on probabilities Keras 3 clips and takes logs differently (differences of the order of `epsilon()`)",
            ),
        ),
        summary="Replace `K.binary_crossentropy(t, o)` with `keras.ops.binary_crossentropy(t, o)`.",
        notes=(
            "Element-wise like the legacy function (`keras.losses.binary_crossentropy` averages). "
            "Positional calls are read by their argument names (tables/argument_order.py)."
        ),
        references=_REFS,
    ),
    Row(
        "KM171",
        "categorical_crossentropy",
        (Variant("keras.ops.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)"),),
        summary="Replace `K.categorical_crossentropy(t, o)` with `keras.ops.categorical_crossentropy(t, o)`.",
        notes="Same function (TF 2.21's legacy one calls it). Positional calls are read by their argument names.",
        references=_REFS,
    ),
    Row(
        "KM172",
        "sparse_categorical_crossentropy",
        (
            Variant(
                "keras.ops.sparse_categorical_crossentropy(target, output, from_logits=from_logits)",
                when={"axis": D, "from_logits": (True,)},
            ),
            Variant(
                "keras.ops.sparse_categorical_crossentropy(target, output, from_logits=from_logits)",
                when={"axis": D},
                safety=UNSAFE,
                caveat="on probabilities the JAX backend clips and takes logs differently from the legacy function",
            ),
        ),
        manual="`keras.ops.sparse_categorical_crossentropy` supports only `axis=-1`; move the class axis last",
        summary="Replace `K.sparse_categorical_crossentropy(t, o)` with `keras.ops.sparse_categorical_crossentropy(t, o)`.",
        notes="Same function. Positional calls are read by their argument names.",
        references=_REFS,
    ),
    _unsafe_plain(
        "KM173",
        "shape",
        "keras.ops.shape(x)",
        "`K.shape` returned an int32 tensor; `keras.ops.shape` returns a tuple (ints, or tensors/None for unknown dimensions)",
    ),
    _unsafe_plain(
        "KM174",
        "int_shape",
        "tuple(x.shape)",
        "for a tensor of unknown rank `K.int_shape` returned None; `tuple(x.shape)` raises",
    ),
    Row(
        "KM175",
        "ndim",
        (Variant("keras.ops.ndim(x)"),),
        summary="Replace `K.ndim(x)` with `keras.ops.ndim(x)`.",
        notes="Both return a Python int.",
        references=_REFS,
    ),
    _manual(
        "KM176",
        "in_train_phase",
        "y = K.in_train_phase(K.dropout(x, 0.5), x)\n",
        "take `training=None` in the layer's `call` and write `x if training else alt`, or `keras.ops.cond(training, lambda: x, lambda: alt)` for a tensor flag",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM177",
        "in_test_phase",
        "y = K.in_test_phase(x, K.dropout(x, 0.5))\n",
        "take `training=None` in the layer's `call` and write `alt if training else x`",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM178",
        "learning_phase",
        "phase = K.learning_phase()\n",
        "pass `training=True/False` to the model or layer call and read it in `call(self, inputs, training=None)`",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM179",
        "set_learning_phase",
        "K.set_learning_phase(0)\n",
        "remove it; pass `training=False` to calls (`model.predict` already runs in inference mode)",
        "Gone from Keras 3.",
    ),
    Row(
        "KM180",
        "placeholder",
        (
            Variant(
                "keras.Input(batch_shape=shape, dtype=dtype, name=name)",
                when={"shape": G, "ndim": D, "sparse": D},
                safety=UNSAFE,
                caveat="a `keras.Input` is a symbolic tensor for a `keras.Model`, not fed through a session or `K.function`",
            ),
        ),
        summary="Replace `K.placeholder(shape=...)` with `keras.Input(batch_shape=...)` (unsafe: build a Model from it).",
        example="x = K.placeholder(shape=(None, 32))\n",
        manual="use `keras.Input(batch_shape=shape, dtype=...)` (the legacy shape includes the batch dimension)",
        notes=(
            "The legacy shape includes the batch dimension, so it is `batch_shape=`; dtype None is "
            "`floatx()` in both. `K.placeholder` does not exist in Keras 3 or TF 2.21, so the code "
            "did not run; the fix is unsafe because what is done with the tensor (a `K.function` feed) "
            "must become a `keras.Model`."
        ),
        references=_REFS,
    ),
    _manual(
        "KM181",
        "function",
        "get_features = K.function([model.input], [model.layers[-2].output])\n",
        "`keras.Model(model.input, model.layers[-2].output)` and call it, or `.predict`",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM182",
        "get_session",
        "sess = K.get_session()\n",
        "delete it: Keras 3 runs eagerly or compiles per backend",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM183",
        "set_session",
        "K.set_session(session)\n",
        "delete it; on TensorFlow use `tf.config.experimental.set_memory_growth` for GPU memory",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM184",
        "gradients",
        "grads = K.gradients(loss, model.trainable_weights)\n",
        "use the backend's gradient API (TensorFlow `tf.GradientTape`, JAX `jax.grad`, PyTorch `loss.backward()`) or override `train_step`",
        "Gone from Keras 3.",
    ),
    _manual(
        "KM185",
        "get_value",
        "lr = K.get_value(model.optimizer.lr)\n",
        "`keras.ops.convert_to_numpy(x)`",
        "Gone from Keras 3's `keras.backend`.",
    ),
    _manual(
        "KM186",
        "set_value",
        "K.set_value(model.optimizer.lr, 0.001)\n",
        "`variable.assign(value)`",
        "Gone from Keras 3's `keras.backend`.",
    ),
    _manual(
        "KM187",
        "batch_get_value",
        "values = K.batch_get_value(layer.weights)\n",
        "a list comprehension",
        "Gone from Keras 3's `keras.backend`.",
    ),
    _manual(
        "KM188",
        "batch_set_value",
        "K.batch_set_value(list(zip(layer.weights, saved)))\n",
        "a loop of `assign`",
        "Gone from Keras 3's `keras.backend`.",
    ),
    _manual(
        "KM189",
        "count_params",
        "n = K.count_params(layer.kernel)\n",
        "`int(np.prod(x.shape))`",
        "Gone from Keras 3's `keras.backend`.",
    ),
    _manual(
        "KM190",
        "eval",
        "print(K.eval(loss))\n",
        "`keras.ops.convert_to_numpy(x)`",
        "Gone from Keras 3's `keras.backend`.",
    ),
    *_KM191_ROWS,
)

#: one-line findings (at most 160 characters): the short hint goes in the finding, the full
#: Keras 3 spelling moves to the rule page's notes
_SHORT = {
    ("KM102", "relu"): "use `keras.activations.relu(x, negative_slope=alpha, max_value=..., threshold=...)`",
    ("KM141", "batch_dot"): "its result changed across Keras versions; write it with `keras.ops.einsum`",
    ("KM161", "constant"): "use `keras.ops.full(shape, value, dtype=...)` (a dtype expression may be None)",
    ("KM164", "switch"): "use `keras.ops.where` (tensor condition) or `keras.ops.cond` (scalar)",
    ("KM166", "random_normal"): "int seeds are stateless in Keras 3; pass a `keras.random.SeedGenerator`",
    ("KM167", "random_uniform"): "int seeds are stateless in Keras 3; pass a `keras.random.SeedGenerator`",
    ("KM168", "dropout"): "int seeds are stateless in Keras 3; pass a `keras.random.SeedGenerator`",
    (
        "KM172",
        "sparse_categorical_crossentropy",
    ): "`keras.ops` supports only `axis=-1`; move the class axis last",
    ("KM191", "arange"): "use `keras.ops.arange(start, stop, step, dtype=...)`",
    ("KM191", "truncated_normal"): "use `keras.random.truncated_normal`; int seeds are stateless there",
    ("KM191", "batch_normalization"): "use `keras.ops.batch_normalization` with keywords (its order differs)",
    ("KM191", "resize_images"): "use `keras.ops.repeat` along the image axes",
    ("KM191", "conv2d_transpose"): "use `keras.ops.conv_transpose(..., output_padding=...)`",
    ("KM191", "pool2d"): "use `keras.ops.max_pool`/`average_pool` with `strides=(1, 1)` written out",
    ("KM191", "ctc_batch_cost"): "use `keras.ops.ctc_loss` (see `kerasmigrate rules KM191`)",
    ("KM191", "repeat"): "use `keras.ops.repeat(keras.ops.expand_dims(x, 1), n, axis=1)`",
    ("KM191", "spatial_2d_padding"): "use `keras.ops.pad(x, pad_width)` on the image axes",
    ("KM191", "spatial_3d_padding"): "use `keras.ops.pad(x, pad_width)` on the volume axes",
    ("KM191", "ctc_decode"): "use `keras.ops.ctc_decode` (see `kerasmigrate rules KM191`)",
    ("KM180", "placeholder"): "use `keras.Input(batch_shape=shape, dtype=...)` (shape includes the batch)",
}


def _short(row: Row) -> Row:
    short = _SHORT.get((row.rule, row.name))
    if short is None:
        return row
    return replace(row, manual=short, notes=f"{row.notes} To port it: {row.manual}.")


OPS_ROWS: tuple[Row, ...] = tuple(_short(row) for row in _OPS_ROWS)

__all__ = ["OPS_ROWS", "frozendict"]
