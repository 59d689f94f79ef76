"""Inputs, execution and comparison for the row tests (TensorFlow is passed in, never imported here
at module level, so collection works without it)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kerasmigrate.tables import Row

from .cases import TENSOR, Form, domain


@dataclass(frozen=True)
class State:
    """The backend configuration a call runs under (and may change)."""

    data_format: str = "channels_last"
    floatx: str = "float32"
    epsilon: float = 1e-7

    def __str__(self) -> str:
        return f"[{self.data_format}, floatx={self.floatx}, epsilon={self.epsilon:g}]"


DEFAULT_STATE = State()
OTHER_STATE = State("channels_first", "float64", 1e-3)


def apply_state(tf, state: State) -> None:
    kb = tf.keras.backend
    kb.set_image_data_format(state.data_format)
    kb.set_floatx(state.floatx)
    kb.set_epsilon(state.epsilon)


def read_state(tf) -> State:
    kb = tf.keras.backend
    return State(kb.image_data_format(), kb.floatx(), kb.epsilon())


@dataclass
class Scenario:
    """Runtime values for a row's tensor parameters, and the state to run under."""

    inputs: dict[str, Any]
    desc: str
    state: State = DEFAULT_STATE


# --- building inputs ----------------------------------------------------------------------------

SHAPES = [(), (4,), (2, 3), (2, 3, 4), (0,), (0, 3)]
DTYPES = ["float32", "float64", "int32"]
PAIRS = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((), (2, 3)),
    ((0, 3), (3,)),
    ((4,), (4,)),
]


def _array(rng: np.random.Generator, shape, dtype: str) -> np.ndarray:
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if dtype.startswith("int"):
        return rng.integers(-3, 4, size=shape).astype(dtype)
    a = (rng.normal(0.0, 2.0, size=shape)).astype(dtype)
    if a.size:
        a.flat[0] = 0.0  # the kink of relu & co.
    return a


def _probs(rng, shape, dtype="float32"):
    a = rng.random(shape) + 0.05
    return (a / a.sum(axis=-1, keepdims=True)).astype(dtype)


def _desc(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_desc(v) for v in value) + "]"
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        dtype = getattr(value.dtype, "name", str(value.dtype))
        kind = "np." if isinstance(value, np.ndarray) else ""
        return f"{kind}{dtype}{list(value.shape)}"
    return repr(value)


def tensor_params(row: Row) -> list[str]:
    return [p.name for p in row.params if domain(row, p.name) is TENSOR]


