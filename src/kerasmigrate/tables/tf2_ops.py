"""Target ``tf2``, continued: the backend math, activation and tensor functions (KM104+).

Rows follow the schema in _schema.py. Sources for the semantics:
docs/legacy-apis.md §4 and §5, and the legacy implementation that TF 2.21
still ships as ``tf.keras.backend`` (keras 3.15 ``keras/src/legacy/backend.py``).

Policy ("correct before clever"): a variant is SAFE only when it is exactly the legacy
function for every argument it accepts. Where equality depends on what the source does
not show (a dtype, a rank, a run-time value), an UNSAFE modern spelling comes first and
the exact fallback ``tf.keras.backend.<name>(...)`` after it; ``tf.keras.backend`` on TF
2.21 is the legacy implementation itself. Functions with neither are MANUAL.
"""

from __future__ import annotations

from types import MappingProxyType as frozendict

from ..catalogue import CATALOGUE, Entry
from ._helpers import comparison, fallback, plain, reduction
from ._helpers import subsets as _subsets
from ._schema import Cond, FixSafety, Row, Variant

D = Cond.DEFAULT
G = Cond.GIVEN
N = Cond.NUMBER
L = Cond.LITERAL
UNSAFE = FixSafety.UNSAFE

_K224 = "Keras 2.2.4 `keras/backend/tensorflow_backend.py`"
_SHIM = "TF 2.21 `tf.keras.backend` = keras 3.15 `keras/src/legacy/backend.py`"
_API = "docs/legacy-apis.md §4"
_REFS = (_K224, _SHIM, _API)
_FLOATX = "tf.keras.backend.floatx()"
#: non-negative axes: legacy functions that mishandle a negative axis in some corner
_NON_NEGATIVE = tuple(range(8))
#: dtype literals: a dtype passed as an expression may be None at run time (= floatx())
_FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")
_DTYPES = (
    *_FLOAT_DTYPES,
    *(f"{k}{n}" for k in ("int", "uint") for n in (8, 16, 32, 64)),
    "bool",
    "complex64",
    "complex128",
    "string",
)


def _fallback(name: str, args: str) -> Variant:
    """The exact fallback: the legacy implementation TF 2.21 still ships."""
    return fallback("tf.keras.backend", name, args)


def _plain(rule: str, name: str, target: str, note: str = "") -> Row:
    return plain(rule, name, target, _REFS, note)


def _reduction(rule: str, name: str, target: str) -> Row:
    return reduction(rule, name, target, _REFS)


def _cmp(rule: str, name: str, target: str, aliases: tuple[str, ...] = ()) -> Row:
    return comparison(rule, name, target, _REFS, aliases)


def _bool_cast_reduction(rule: str, name: str, target: str) -> Row:
    caveat = (
        f"`K.{name}` casts a bool tensor to `floatx()` first; `{target}` rejects bool input "
        "(InvalidArgumentError)"
    )
    return Row(
        rule,
        name,
        (
            Variant(f"{target}(x, axis=axis, keepdims=keepdims)", safety=UNSAFE, caveat=caveat),
            _fallback(name, "x, axis=axis, keepdims=keepdims"),
        ),
        summary=(
            f"Replace `K.{name}(x, ...)` with `{target}(x, ...)` (unsafe: bool input), "
            f"else with `tf.keras.backend.{name}(x, ...)`."
        ),
        notes=(
            f"`K.{name}` casts bool input to `floatx()` before reducing (Keras 2.2.4 and TF 2.21 "
            f"alike); `{target}` fails on bool. The dtype of `x` is not visible in the source, so "
            f"`{target}` is an unsafe fix (for code that never passes a bool tensor, such as the "
            f"result of `K.equal`), and the default fix is the legacy implementation TF 2.21 still "
            f"ships, `tf.keras.backend.{name}`, which is exact. Ints are not cast by either."
        ),
        references=_REFS,
    )


def _bool_reduction(rule: str, name: str, target: str) -> Row:
    return Row(
        rule,
        name,
        _subsets(f"{target}(tf.cast(x, tf.bool){{kw}})", (("axis", "axis"), ("keepdims", "keepdims"))),
        summary=f"Replace `K.{name}(x, ...)` with `{target}(tf.cast(x, tf.bool), ...)`.",
        notes=(
            f"The legacy function casts its input to bool and then calls `{target}`; the rewrite "
            "keeps the cast, so numeric input (non-zero is True) behaves as before. Only the "
            "keywords that were passed are written."
        ),
        references=_REFS,
    )


def _ones_zeros(rule: str, name: str, op: str, first: str) -> Row:
    caveat = (
        f"`K.{name}` returns a `tf.Variable` when the shape is fully known; `{op}` returns a "
        "constant tensor, so code that assigns to the result or trains it breaks"
    )
    return Row(
        rule,
        name,
        (
            Variant(
                f"{op}({first}, dtype=dtype, name=name)",
                when={"dtype": _DTYPES},
                safety=UNSAFE,
                caveat=caveat,
            ),
            *_subsets(
                f"{op}({first}, dtype={_FLOATX}{{kw}})", (("name", "name"),), safety=UNSAFE, caveat=caveat
            ),
            _fallback(name, f"{first}, dtype=dtype, name=name"),
        ),
        summary=(
            f"Replace `K.{name}(...)` with `{op}(..., dtype=floatx)` (unsafe: it is no longer a "
            f"variable), else with `tf.keras.backend.{name}(...)`."
        ),
        notes=(
            f"`K.{name}` builds `{op}(..., dtype=floatx())` and, when every dimension is known and "
            "non-zero, wraps it in a `tf.Variable` (Keras 2.2.4 and TF 2.21 alike). Whether the "
            "caller relies on having a variable (assigning to it, using it as a weight or state) "
            f"is not visible here, so `{op}` is an unsafe fix; the default fix is the legacy "
            f"implementation TF 2.21 still ships, `tf.keras.backend.{name}`, which is exact. The "
            "unsafe fix writes the `floatx()` default dtype out, since TensorFlow's own default is "
            "always float32."
        ),
        references=_REFS,
    )


_CLIP_CAVEAT = (
    "a bound that is None at run time meant 'unbounded' to `K.clip`; `tf.clip_by_value` raises on it"
)

_SOFTMAX_CAVEAT = (
    "on input of rank 0 or 1 the TF 2.21 legacy `K.softmax` raises ValueError; `tf.nn.softmax` "
    "computes it (as Keras 2.2.4 did)"
)

_SEED_CAVEAT = (
    "without `seed=`, the legacy function drew the op seed from NumPy's global RNG (so "
    "`np.random.seed` made it reproducible) while the TF op follows only `tf.random.set_seed`; "
    "without `dtype=` the result is float32, where the legacy default was `floatx()`"
)


