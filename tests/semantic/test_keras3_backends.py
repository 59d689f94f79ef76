"""The keras3 rows on the Keras backend this process runs (``KERAS_BACKEND``), eagerly and in
the functional API.

For every keras3 row with a default (safe) fix, the calls of cases.py go through
``migrate_source(target="keras3")`` and each rewritten expression is run two ways against the
legacy function (``tf.keras.backend.<name>`` on TensorFlow tensors, or the Keras 2.2.4
reference of legacy_reference.py), on the input grid of harness.py:

* eagerly, on the backend's own tensors (``keras.ops.convert_to_tensor`` of the inputs);
* symbolically: each tensor argument becomes a ``keras.Input(batch_shape=...)``, the migrated
  expression is applied to those KerasTensors, a ``keras.Model`` is built from them and its
  ``predict()`` (or, where the inputs do not share one batch size, its call) is compared.

Values must be equal (the tolerances of harness.py), shapes equal, dtypes equal; on JAX without
``JAX_ENABLE_X64`` a 64-bit legacy dtype is compared as its 32-bit type, which is what that
backend computes in (counted, and documented in docs/legacy-apis.md). As in test_rows.py, a
combination where the legacy call raised and the rewrite computes is counted as legacy-raised.

test_keras3_on_jax runs this module again in a subprocess with ``KERAS_BACKEND=jax``.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kerasmigrate import migrate_source
from kerasmigrate.tables import TARGETS, FixSafety

from .cases import migrate_row, missing_domain

TARGET = TARGETS["keras3"]
ROWS = [
    row
    for row in TARGET.rows
    if any(v.safety is FixSafety.SAFE for v in row.variants) and not missing_domain(row)
]
#: combinations per row, at most: eager, and through a keras.Model (each builds a model)
EAGER_BUDGET = 120
MODEL_BUDGET = 10
ROOT = Path(__file__).resolve().parents[2]
_DEMOTE = {"float64": "float32", "int64": "int32", "uint64": "uint32", "complex128": "complex64"}


def _keras():
    import keras

    return keras


def _x64() -> bool:
    keras = _keras()
    if keras.config.backend() != "jax":
        return True
    import jax

    return bool(jax.config.jax_enable_x64)


def _to_numpy(v: Any) -> Any:
    keras = _keras()
    if isinstance(v, (list, tuple)):
        return type(v)(_to_numpy(e) for e in v)
    if hasattr(v, "numpy") and callable(v.numpy):  # TensorFlow tensors and variables, torch
        return np.asarray(v.numpy())
    if keras.ops.is_tensor(v) or isinstance(v, keras.Variable):
        return np.asarray(keras.ops.convert_to_numpy(v))
    if isinstance(v, np.generic):
        return np.asarray(v)
    return v


def _dtype(a: np.ndarray) -> str:
    name = a.dtype.name
    return name if _x64() else _DEMOTE.get(name, name)


def _difference(legacy: Any, new: Any) -> str | None:
    from .harness import _tolerance

    if isinstance(legacy, (list, tuple)) or isinstance(new, (list, tuple)):
        if (
            not isinstance(new, (list, tuple))
            or not isinstance(legacy, (list, tuple))
            or len(legacy) != len(new)
        ):
            return f"structure differs: legacy {legacy!r:.120}, rewritten {new!r:.120}"
        for i, (a, b) in enumerate(zip(legacy, new, strict=True)):
            d = _difference(a, b)
            if d:
                return f"item {i}: {d}"
        return None
    if isinstance(legacy, np.ndarray) or isinstance(new, np.ndarray):
        a, b = np.asarray(legacy), np.asarray(new)
        if _dtype(a) != _dtype(b):
            return f"dtype differs: legacy {a.dtype}, rewritten {b.dtype}"
        if a.shape != b.shape:
            return f"shape differs: legacy {a.shape}, rewritten {b.shape}"
        rtol, atol = _tolerance(_dtype(a))
        if _dtype(a) != a.dtype.name:  # a 64-bit legacy value computed in 32 bits: float32 rounding
            rtol, atol = 1e-5, 1e-6
        if a.dtype.kind in "fc":
            if not np.allclose(b, a, rtol=max(rtol, 1e-6), atol=max(atol, 1e-7), equal_nan=True):
                return f"values differ: legacy {a!r:.200}, rewritten {b!r:.200}"
            return None
        return None if np.array_equal(a, b) else f"values differ: legacy {a!r:.200}, rewritten {b!r:.200}"
    if isinstance(legacy, str) and isinstance(new, str) and not _x64():  # dtype names (K.dtype)
        legacy, new = _DEMOTE.get(legacy, legacy), _DEMOTE.get(new, new)
    if legacy == new or (isinstance(legacy, float) and isinstance(new, float) and np.isclose(legacy, new)):
        return None
    return f"values differ: legacy {legacy!r:.120}, rewritten {new!r:.120}"


def _symbolic(value: Any, keras) -> Any:
    """keras.Input(s) for one tensor argument, or None when it cannot be a model input."""
    if isinstance(value, list):
        parts = [_symbolic(v, keras) for v in value]
        return None if any(p is None for p in parts) else parts
    if not isinstance(value, np.ndarray) or value.ndim == 0 or value.shape[0] == 0:
        return None
    return keras.Input(batch_shape=value.shape, dtype=value.dtype.name)


def _flat(value: Any) -> list[Any]:
    return [e for v in value for e in _flat(v)] if isinstance(value, list) else [value]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.rule}-{r.name}" for r in ROWS])
def test_keras3_row_on_this_backend(tf, row) -> None:
    from .harness import DEFAULT_STATE, OTHER_STATE, Scenario, _specs, apply_state, run_legacy, tensor_params
    from .legacy_reference import LegacyBackend

    keras = _keras()
    rc = migrate_row(row, TARGET, functools.partial(migrate_source, target="keras3"))
    assert not rc.problems, rc.problems
    todo = [m for m in rc.safe if m.expression is not None]
    assert todo, f"{row.rule} ({row.name}): no generated call was rewritten by default"
    rng = np.random.default_rng(sum(map(ord, row.rule + row.name)))
    specs = _specs(row, rng)
    tensors = set(tensor_params(row))
    legacy_k = LegacyBackend(TARGET)
    prelude: dict[str, Any] = {}
    exec(rc.prelude[False], prelude)  # noqa: S102 - the migrated module's imports
    assert "tensorflow" not in rc.prelude[False], rc.prelude[False]
    counts = {"eager": 0, "model": 0, "both-raise": 0, "legacy-raised": 0, "not-a-tensor": 0}
    failures: list[str] = []
    combos = [(m, s, st) for m in todo for s in specs for st in (DEFAULT_STATE, OTHER_STATE)]
    stride = max(1, -(-len(combos) // EAGER_BUDGET))
    # the model side takes the first applicable combinations of each variant, up to the budget
    modelled: dict[int | None, int] = {}
    for k, (m, spec, state) in enumerate(combos):
        model_wanted = modelled.get(m.variant, 0) < MODEL_BUDGET
        if k % stride and not model_wanted:
            continue

        def tf_input(v):
            return (
                [tf.constant(e) for e in v]
                if isinstance(v, list)
                else tf.constant(v)
                if isinstance(v, np.ndarray)
                else v
            )

        legacy = run_legacy(
            tf, legacy_k, m.form, Scenario({n: tf_input(v) for n, v in spec.items()}, "", state)
        )
        legacy_value = _to_numpy(legacy.value) if legacy.ok else None
        if legacy.ok and row.result_values and isinstance(legacy_value, str):
            legacy_value = row.result_values.get(legacy_value, legacy_value)
        where = f"{row.rule} ({row.name}) `{m.form.call()}` -> `{m.expression}` under {state} [{keras.config.backend()}]"

        def check(
            how: str, run, legacy=legacy, legacy_value=legacy_value, where=where, state=state, spec=spec
        ) -> None:
            apply_state(tf, state)
            try:
                new = _to_numpy(run())
                error = None
            except Exception as exc:  # noqa: BLE001
                new, error = None, exc
            if not legacy.ok and error is not None:
                counts["both-raise"] += 1
            elif not legacy.ok:
                counts["legacy-raised"] += 1
            elif error is not None:
                failures.append(f"{where} {how}: legacy {legacy.describe()}, rewritten raised {error!r:.200}")
            else:
                counts[how] += 1
                reason = _difference(legacy_value, new)
                if reason:
                    failures.append(f"{where} {how} with {sorted(spec)}: {reason}")

        namespace = {**prelude, **m.form.variables}
        if k % stride == 0:
            inputs = {
                n: [keras.ops.convert_to_tensor(e) for e in v]
                if isinstance(v, list)
                else keras.ops.convert_to_tensor(v)
                for n, v in spec.items()
                if n in tensors
            }
            check("eager", lambda text=m.expression, ns={**namespace, **inputs}: eval(text, ns))  # noqa: S307
        if not legacy.ok:
            continue  # compared eagerly above (both-raise / legacy-raised)
        if not isinstance(legacy_value, (np.ndarray, list)):
            counts["not-a-tensor"] += 1  # a Python value (a rank, a dtype name): nothing to predict
            continue
        if model_wanted and tensors and set(m.form.tensors) == tensors & set(spec):
            symbolic = {n: _symbolic(spec[n], keras) for n in tensors if n in spec}
            if any(v is None for v in symbolic.values()):
                continue
            try:
                out = eval(m.expression, {**namespace, **symbolic})  # noqa: S307
            except Exception:  # noqa: BLE001 - compared below through check()
                out = None
            if out is not None and not isinstance(out, keras.KerasTensor):
                counts["not-a-tensor"] += 1
                continue
            flat_inputs = [i for n in symbolic for i in _flat(symbolic[n])]
            flat_arrays = [a for n in symbolic for a in _flat(spec[n])]

            def through_model(
                out=out,
                m=m,
                namespace=namespace,
                symbolic=symbolic,
                flat_inputs=flat_inputs,
                flat_arrays=flat_arrays,
            ):
                if out is None:  # building the graph itself raised: say so through check()
                    eval(m.expression, {**namespace, **symbolic})  # noqa: S307
                model = keras.Model(flat_inputs, out)
                sizes = {a.shape[0] for a in flat_arrays}
                batched = isinstance(out, keras.KerasTensor) and len(out.shape) > 0 and out.shape[0] in sizes
                # predict() concatenates per-batch outputs, so only an output with the batch axis
                # can go through it; any other output is compared through a call of the model
                if len(sizes) == 1 and batched:
                    return model.predict(flat_arrays, batch_size=sizes.pop(), verbose=0)
                return model([keras.ops.convert_to_tensor(a) for a in flat_arrays])

            modelled[m.variant] = modelled.get(m.variant, 0) + 1
            check("model", through_model)
    apply_state(tf, DEFAULT_STATE)
    print(f"{row.rule} {row.name} [{keras.config.backend()}]: {counts}")
    assert not failures, f"{len(failures)} non-equivalent case(s):\n  " + "\n  ".join(failures[:20])
    assert counts["eager"], f"{row.rule} ({row.name}): nothing compared eagerly"
    if tensors and not counts["not-a-tensor"]:
        assert counts["model"], f"{row.rule} ({row.name}): nothing compared through a keras.Model"


def test_keras3_on_jax(tf) -> None:
    """The same module under ``KERAS_BACKEND=jax`` (the ``jax`` extra), in a subprocess."""
    if os.environ.get("KERAS_BACKEND") == "jax":
        pytest.skip("this is the JAX run itself")  # never reached under CI: see below
    try:
        import jax  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"jax is not installed (pip install -e '.[jax]'): {exc}")
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-s",
            __file__,
            "-k",
            "on_this_backend",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    tail = (proc.stdout + proc.stderr)[-6000:]
    assert proc.returncode == 0, tail
    assert "[jax]" in proc.stdout and " passed" in proc.stdout and "skipped" not in proc.stdout, tail