def _specs(row: Row, rng) -> list[dict[str, Any]]:
    """numpy inputs for the row's tensor parameters (function-specific where shapes must agree)."""
    names = tensor_params(row)
    fn = row.name
    out: list[dict[str, Any]] = []
    if not names:
        return [{}]
    if fn == "dot":
        for a, b in [
            ((2, 3), (3, 4)),
            ((2, 3, 4), (4, 5)),
            ((3,), (3,)),
            ((2, 3), (3,)),
            ((4,), (4, 2)),
            ((2, 3, 4), (2, 4, 5)),
            ((0, 3), (3, 2)),
        ]:
            for dt in DTYPES:
                out.append({"x": _array(rng, a, dt), "y": _array(rng, b, dt)})
        return out
    if fn == "batch_dot":
        for a, b in [((2, 3), (2, 3)), ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (2, 3, 4)), ((2, 3), (2, 3, 4))]:
            for dt in DTYPES:
                out.append({"x": _array(rng, a, dt), "y": _array(rng, b, dt)})
        return out
    if fn in ("concatenate", "stack"):
        key = names[0]
        groups = [
            [(2, 3), (2, 3)],
            [(2, 3), (2, 1)],
            [(2, 3), (4, 3)],
            [(3,), (2,)],
            [(2, 0), (2, 3)],
            [(2, 3), (2, 3), (2, 3)],
            [(), ()],
        ]
        for g in groups:
            for dt in DTYPES:
                out.append({key: [_array(rng, s, dt) for s in g]})
        return out
    if fn == "gather":
        for ref in [(5, 3), (5,)]:
            for dt in DTYPES:
                for idx in [
                    np.array([0, 4, 2], "int32"),
                    np.array([[1, 0], [3, 3]], "int32"),
                    np.zeros((0,), "int32"),
                    np.array([1, 2], "int64"),
                ]:
                    out.append({"reference": _array(rng, ref, dt), "indices": idx})
        return out
    if fn == "one_hot":
        for idx in [
            np.array([0, 2, 1, 0], "int32"),
            np.array([[1, 0, 2], [2, 2, 0]], "int32"),
            np.array([0, 1], "int64"),
            np.zeros((0,), "int32"),
        ]:
            out.append({"indices": idx})
        return out
    if fn == "switch":
        for dt in ("float32", "float64", "int32"):
            a, b = _array(rng, (2, 3), dt), _array(rng, (2, 3), dt)
            out.append({"condition": np.array(True), "then_expression": a, "else_expression": b})
            out.append({"condition": rng.random((2, 3)) > 0.5, "then_expression": a, "else_expression": b})
            out.append({"condition": rng.random((2,)) > 0.5, "then_expression": a, "else_expression": b})
        return out
    if fn in ("binary_crossentropy",):
        for dt in ("float32", "float64"):
            for shape in [(4, 3), (5,), (0, 3)]:
                t = (rng.random(shape) > 0.5).astype(dt)
                out.append({"target": t, "output": (rng.random(shape) * 0.9 + 0.05).astype(dt)})
                out.append({"target": t, "output": _array(rng, shape, dt)})
        return out
    if fn in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        for dt in ("float32", "float64"):
            for n in (4, 1):
                labels = rng.integers(0, 3, size=(n,))
                target = labels.astype("int32") if fn.startswith("sparse") else np.eye(3, dtype=dt)[labels]
                out.append({"target": target, "output": _probs(rng, (n, 3), dt)})
                out.append({"target": target, "output": _array(rng, (n, 3), dt)})
        return out
    if fn == "in_top_k":
        out.append({"predictions": _probs(rng, (4, 3)), "targets": np.array([0, 1, 2, 1], "int32")})
        return out
    if fn == "bias_add":
        for dt in ("float32", "float64"):
            out.append({"x": _array(rng, (2, 3, 4), dt), "bias": _array(rng, (4,), dt)})
            out.append({"x": _array(rng, (2, 3, 4), dt), "bias": _array(rng, (3,), dt)})
        return out
    if fn == "batch_normalization":
        x = _array(rng, (2, 3), "float32")
        out.append({n: (x if n == "x" else np.abs(_array(rng, (3,), "float32")) + 0.5) for n in names})
        return out
    if len(names) == 2:
        for a, b in PAIRS:
            for dt in DTYPES:
                out.append({names[0]: _array(rng, a, dt), names[1]: _array(rng, b, dt)})
        return out
    # one tensor (or several, all alike)
    for shape in SHAPES:
        for dt in DTYPES:
            arr = _array(rng, shape, dt)
            out.append(dict.fromkeys(names, arr))
    for shape in [(2, 3), ()]:
        arr = _array(rng, shape, "bool")
        out.append(dict.fromkeys(names, arr))
    if fn == "squeeze":  # shapes with axes of size 1
        for shape in [(1, 3), (2, 1), (1, 1, 4), (1,)]:
            for dt in DTYPES:
                arr = _array(rng, shape, dt)
                out.append(dict.fromkeys(names, arr))
    if fn == "cast_to_floatx":
        out.append({n: [1, 2, 3] for n in names})
        out.append({n: _array(rng, (2, 2), "float64") for n in names})
    return out