def _random(rule: str, name: str, op: str, middle: str) -> Row:
    aliases = CATALOGUE.entry(rule, name).keyword_aliases
    template = f"{op}(shape, {middle}, dtype=dtype, seed=seed)"
    return Row(
        rule,
        name,
        (
            Variant(template, when={"dtype": _FLOAT_DTYPES, "seed": N}),
            Variant(template, when={"dtype": _FLOAT_DTYPES}, safety=UNSAFE, caveat=_SEED_CAVEAT),
            Variant(
                f"{op}(shape, {middle}, seed=seed)",
                when={"seed": N},
                safety=UNSAFE,
                caveat=_SEED_CAVEAT,
            ),
            Variant(f"{op}(shape, {middle})", safety=UNSAFE, caveat=_SEED_CAVEAT),
            _fallback(name, f"shape, {middle}, dtype=dtype, seed=seed"),
        ),
        summary=(
            f"Replace `K.{name}(...)` with `{op}(...)` when `dtype` and `seed` are given, else "
            f"with `tf.keras.backend.{name}(...)`."
        ),
        notes=(
            f"`K.{name}` calls `{op}` with the same parameters, but fills in two defaults itself: "
            "`dtype=floatx()` and, when no seed is given, an op seed drawn from "
            "`np.random.randint(10e6)`, so the draws follow `np.random.seed`. With both `dtype` (a "
            f"float dtype literal) and `seed` (an int literal) passed, `{op}` is exact; an "
            "expression could be None at run time. Otherwise the default fix is the legacy implementation "
            f"TF 2.21 still ships, `tf.keras.backend.{name}`, and `{op}` is offered as an unsafe "
            "fix (a different random stream and possibly a different dtype). Keras 1 keyword "
            f"spellings ({', '.join(f'`{k}=`' for k in aliases)}) are renamed."
        ),
        references=(*_REFS, "Keras 1.2.2 `keras/backend/tensorflow_backend.py`"),
    )


_WHAT = {
    "in_train_phase": "TF 2 has no global learning phase; branch on a `training` argument",
    "in_test_phase": "TF 2 has no global learning phase; branch on a `training` argument",
    "learning_phase": "TF 2 has no global learning phase; pass `training=` to calls",
    "set_learning_phase": "TF 2 has no global learning phase; pass `training=` to calls",
    "placeholder": "TF 2 has no placeholders; use `tf.keras.Input` or a `tf.function` argument",
    "function": "use a `tf.keras.Model` (or a `tf.function`) instead",
    "get_session": "TF 2 has no sessions",
    "set_session": "TF 2 has no sessions; configure devices with `tf.config`",
    "gradients": "graph-mode only; use `tf.GradientTape`",
    "get_value": "use `x.numpy()`",
    "set_value": "use `x.assign(value)`",
    "batch_get_value": "use `[v.numpy() for v in ...]`",
    "batch_set_value": "use `v.assign(value)` in a loop",
    "count_params": "use `x.shape.num_elements()` or `np.prod(x.shape)`",
    "eval": "use `x.numpy()`",
}


def _manual(rule: str, name: str, example: str, message: str, notes: str) -> Row:
    return Row(
        rule,
        name,
        (),
        summary=f"Report `K.{name}(...)`: {_WHAT[name]}.",
        example=example,
        # the finding says what, in one line; the rule page says how
        manual=_WHAT[name],
        notes=f"{notes} To port it: {message}.",
        references=("docs/legacy-apis.md §2: functions missing from Keras 3 and the tf.keras shim",),
    )


#: KM191 is one rule for a family of rows: functions whose Keras 2 implementation TF 2.21 still
#: ships as ``tf.keras.backend.<name>`` with the Keras 2.2.4 signature (tests/semantic/
#: test_targets.py checks each against the installed TensorFlow).
FALLBACK_RULE = "KM191"

#: The functions are the catalogue's KM191 entries (catalogue/backend.py), with their
#: Keras 2.2.4 signatures. Not there, and so still reported by KM901: ``random_bernoulli``
#: (Keras 2 had ``random_binomial``), the four that TF 2.21 takes from Keras 3 itself rather
#: than from the legacy code (``backend``, ``clear_session``, ``get_uid``,
#: ``is_keras_tensor``) and functions Keras 2 never had.
_FALLBACK_ENTRIES = CATALOGUE.of_rule(FALLBACK_RULE)

#: legacy parameters a fallback never passes on (the variant applies only when they are absent)
_NOT_PASSED = {"name_scope": ("default_name", "values")}


def _fallback_args(entry: Entry) -> str:
    """Every legacy parameter passed on: required ones positionally, the rest by keyword (the
    engine drops a keyword whose argument the call did not pass)."""
    skip = _NOT_PASSED.get(entry.name, ())
    params = [p for p in entry.params if p.name not in skip]
    return ", ".join(p.name if p.required else f"{p.name}={p.name}" for p in params)


_FALLBACK_NOTES = (
    "TF 2.21 still ships these Keras 2 backend functions as `tf.keras.backend.<name>` (the "
    "Keras 3 legacy shim, `keras/src/legacy/backend.py`), with the Keras 2.2.4 signature: "
    "{names}. Where they fail today (reached through Keras 3's small `keras.backend`, "
    "`keras.backend.common`, a backend implementation module or `tensorflow.python.keras`), the "
    "call is rewritten to `tf.keras.backend.<name>(...)` with every argument passed on, the "
    "same exact fallback other rules use. `K.name_scope` is rewritten only with its name alone: "
    "TF 1's `default_name`/`values` arguments no longer exist. Functions whose current "
    "signature differs from Keras 2 are not rewritten (KM901 reports them)."
)


_FALLBACK_MANUAL = {
    "name_scope": "TF 2's `tf.keras.backend.name_scope` takes only the name; drop `default_name`/`values`"
}
_FALLBACK_EXAMPLE = "y = K.sin(x) + K.cos(x)\nn = K.arange(10, dtype='int64')\n"


def _fallback_row(entry: Entry) -> Row:
    name = entry.name
    return Row(
        FALLBACK_RULE,
        name,
        (_fallback(name, _fallback_args(entry)),),
        slug="tf-keras-backend-fallback",
        summary=(
            "Replace `K.<name>(...)` with `tf.keras.backend.<name>(...)` for functions TF 2 still "
            "ships with their Keras 2 signature (`dtype`, `arange`, `sin`, `conv2d`, ...)."
        ),
        example=_FALLBACK_EXAMPLE if entry is _FALLBACK_ENTRIES[0] else "",
        manual=_FALLBACK_MANUAL.get(name, ""),
        notes=_FALLBACK_NOTES.format(names=", ".join(f"`{e.name}`" for e in _FALLBACK_ENTRIES)),
        references=_REFS,
    )


FALLBACK_ROWS: tuple[Row, ...] = tuple(_fallback_row(entry) for entry in _FALLBACK_ENTRIES)