def scenarios(row: Row, tf) -> list[Scenario]:
    rng = np.random.default_rng(sum(map(ord, row.rule + row.name)))
    numpy_inputs = _specs(row, rng)
    keep_numpy = row.name == "cast_to_floatx"

    def convert(v):
        if isinstance(v, list) and v and isinstance(v[0], np.ndarray):
            return [tf.constant(a) for a in v]
        if isinstance(v, np.ndarray) and not keep_numpy:
            return tf.constant(v)
        if isinstance(v, np.ndarray) and keep_numpy and v.dtype != np.float64:
            return tf.constant(v)
        return v

    out = []
    for spec in numpy_inputs:
        inputs = {k: convert(v) for k, v in spec.items()}
        desc = ", ".join(f"{k}={_desc(v)}" for k, v in inputs.items()) or "no tensors"
        out.append(Scenario(inputs, desc))
    # the configuration matters for some functions (floatx, image data format): a few reruns
    out += [Scenario(s.inputs, s.desc, OTHER_STATE) for s in out[: max(3, len(out) // 6)]]
    return out


# --- running and comparing ------------------------------------------------------------------------


@dataclass
class Outcome:
    ok: bool
    value: Any = None
    error: BaseException | None = None
    state: State = field(default_factory=State)

    def describe(self) -> str:
        if self.ok:
            return _short(self.value)
        return f"raised {type(self.error).__name__}: {str(self.error).splitlines()[0][:160] if str(self.error) else ''}"


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) < 200 else text[:200] + "..."


_CODE_CACHE: dict[str, Any] = {}


def _compiled(text: str):
    code = _CODE_CACHE.get(text)
    if code is None:
        code = _CODE_CACHE[text] = compile(text, "<semantic>", "exec")
    return code


def run(tf, text: str, namespace: dict[str, Any], state: State) -> Outcome:
    apply_state(tf, state)
    tf.random.set_seed(1234)
    np.random.seed(1234)
    try:
        exec(_compiled(text), namespace)  # noqa: S102 - this is the point of the suite
        out = Outcome(True, namespace["out"])
    except Exception as exc:  # noqa: BLE001
        out = Outcome(False, error=exc)
    out.state = read_state(tf)
    return out


def run_legacy(tf, legacy_k, form: Form, scenario: Scenario) -> Outcome:
    ns = {**scenario.inputs, **form.variables, "K": legacy_k}
    return run(tf, f"out = {form.call()}\n", ns, scenario.state)


def run_migrated(tf, prelude: str, expression: str, form: Form, scenario: Scenario) -> Outcome:
    ns = {**scenario.inputs, **form.variables}
    exec(_compiled(prelude), ns)  # noqa: S102 - the migrated module's imports
    return run(tf, f"out = {expression}\n", ns, scenario.state)


def _dtype_name(dtype: Any) -> str:
    return getattr(dtype, "name", None) or str(dtype)


def normalize(tf, v: Any) -> Any:
    """A comparable description: (kind, dtype, shape, numpy value) for arrays, recursively for
    sequences, (python type, value) otherwise."""
    if isinstance(v, tf.Variable) or type(v).__name__ == "Variable" and hasattr(v, "assign"):
        # tf.Variable, or the Keras 3 variable tf.keras.backend.variable/zeros now return:
        # both are mutable variables, which is what legacy code relied on
        return ("variable", _dtype_name(v.dtype), tuple(v.shape), np.asarray(v.numpy()))
    if type(v).__name__ in ("SymbolicTensor", "KerasTensor"):
        # a graph placeholder (legacy K.placeholder) and a keras.Input: no values, so the
        # dtype and the shape (batch dimension included) are what is compared
        shape = v.shape.as_list() if hasattr(v.shape, "as_list") else list(v.shape)
        return ("symbolic tensor", _dtype_name(v.dtype), tuple(shape), None)
    if isinstance(v, tf.SparseTensor):
        v = tf.sparse.to_dense(v)
    if tf.is_tensor(v):
        return ("tf.Tensor", v.dtype.name, tuple(v.shape), v.numpy())
    if isinstance(v, np.ndarray):
        return ("np.ndarray", v.dtype.name, v.shape, v)
    if isinstance(v, np.generic):
        return ("np." + type(v).__name__, v.dtype.name, (), np.asarray(v))
    if isinstance(v, tf.TensorShape):
        return ("TensorShape", tuple(v.as_list()) if v.rank is not None else None)
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, [normalize(tf, e) for e in v])
    return (type(v).__name__, v)


def _tolerance(dtype: str) -> tuple[float, float]:
    return {
        "float16": (1e-3, 1e-3),
        "bfloat16": (1e-2, 1e-2),
        "float32": (1e-6, 1e-7),
        "float64": (1e-12, 1e-14),
    }.get(dtype, (0.0, 0.0))


def difference(a: Any, b: Any) -> str | None:
    """None when the normalized values are equal (tight tolerance for floats), else why not."""
    if a[0] != b[0]:
        return f"result type differs: legacy {a[0]}, rewritten {b[0]}"
    if len(a) == 4:
        _, adt, ashape, av = a
        _, bdt, bshape, bv = b
        if adt != bdt:
            return f"dtype differs: legacy {adt}, rewritten {bdt}"
        if tuple(ashape) != tuple(bshape):
            return f"shape differs: legacy {tuple(ashape)}, rewritten {tuple(bshape)}"
        rtol, atol = _tolerance(adt)
        if np.asarray(av).dtype.kind in "fc":
            try:
                np.testing.assert_allclose(bv, av, rtol=rtol, atol=atol, equal_nan=True)
            except AssertionError:
                x, y = np.asarray(av, float), np.asarray(bv, float)
                bad = ~np.isclose(y, x, rtol=rtol, atol=atol, equal_nan=True)
                return (
                    f"values differ at {int(bad.sum())} of {bad.size} elements "
                    f"(first: legacy {x[bad][0]!r}, rewritten {y[bad][0]!r}; "
                    f"legacy {_short(av)}, rewritten {_short(bv)})"
                )
            return None
        if not np.array_equal(av, bv):
            return f"values differ (legacy {_short(av)}, rewritten {_short(bv)})"
        return None
    if a[0] in ("list", "tuple"):
        if len(a[1]) != len(b[1]):
            return f"length differs: legacy {len(a[1])}, rewritten {len(b[1])}"
        for i, (x, y) in enumerate(zip(a[1], b[1], strict=True)):
            d = difference(x, y)
            if d:
                return f"item {i}: {d}"
        return None
    av, bv = a[1], b[1]
    if isinstance(av, float) and isinstance(bv, float):
        if math.isclose(av, bv, rel_tol=1e-12) or (math.isnan(av) and math.isnan(bv)):
            return None
    elif av == bv:
        return None
    return f"values differ: legacy {_short(av)}, rewritten {_short(bv)}"