OPS_ROWS: tuple[Row, ...] = (
    # --- activations ------------------------------------------------------------------------
    Row(
        "KM104",
        "softmax",
        (
            Variant("tf.nn.softmax(x)", safety=UNSAFE, caveat=_SOFTMAX_CAVEAT),
            Variant("tf.nn.softmax(x, axis=axis)", when={"axis": N}, safety=UNSAFE, caveat=_SOFTMAX_CAVEAT),
            _fallback("softmax", "x, axis=axis"),
        ),
        summary=(
            "Replace `K.softmax(x, axis)` with `tf.keras.backend.softmax(x, axis)` (or "
            "`tf.nn.softmax(x, axis=axis)` with --unsafe-fixes)."
        ),
        notes=(
            "`K.softmax` calls `tf.nn.softmax(x, axis=axis)` for an integer axis; both default to "
            "the last axis. But TF 2.21's legacy function, the reference, raises on input of rank "
            "0 or 1, which `tf.nn.softmax` (and Keras 2.2.4) accept; the rank is not visible here, "
            "so `tf.nn.softmax` is an unsafe fix and the default is the exact fallback "
            "`tf.keras.backend.softmax`. A tuple of axes or an axis that is not an int literal "
            "always gets the fallback. (The legacy function also caches the logits on its output "
            "for Keras 3 losses, which Keras 2 never did.)"
        ),
        references=_REFS,
    ),
    _plain("KM105", "tanh", "tf.tanh"),
    Row(
        "KM106",
        "elu",
        (Variant("tf.nn.elu(x)"), _fallback("elu", "x, alpha=alpha")),
        summary="Replace `K.elu(x)` with `tf.nn.elu(x)`; with an `alpha`, with `tf.keras.backend.elu`.",
        notes=(
            "With `alpha=1` the legacy function returns `tf.nn.elu(x)` itself. Any other alpha is "
            "`tf.where(x > 0, elu(x), alpha * elu(x))`, which names `x` three times: a template "
            "cannot repeat an argument expression without evaluating it (and any randomness in it) "
            "again, so that case goes to the exact fallback `tf.keras.backend.elu(x, alpha)`."
        ),
        references=_REFS,
    ),
    _plain("KM107", "softplus", "tf.math.softplus"),
    _plain("KM108", "softsign", "tf.math.softsign"),
    Row(
        "KM109",
        "hard_sigmoid",
        (Variant("tf.clip_by_value(tf.multiply(x, 0.2) + 0.5, 0.0, 1.0)"),),
        summary="Replace `K.hard_sigmoid(x)` with `tf.clip_by_value(tf.multiply(x, 0.2) + 0.5, 0.0, 1.0)`.",
        notes=(
            "There is no TF op for the Keras 2 hard sigmoid, and the Keras 3 `hard_sigmoid` "
            "(`tf.keras.activations.hard_sigmoid`, `keras.ops.hard_sigmoid`) is a different function, "
            "`relu6(x + 3) / 6` with slope 1/6. The rewrite spells out the Keras 2 formula, "
            "`clip(0.2 * x + 0.5, 0, 1)`; `tf.multiply` converts `x` to a tensor first, so the "
            "constants take its dtype and bool or int input raises, as before (`0.2 * x` would "
            "let NumPy promote a NumPy scalar instead). (LSTM/GRU `recurrent_activation='hard_sigmoid'` is a layer argument and is "
            "not touched.)"
        ),
        references=_REFS,
    ),
    # --- reductions -------------------------------------------------------------------------
    _reduction("KM110", "sum", "tf.reduce_sum"),
    _bool_cast_reduction("KM111", "mean", "tf.reduce_mean"),
    _reduction("KM112", "max", "tf.reduce_max"),
    _reduction("KM113", "min", "tf.reduce_min"),
    _reduction("KM114", "prod", "tf.reduce_prod"),
    _bool_cast_reduction("KM115", "std", "tf.math.reduce_std"),
    _bool_cast_reduction("KM116", "var", "tf.math.reduce_variance"),
    _bool_reduction("KM117", "any", "tf.reduce_any"),
    _bool_reduction("KM118", "all", "tf.reduce_all"),
    Row(
        "KM119",
        "logsumexp",
        (Variant("tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims)"),),
        summary="Replace `K.logsumexp(x, axis, keepdims)` with `tf.reduce_logsumexp(x, ...)`.",
        notes=(
            "Keras 2.x implemented it as `tf.reduce_logsumexp(x, axis, keepdims)`. It is not in the "
            "TF 2.21 `tf.keras.backend`, so even `tf.keras.backend.logsumexp` fails today."
        ),
        references=(_K224, _API),
    ),
    Row(
        "KM120",
        "cumsum",
        (Variant("tf.cumsum(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.cumsum(x, axis)` with `tf.cumsum(x, axis=axis)`, writing `axis=0` out.",
        notes=(
            "Same op. The axis is always written (`axis=0` when defaulted): `keras.ops.cumsum` "
            "defaults to flattening, so an explicit axis keeps the meaning if the code moves on."
        ),
        references=_REFS,
    ),
    Row(
        "KM121",
        "cumprod",
        (Variant("tf.math.cumprod(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.cumprod(x, axis)` with `tf.math.cumprod(x, axis=axis)`, writing `axis=0` out.",
        notes="Same op; the axis is always written, as for `K.cumsum`.",
        references=_REFS,
    ),
    # --- element-wise math ------------------------------------------------------------------
    _plain("KM122", "square", "tf.square"),
    Row(
        "KM123",
        "sqrt",
        (Variant("tf.sqrt(tf.maximum(x, 0.0))"),),
        summary="Replace `K.sqrt(x)` with `tf.sqrt(tf.maximum(x, 0.0))` (it clips negatives).",
        notes=(
            "`K.sqrt` clips negative input to 0 before the square root (Keras 2.2.4: "
            "`clip_by_value(x, 0, inf)`; TF 2.21: `tf.maximum(x, 0)`), so it returns 0 where "
            "`tf.sqrt` returns NaN. The rewrite keeps the clip; 0.0 is converted to the dtype of `x`."
        ),
        references=_REFS,
    ),
    _plain("KM124", "exp", "tf.exp"),
    _plain(
        "KM125",
        "log",
        "tf.math.log",
        note="Same op: Keras 2 called `tf.log`, which TF 2 only has as `tf.math.log`.",
    ),
    _plain("KM126", "pow", "tf.pow"),
    Row(
        "KM127",
        "clip",
        (
            Variant("tf.clip_by_value(x, min_value, max_value)", when={"min_value": N, "max_value": N}),
            Variant(
                'tf.clip_by_value(x, float("-inf"), max_value)', when={"min_value": (None,), "max_value": N}
            ),
            Variant(
                'tf.clip_by_value(x, min_value, float("inf"))', when={"min_value": N, "max_value": (None,)}
            ),
            Variant(
                'tf.clip_by_value(x, float("-inf"), float("inf"))',
                when={"min_value": (None,), "max_value": (None,)},
            ),
            *(
                Variant(template, when=when, safety=UNSAFE, caveat=_CLIP_CAVEAT)
                for template, when in (
                    ('tf.clip_by_value(x, float("-inf"), max_value)', {"min_value": (None,)}),
                    ('tf.clip_by_value(x, min_value, float("inf"))', {"max_value": (None,)}),
                    ("tf.clip_by_value(x, min_value, max_value)", {}),
                )
            ),
            _fallback("clip", "x, min_value, max_value"),
        ),
        summary=(
            "Replace `K.clip(x, lo, hi)` with `tf.clip_by_value(x, lo, hi)` when the bounds are "
            "number literals or None."
        ),
        example="y_pred = K.clip(y_pred, 0.0, 1.0)\n",
        notes=(
            "`K.clip` turns a None bound into -inf/+inf and, for number bounds with `max < min`, "
            "uses `max = min`. `tf.clip_by_value` computes `max(min(x, hi), lo)`, which already "
            "gives `lo` everywhere when `hi < lo` (checked against TensorFlow, gradient included), "
            "so number literals are rewritten as they are and a literal None becomes "
            '`float("-inf")`/`float("inf")`. A bound that is an expression could be None at run '
            "time, which `tf.clip_by_value` rejects: that is an unsafe fix, and the default is the "
            "exact fallback `tf.keras.backend.clip`. (Keras 2.2.4 also cast the bounds to the dtype "
            "of `x`; TF 2.21's legacy function, the reference here, does not.)"
        ),
        references=_REFS,
    ),
    _plain("KM128", "round", "tf.round", note="Same op (`tf.round` rounds half to even, as before)."),
    _plain("KM129", "sign", "tf.sign"),
    _plain("KM130", "maximum", "tf.maximum"),
    _plain("KM131", "minimum", "tf.minimum"),
    _cmp("KM132", "equal", "tf.equal"),
    _cmp("KM133", "not_equal", "tf.not_equal"),
    _cmp("KM134", "greater", "tf.greater"),
    _cmp("KM135", "greater_equal", "tf.greater_equal"),
    _cmp("KM136", "less", "tf.less", ("lesser",)),
    _cmp("KM137", "less_equal", "tf.less_equal", ("lesser_equal",)),
    Row(
        "KM138",
        "argmax",
        (Variant("tf.argmax(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.argmax(x)` with `tf.argmax(x, axis=-1)` (the axis is always written).",
        notes=(
            "Same op, but `tf.argmax` defaults to `axis=0` where `K.argmax` defaults to the last "
            "axis, so `axis=-1` is written out when it was left to the default."
        ),
        references=_REFS,
    ),
    Row(
        "KM139",
        "argmin",
        (Variant("tf.argmin(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.argmin(x)` with `tf.argmin(x, axis=-1)` (the axis is always written).",
        notes="As for `K.argmax`: `tf.argmin` defaults to `axis=0`, so `axis=-1` is written out.",
        references=_REFS,
    ),
    # --- products -----------------------------------------------------------------------------
    Row(
        "KM140",
        "dot",
        (
            Variant(
                "tf.tensordot(x, y, axes=[[-1], [-2]])",
                safety=UNSAFE,
                caveat=(
                    "a 1-D operand made `K.dot` raise (it called `tf.matmul`), while `tf.tensordot` "
                    "computes the vector product; a `tf.SparseTensor` `x` now raises"
                ),
            ),
            _fallback("dot", "x, y"),
        ),
        summary=(
            "Replace `K.dot(x, y)` with `tf.keras.backend.dot(x, y)` (or "
            "`tf.tensordot(x, y, axes=[[-1], [-2]])` with --unsafe-fixes)."
        ),
        notes=(
            "`K.dot` is `np.dot`: it contracts the last axis of `x` with the second-to-last of `y` "
            "and keeps every other axis. That is `tf.matmul` only when both inputs are 2-D; for "
            "higher ranks `tf.matmul` batches instead, and the rank is not visible here. "
            "`tf.tensordot` with those axes reshapes and multiplies exactly as the legacy function "
            "does (checked bit for bit on float32/float64/int32, 2-D to 4-D, static and dynamic "
            "shapes). But it also accepts a 1-D operand, where the legacy function raised, and "
            "rejects a sparse `x` (`tf.sparse.sparse_dense_matmul` in the legacy function); the "
            "ranks are not visible here, so it is an unsafe fix and the default is the exact "
            "fallback `tf.keras.backend.dot`. `tf.matmul` is never offered: it batches."
        ),
        references=(*_REFS, "docs/legacy-apis.md §4.5 (products)"),
    ),
    Row(
        "KM141",
        "batch_dot",
        (),
        summary="Report `K.batch_dot(...)`: its result changed between Keras versions; write the contraction.",
        example="scores = K.batch_dot(query, keys, axes=[2, 2])\n",
        manual="its result shape changed across Keras versions; write the contraction with `tf.einsum`",
        notes=(
            "No TF op is `K.batch_dot`, and the function itself changed meaning: Keras 2.2.4's "
            "rewrite changed results for rank > 3 (keras-team/keras#11738), Keras 2.2.5 then "
            "disagreed with `tf.keras` 1.14 (keras-team/keras#13300), and TF 2.0 had its own bug "
            "fixed in 2.2 (tensorflow/tensorflow#33709). Which behaviour the code was written for "
            "is not visible, so even `tf.keras.backend.batch_dot` is not a safe fix. Write the "
            "contraction you mean with `tf.einsum` (for rank-3 inputs "
            "`tf.einsum('bij,bkj->bik', x, y)` for axes=[2, 2], or "
            "`tf.linalg.matmul(x, y, transpose_b=True)`), or keep `tf.keras.backend.batch_dot` "
            "after checking its result shape."
        ),
        references=(
            _API,
            "keras-team/keras#11738, keras-team/keras#13300",
            "tensorflow/tensorflow#33709",
        ),
    ),
    # --- shape and layout -----------------------------------------------------------------------
    Row(
        "KM142",
        "concatenate",
        (
            Variant("tf.concat(tensors, axis=axis)", when={"axis": D}, emit_defaults=("axis",)),
            Variant(
                "tf.concat(tensors, axis=axis)",
                when={"axis": (-1, *_NON_NEGATIVE)},
                emit_defaults=("axis",),
            ),
            Variant(
                "tf.concat(tensors, axis=axis)",
                emit_defaults=("axis",),
                safety=UNSAFE,
                caveat=(
                    "`K.concatenate` wrapped a negative axis modulo the rank of the first tensor "
                    "(`axis=-2` on vectors meant 0); `tf.concat` raises when it is out of range"
                ),
            ),
            _fallback("concatenate", "tensors, axis=axis"),
        ),
        summary="Replace `K.concatenate(tensors)` with `tf.concat(tensors, axis=-1)` (the axis is always written).",
        notes=(
            "`tf.concat` has no default axis and `keras.ops.concatenate` defaults to 0, so the "
            "legacy default `axis=-1` is written out. The legacy function reduces a negative axis "
            "modulo the rank of the first tensor, so for `-1` and non-negative literals it is "
            "`tf.concat`; a more negative or non-literal axis could wrap around, so it is an unsafe "
            "fix with the exact fallback `tf.keras.backend.concatenate` as the default. (For a "
            "tensor of unknown rank, inside a `tf.function`, the legacy function used axis 0 "
            "instead of -1.) It also "
            "concatenated lists of `tf.SparseTensor` with `tf.sparse.concat`; `tf.concat` rejects "
            "sparse tensors with an error rather than a wrong result."
        ),
        references=(*_REFS, "docs/legacy-apis.md §4.1 (default axes)"),
    ),
    Row(
        "KM143",
        "stack",
        (Variant("tf.stack(x, axis=axis)"),),
        summary="Replace `K.stack(x, axis)` with `tf.stack(x, axis=axis)`.",
        notes="Same op, same default (`axis=0`).",
        references=_REFS,
    ),
    _plain("KM144", "reshape", "tf.reshape"),
    _plain("KM145", "cast", "tf.cast"),
    Row(
        "KM146",
        "expand_dims",
        (Variant("tf.expand_dims(x, axis=axis)", emit_defaults=("axis",)),),
        summary="Replace `K.expand_dims(x)` with `tf.expand_dims(x, axis=-1)` (Keras 1 `dim=` becomes `axis=`).",
        notes=(
            "Same op, but `tf.expand_dims` requires the axis, so the legacy default `-1` is written "
            "out. Keras 1 called the parameter `dim`; it is renamed."
        ),
        references=(*_REFS, "Keras 1.2.2 `keras/backend/tensorflow_backend.py`"),
    ),
    Row(
        "KM147",
        "squeeze",
        (Variant("tf.squeeze(x, axis=axis)"),),
        summary="Replace `K.squeeze(x, axis)` with `tf.squeeze(x, axis=axis)`.",
        notes=(
            "The legacy function calls `tf.squeeze(x, [axis])`; for the integer axis it requires, "
            "`axis=axis` is the same call."
        ),
        references=_REFS,
    ),
    _plain("KM148", "transpose", "tf.transpose"),
    Row(
        "KM149",
        "permute_dimensions",
        (Variant("tf.transpose(x, perm=pattern)"),),
        summary="Replace `K.permute_dimensions(x, pattern)` with `tf.transpose(x, perm=pattern)`.",
        notes="Same op: the legacy function calls `tf.transpose(x, perm=pattern)`.",
        references=_REFS,
    ),
    Row(
        "KM150",
        "gather",
        (Variant("tf.gather(reference, indices)"),),
        summary="Replace `K.gather(reference, indices)` with `tf.gather(reference, indices)`.",
        notes=(
            "Same op: the legacy function calls `tf.compat.v1.gather(reference, indices)` (Keras "
            "2.2.4: `tf.nn.embedding_lookup`), which gathers along axis 0 like `tf.gather`."
        ),
        references=_REFS,
    ),
    Row(
        "KM151",
        "tile",
        (
            Variant("tf.tile(x, [n])", when={"n": N}),
            Variant("tf.tile(x, n)", when={"n": L}),
            Variant(
                "tf.tile(x, n)",
                safety=UNSAFE,
                caveat="`K.tile` wrapped a Python int `n` in a list; `tf.tile` raises on an int",
            ),
            _fallback("tile", "x, n"),
        ),
        summary="Replace `K.tile(x, n)` with `tf.tile(x, n)` (an int `n` is wrapped in a list).",
        notes=(
            "The legacy function turns an int `n` into `[n]` and calls `tf.tile`. A number literal "
            "is wrapped, a list or tuple literal is passed as it is. For any other expression "
            "whether it is an int is not visible; `tf.tile(x, n)` is then an unsafe fix and the "
            "default is the exact fallback `tf.keras.backend.tile`."
        ),
        references=_REFS,
    ),
    Row(
        "KM152",
        "repeat_elements",
        (
            Variant(
                "tf.repeat(x, rep, axis=axis)",
                safety=UNSAFE,
                caveat=(
                    "for a negative axis whose size is unknown when traced the legacy function "
                    "interleaved the wrong elements, and for a scalar `x` it raised; `tf.repeat` "
                    "gives the `np.repeat` result"
                ),
            ),
            _fallback("repeat_elements", "x, rep, axis"),
        ),
        summary=(
            "Replace `K.repeat_elements(x, rep, axis)` with `tf.keras.backend.repeat_elements` (or "
            "`tf.repeat(x, rep, axis=axis)` with --unsafe-fixes)."
        ),
        notes=(
            "`tf.repeat` is `np.repeat`, which the legacy function implements by splitting and "
            "concatenating (static size) or tiling (unknown size). The tiling path computes its "
            "helper axis as `axis + 1`, which is wrong for a negative axis: inside a `tf.function` "
            "with an unknown size along `axis=-1` it returns differently ordered values (checked). "
            "It also raises on a scalar `x`, which `tf.repeat` accepts. Neither the rank nor the "
            "static shape is visible here, so `tf.repeat` is an unsafe fix and the default is the "
            "exact fallback `tf.keras.backend.repeat_elements`."
        ),
        references=_REFS,
    ),
    Row(
        "KM153",
        "flatten",
        (Variant("tf.reshape(x, [-1])"),),
        summary="Replace `K.flatten(x)` with `tf.reshape(x, [-1])`.",
        notes="Same op: the legacy function is `tf.reshape(x, [-1])`.",
        references=_REFS,
    ),
    Row(
        "KM154",
        "batch_flatten",
        (
            Variant(
                "tf.reshape(x, [-1, tf.reduce_prod(tf.shape(x)[1:])])",
                safety=UNSAFE,
                caveat="`x` is written twice, so an argument with side effects or randomness runs twice",
            ),
            _fallback("batch_flatten", "x"),
        ),
        summary=(
            "Replace `K.batch_flatten(x)` with `tf.keras.backend.batch_flatten(x)` (or the "
            "`tf.reshape` spelling with --unsafe-fixes)."
        ),
        notes=(
            "The legacy function is `tf.reshape(x, [-1, prod(tf.shape(x)[1:])])`, which needs `x` "
            "twice. A template cannot repeat the caller's argument expression without evaluating "
            "it twice (a `K.dropout(...)` argument would draw two different masks), so the default "
            "fix is the exact fallback `tf.keras.backend.batch_flatten`, and the spelled-out "
            "reshape is an unsafe fix."
        ),
        references=_REFS,
    ),
    Row(
        "KM155",
        "one_hot",
        (Variant("tf.one_hot(indices, depth=num_classes)"),),
        summary="Replace `K.one_hot(indices, num_classes)` with `tf.one_hot(indices, depth=num_classes)`.",
        notes=(
            "Same op: the legacy function calls `tf.one_hot(indices, depth=num_classes, axis=-1)`, "
            "and -1 is `tf.one_hot`'s default axis. Keras 1 called the parameter `nb_classes`."
        ),
        references=(*_REFS, "Keras 1.2.2 `keras/backend/tensorflow_backend.py`"),
    ),
    # --- constructors -----------------------------------------------------------------------------
    _ones_zeros("KM156", "zeros", "tf.zeros", "shape"),
    _ones_zeros("KM157", "ones", "tf.ones", "shape"),
    Row(
        "KM158",
        "zeros_like",
        (Variant("tf.zeros_like(x, dtype=dtype, name=name)"),),
        summary="Replace `K.zeros_like(x, ...)` with `tf.zeros_like(x, ...)`.",
        notes="Same op with the same defaults (the dtype of `x`).",
        references=_REFS,
    ),
    Row(
        "KM159",
        "ones_like",
        (Variant("tf.ones_like(x, dtype=dtype, name=name)"),),
        summary="Replace `K.ones_like(x, ...)` with `tf.ones_like(x, ...)`.",
        notes="Same op with the same defaults (the dtype of `x`).",
        references=_REFS,
    ),
    _ones_zeros("KM160", "eye", "tf.eye", "size"),
    Row(
        "KM161",
        "constant",
        (
            Variant("tf.constant(value, dtype=dtype, shape=shape, name=name)", when={"dtype": _DTYPES}),
            *_subsets(f"tf.constant(value, dtype={_FLOATX}{{kw}})", (("shape", "shape"), ("name", "name"))),
            _fallback("constant", "value, dtype=dtype, shape=shape, name=name"),
        ),
        summary="Replace `K.constant(value)` with `tf.constant(value, dtype=tf.keras.backend.floatx())`.",
        notes=(
            "`K.constant` defaults the dtype to `floatx()`, where `tf.constant` infers it (int32 "
            "for `K.constant(1)`). The default is written out as `dtype=tf.keras.backend.floatx()`; "
            "a dtype string literal is passed as it is. A dtype given as an expression may be None "
            "at run time (meaning floatx), so it gets the exact fallback `tf.keras.backend.constant`."
        ),
        references=(*_REFS, "docs/legacy-apis.md §4.3 (dtypes)"),
    ),
    Row(
        "KM162",
        "variable",
        (
            Variant(
                "tf.Variable(value, dtype=dtype, name=name, constraint=constraint)", when={"dtype": _DTYPES}
            ),
            *_subsets(
                f"tf.Variable(value, dtype={_FLOATX}{{kw}})",
                (("name", "name"), ("constraint", "constraint")),
            ),
            _fallback("variable", "value, dtype=dtype, name=name, constraint=constraint"),
        ),
        summary="Replace `K.variable(value)` with `tf.Variable(value, dtype=tf.keras.backend.floatx())`.",
        notes=(
            "`K.variable` is `tf.Variable(value, dtype=dtype or floatx(), name=name, "
            "constraint=constraint)`; `tf.Variable` alone infers the dtype, so the `floatx()` "
            "default is written out; a dtype given as an expression (None at run time means floatx) "
            "gets the exact fallback `tf.keras.backend.variable`. A SciPy sparse matrix became a `tf.SparseTensor` in the legacy "
            "function; `tf.Variable` rejects it with an error."
        ),
        references=(*_REFS, "docs/legacy-apis.md §4.3 (dtypes)"),
    ),
    Row(
        "KM163",
        "l2_normalize",
        (Variant("tf.math.l2_normalize(x, axis=axis)"),),
        summary="Replace `K.l2_normalize(x, axis)` with `tf.math.l2_normalize(x, axis=axis)`.",
        notes=(
            "Same op (`tf.linalg.l2_normalize` in the legacy function is the same function), same "
            "default `axis=None`."
        ),
        references=_REFS,
    ),
    Row(
        "KM164",
        "switch",
        (),
        summary="Report `K.switch(...)`: write `tf.where` or `tf.cond` for what the condition is.",
        example="y = K.switch(K.greater(x, 0.0), x, 0.1 * x)\n",
        manual="use `tf.where` for a tensor condition or `tf.cond` for a scalar one",
        notes=(
            "Which branch the legacy function takes depends on the rank of the condition, which is "
            "not visible here. A lower-rank condition is padded on the *right* and tiled, while "
            "`tf.where` broadcasts from the left; and a rank-1 condition with matrix branches "
            "selected rows under Keras 2.2.4 (TF 1 `tf.where`) but is broadcast against the last "
            "axis by TF 2.21's own legacy function, so not even `tf.keras.backend.switch` is a "
            "safe rewrite. `keras.ops.switch` is an unrelated function. `K.switch` is `tf.cond` for a "
            "scalar condition (it also calls callables) and `tf.where` for a tensor condition; use "
            "`tf.where(condition, then, else)` when the condition has the shape of the branches, "
            "`tf.cond(condition, lambda: then, lambda: else)` when it is a scalar, and expand a "
            "lower-rank condition's trailing axes yourself (`condition[..., tf.newaxis]`)."
        ),
        references=(*_REFS, "docs/legacy-apis.md §4.6 (same name, other function)"),
    ),
    Row(
        "KM165",
        "stop_gradient",
        (
            Variant(
                "tf.stop_gradient(variables)",
                safety=UNSAFE,
                caveat=(
                    "for a list or tuple `K.stop_gradient` returned a `map` over its elements; "
                    "`tf.stop_gradient` packs it into one tensor"
                ),
            ),
            _fallback("stop_gradient", "variables"),
        ),
        summary=(
            "Replace `K.stop_gradient(x)` with `tf.keras.backend.stop_gradient(x)` (or "
            "`tf.stop_gradient(x)` with --unsafe-fixes)."
        ),
        notes=(
            "For a tensor the legacy function is `tf.stop_gradient`. For a list or tuple it returns "
            "`map(tf.stop_gradient, variables)`, a lazy iterator of tensors, where `tf.stop_gradient` "
            "stacks the list into one tensor. Whether the argument is a sequence is not visible "
            "when it is a name, so `tf.stop_gradient` is an unsafe fix and the default is the exact "
            "fallback `tf.keras.backend.stop_gradient`."
        ),
        references=_REFS,
    ),
    # --- random -----------------------------------------------------------------------------------
    _random("KM166", "random_normal", "tf.random.normal", "mean=mean, stddev=stddev"),
    _random("KM167", "random_uniform", "tf.random.uniform", "minval=minval, maxval=maxval"),
    Row(
        "KM168",
        "dropout",
        (
            Variant("tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)", when={"seed": N}),
            Variant(
                "tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)",
                safety=UNSAFE,
                caveat=(
                    "without `seed=`, the legacy function drew the op seed from NumPy's global RNG "
                    "(so `np.random.seed` made it reproducible); `tf.nn.dropout` follows only "
                    "`tf.random.set_seed`"
                ),
            ),
            _fallback("dropout", "x, level, noise_shape=noise_shape, seed=seed"),
        ),
        summary=(
            "Replace `K.dropout(x, level, seed=s)` with `tf.nn.dropout(x, rate=level, seed=s)`; "
            "without a seed, with `tf.keras.backend.dropout`."
        ),
        notes=(
            "`K.dropout(x, level)` is `tf.nn.dropout(x, rate=level, ...)` (`level` is the fraction "
            "dropped, the survivors are scaled by `1 / (1 - level)`), but without a seed it seeds "
            "the op from `np.random.randint(10e6)`. With an int literal `seed=` the rewrite is exact; "
            "otherwise the default fix is the exact fallback `tf.keras.backend.dropout` and "
            "`tf.nn.dropout` is an unsafe fix (a different random stream)."
        ),
        references=_REFS,
    ),
    # --- layers helpers and losses ----------------------------------------------------------------
    Row(
        "KM169",
        "bias_add",
        (
            Variant(
                "tf.nn.bias_add(x, bias, data_format=data_format)",
                when={"data_format": ("channels_last", "channels_first")},
                remap={"data_format": frozendict({"channels_last": "NHWC", "channels_first": "NCHW"})},
                safety=UNSAFE,
                caveat="a bias of rank > 1 (which `K.bias_add` broadcast) makes `tf.nn.bias_add` raise",
            ),
            Variant(
                "tf.nn.bias_add(x, bias)",
                safety=UNSAFE,
                caveat=(
                    "`K.bias_add` without `data_format` followed the global `image_data_format()` "
                    "(channels_last unless configured); a bias of rank > 1 makes `tf.nn.bias_add` raise"
                ),
            ),
            _fallback("bias_add", "x, bias, data_format=data_format"),
        ),
        summary=(
            "Replace `K.bias_add(x, b)` with `tf.keras.backend.bias_add(x, b)` (or `tf.nn.bias_add` "
            "with --unsafe-fixes)."
        ),
        notes=(
            "For a 1-D bias the legacy function is `tf.nn.bias_add` with `NHWC`/`NCHW` for "
            "channels_last/channels_first (checked on 2-D to 4-D input), the format defaulting to "
            "the global `image_data_format()`. A bias of rank `ndim(x) - 1` is reshaped and added "
            "instead, which `tf.nn.bias_add` rejects. Neither the bias rank nor the global format "
            "is visible here, so the `tf.nn.bias_add` spellings are unsafe fixes and the default is "
            "the exact fallback `tf.keras.backend.bias_add`."
        ),
        references=_REFS,
    ),
    Row(
        "KM170",
        "binary_crossentropy",
        (
            Variant(
                "tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)",
                when={"from_logits": (True,)},
            ),
            _fallback("binary_crossentropy", "target, output, from_logits=from_logits"),
        ),
        summary=(
            "Replace `K.binary_crossentropy(t, o, from_logits=True)` with "
            "`tf.nn.sigmoid_cross_entropy_with_logits(labels=t, logits=o)`; otherwise with "
            "`tf.keras.backend.binary_crossentropy`."
        ),
        notes=(
            "`K.binary_crossentropy` is element-wise; `tf.keras.losses.binary_crossentropy` "
            "averages over the last axis, so it is not a replacement. With `from_logits=True` the "
            "legacy function is exactly `tf.nn.sigmoid_cross_entropy_with_logits`, written with "
            "`labels=`/`logits=` keywords so the order is explicit. On probabilities it clips and "
            "takes logs in a way no single TF op reproduces, so the fix is the legacy implementation "
            "TF 2.21 still ships. Keras 1.x - 2.0.6 took `(output, target)`, Keras >= 2.0.7 "
            "`(target, output)`. A call passing both positionally is read by the names its "
            "arguments show (tables/argument_order.py): `K.binary_crossentropy(y_pred, y_true)` is "
            "the Keras 1 order and is rewritten with a keyword for each argument "
            "(`output=y_pred, target=y_true`) and reported; `(y_true, y_pred)` is rewritten as it "
            "is; where the names do not tell (`(a, b)`) the call is reported and left alone. "
            "Keyword calls mean the same in every version."
        ),
        references=(*_REFS, "docs/legacy-apis.md §5 (argument order of the cross-entropies)"),
    ),
    Row(
        "KM171",
        "categorical_crossentropy",
        (
            Variant(
                "tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)",
                when={"from_logits": (True,)},
            ),
            _fallback("categorical_crossentropy", "target, output, from_logits=from_logits, axis=axis"),
        ),
        summary=(
            "Replace `K.categorical_crossentropy(t, o, from_logits=True)` with "
            "`tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=o)`; otherwise with "
            "`tf.keras.backend.categorical_crossentropy`."
        ),
        notes=(
            "With `from_logits=True` the legacy function is exactly "
            "`tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)`. On "
            "probabilities it renormalises, clips and sums logs; `tf.keras.losses."
            "categorical_crossentropy` does the same except that under Keras 3 it switches to the "
            "cached logits of a softmax output, so it is not exact; the fix is the legacy "
            "implementation TF 2.21 still ships. The argument order flipped in Keras 2.0.7; positional "
            "calls are read by their argument names, as for `K.binary_crossentropy`."
        ),
        references=(*_REFS, "docs/legacy-apis.md §5 (argument order of the cross-entropies)"),
    ),
    Row(
        "KM172",
        "sparse_categorical_crossentropy",
        (_fallback("sparse_categorical_crossentropy", "target, output, from_logits=from_logits, axis=axis"),),
        summary=(
            "Replace `K.sparse_categorical_crossentropy(...)` with "
            "`tf.keras.backend.sparse_categorical_crossentropy(...)`."
        ),
        notes=(
            "The legacy function casts the labels to int64, moves `axis` last and flattens labels of "
            "shape `(batch, 1)`; `tf.nn.sparse_softmax_cross_entropy_with_logits` does none of that "
            "(float labels, the usual `y_true`, raise), so the fix is the legacy implementation TF "
            "2.21 still ships. The argument order flipped in Keras 2.0.7; positional calls are read "
            "by their argument names, as for `K.binary_crossentropy`."
        ),
        references=(*_REFS, "docs/legacy-apis.md §5 (argument order of the cross-entropies)"),
    ),
    # --- shapes -----------------------------------------------------------------------------------
    _plain(
        "KM173", "shape", "tf.shape", note="Same op: the legacy function is `tf.shape(x)`, the dynamic shape."
    ),
    Row(
        "KM174",
        "int_shape",
        (
            Variant(
                "tuple(x.shape)",
                safety=UNSAFE,
                caveat="for a tensor of unknown rank `K.int_shape` returned None; `tuple(x.shape)` raises",
            ),
            _fallback("int_shape", "x"),
        ),
        summary=(
            "Replace `K.int_shape(x)` with `tf.keras.backend.int_shape(x)` (or `tuple(x.shape)` with "
            "--unsafe-fixes)."
        ),
        notes=(
            "The legacy function is `tuple(x.shape)` (None for unknown dimensions) for tensors, "
            "variables, NumPy arrays and Keras tensors, except that a shape of unknown rank "
            "(possible inside a `tf.function`) gives None instead of an error. That is not visible "
            "here, so `tuple(x.shape)` is an unsafe fix and the default is the exact fallback."
        ),
        references=_REFS,
    ),
    Row(
        "KM175",
        "ndim",
        (Variant("x.shape.rank"),),
        summary="Replace `K.ndim(x)` with `x.shape.rank`.",
        notes=(
            "The legacy function is `x.shape.rank` (a Python int, or None for unknown rank). "
            "`tf.rank(x)` is a tensor, so it is not used."
        ),
        references=_REFS,
    ),
    # --- graph, session and learning-phase functions: reported only ------------------------------
    _manual(
        "KM176",
        "in_train_phase",
        "y = K.in_train_phase(K.dropout(x, 0.5), x)\n",
        (
            "there is no global learning phase in TF 2; take a `training` argument in the layer's "
            "`call(self, inputs, training=None)` and write `x if training else alt` (Python bool) or "
            "`tf.cond(training, lambda: x, lambda: alt)` (tensor)"
        ),
        "Gone from Keras 3 and from TF 2.21's `tf.keras.backend`. It read the global learning "
        "phase, which TF 2 replaced by the `training` argument of layer and model calls; where "
        "that argument comes from is a design choice in the caller.",
    ),
    _manual(
        "KM177",
        "in_test_phase",
        "y = K.in_test_phase(x, K.dropout(x, 0.5))\n",
        (
            "there is no global learning phase in TF 2; take a `training` argument in the layer's "
            "`call` and write `alt if training else x` (Python bool) or "
            "`tf.cond(training, lambda: alt, lambda: x)` (tensor)"
        ),
        "Gone from Keras 3 and from TF 2.21's `tf.keras.backend`; see KM176.",
    ),
    _manual(
        "KM178",
        "learning_phase",
        "phase = K.learning_phase()\n",
        (
            "there is no global learning phase in TF 2; pass `training=True/False` to the model or "
            "layer call (`model(x, training=False)`) and read it in `call(self, inputs, training=None)`"
        ),
        "Gone from Keras 3 and from TF 2.21's `tf.keras.backend`. Feeding `K.learning_phase()` "
        "to a `K.function` was the Keras 2 way to choose train/test behaviour; TF 2 passes "
        "`training` to each call.",
    ),
    _manual(
        "KM179",
        "set_learning_phase",
        "K.set_learning_phase(0)\n",
        (
            "remove it; pass `training=False` (inference) or `training=True` to the model or layer "
            "calls instead (`model.predict` already runs in inference mode)"
        ),
        "Gone from Keras 3 and from TF 2.21's `tf.keras.backend`; the global phase it set does "
        "not exist any more.",
    ),
    _manual(
        "KM180",
        "placeholder",
        "x = K.placeholder(shape=(None, 32))\n",
        (
            "use `tf.keras.Input(batch_shape=shape, dtype=...)` to start a functional model (note "
            "the legacy dtype default was `floatx()`), or an argument of a `tf.function` with an "
            "`input_signature` of `tf.TensorSpec(shape, dtype)`"
        ),
        "Placeholders belong to TF 1 graphs; they are gone from Keras 3 and from TF 2.21's "
        "`tf.keras.backend`. What replaces one depends on whether it fed a model or a "
        "`K.function`.",
    ),
    _manual(
        "KM181",
        "function",
        "get_features = K.function([model.input], [model.layers[-2].output])\n",
        (
            "build a model instead: `tf.keras.Model(inputs, outputs)` and call it (or `.predict`); "
            "for code with `updates`, write a `tf.function` that applies them"
        ),
        "`K.function` compiled a TF 1 graph into a callable; it is gone from Keras 3 and from TF "
        "2.21's `tf.keras.backend`. The usual use, reading intermediate outputs, is a sub-model.",
    ),
    _manual(
        "KM182",
        "get_session",
        "sess = K.get_session()\n",
        (
            "TF 2 has no sessions: delete it and run eagerly, or keep TF 1 code under "
            "`tf.compat.v1.keras.backend.get_session()` with `TF_USE_LEGACY_KERAS=1` and tf-keras"
        ),
        "Never part of the TF 2 `tf.keras.backend` (v1 only); under Keras 3 `tf.compat.v1.keras` "
        "raises AttributeError.",
    ),
    _manual(
        "KM183",
        "set_session",
        "K.set_session(session)\n",
        (
            "TF 2 has no sessions: for the usual GPU-memory config use "
            "`tf.config.experimental.set_memory_growth(gpu, True)` for each "
            "`tf.config.list_physical_devices('GPU')`, otherwise delete it"
        ),
        "Never part of the TF 2 `tf.keras.backend` (v1 only). Its common use was the "
        "`ConfigProto(gpu_options=...)` idiom, which TF 2 replaces with `tf.config`.",
    ),
    _manual(
        "KM184",
        "gradients",
        "grads = K.gradients(loss, model.trainable_weights)\n",
        (
            "compute gradients with `tf.GradientTape`: run the forward pass inside `with "
            "tf.GradientTape() as tape:` and call `tape.gradient(loss, variables)`"
        ),
        "`K.gradients` is `tf.compat.v1.gradients`, which only works in graph mode; eagerly it "
        "raises. The tape must record the computation, so the code around the call changes.",
    ),
    _manual(
        "KM185",
        "get_value",
        "lr = K.get_value(model.optimizer.lr)\n",
        (
            "use `x.numpy()` for a variable or eager tensor (`model.optimizer.learning_rate.numpy()` "
            "for the learning rate); `tf.keras.backend.get_value(x)` also still exists"
        ),
        "Gone from Keras 3's `keras.backend`. `x.numpy()` is the TF 2 spelling for variables and "
        "eager tensors, but the legacy function also returned non-tensors unchanged, which is not "
        "visible here; and `optimizer.lr` itself no longer exists in Keras 3.",
    ),
    _manual(
        "KM186",
        "set_value",
        "K.set_value(model.optimizer.lr, 0.001)\n",
        (
            "use `x.assign(value)` (`model.optimizer.learning_rate.assign(0.001)` for the learning "
            "rate); `tf.keras.backend.set_value(x, value)` also still exists"
        ),
        "Gone from Keras 3's `keras.backend`. The legacy function converted `value` to the "
        "variable's dtype with NumPy before assigning; and `optimizer.lr` no longer exists in "
        "Keras 3.",
    ),
    _manual(
        "KM187",
        "batch_get_value",
        "values = K.batch_get_value(layer.weights)\n",
        "use `[v.numpy() for v in ops]`; `tf.keras.backend.batch_get_value` also still exists",
        "Gone from Keras 3's `keras.backend`; a list comprehension is the TF 2 spelling.",
    ),
    _manual(
        "KM188",
        "batch_set_value",
        "K.batch_set_value(list(zip(layer.weights, saved)))\n",
        "use `for v, value in tuples: v.assign(value)`; `tf.keras.backend.batch_set_value` also still exists",
        "Gone from Keras 3's `keras.backend`; it is a statement, not an expression, in TF 2.",
    ),
    _manual(
        "KM189",
        "count_params",
        "n = K.count_params(layer.kernel)\n",
        (
            "use `int(np.prod(x.shape))`, or `x.shape.num_elements()` for a `tf.Variable`/`tf.Tensor`; "
            "`tf.keras.backend.count_params(x)` also still exists"
        ),
        "Gone from Keras 3's `keras.backend`. The replacement needs NumPy or a method of the "
        "shape object, depending on what `x` is.",
    ),
    _manual(
        "KM190",
        "eval",
        "print(K.eval(loss))\n",
        "use `x.numpy()` (eager tensors and variables); `tf.keras.backend.eval(x)` also still exists",
        "Gone from Keras 3's `keras.backend`. The legacy function also densified sparse tensors "
        "and passed non-tensors through, which is not visible here.",
    ),
    *FALLBACK_ROWS,
)

__all__ = ["FALLBACK_ROWS", "FALLBACK_RULE", "OPS_ROWS", "Cond", "FixSafety", "Row", "Variant", "D"]
