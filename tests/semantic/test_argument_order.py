"""KM170-KM172: a cross-entropy call in the Keras <= 2.0.6 order ``(output, target)`` computes,
after migration, what Keras 1 computed.

The Keras 1 side is written here in NumPy from the Keras 1.2.2 TensorFlow backend
(``binary_crossentropy(output, target, from_logits=False)`` clips the output to
``[eps, 1 - eps]`` and applies the sigmoid cross-entropy to its logit; the categorical one
renormalises, clips and sums ``target * log(output)``; the sparse one takes the softmax
cross-entropy of ``log(clip(output))``), so the proof does not reuse the TF function the
rewrite calls. Inputs are chosen so that swapping the two arguments changes the result.
"""

from __future__ import annotations

import numpy as np
import pytest

from kerasmigrate import migrate_source

EPS = 1e-7


def _bce(output, target, from_logits=False):
    z = output if from_logits else np.log(np.clip(output, EPS, 1 - EPS) / (1 - np.clip(output, EPS, 1 - EPS)))
    return np.maximum(z, 0) - z * target + np.log1p(np.exp(-np.abs(z)))


def _cce(output, target, from_logits=False):
    if from_logits:
        logp = output - np.log(np.sum(np.exp(output), axis=-1, keepdims=True))
        return -np.sum(target * logp, axis=-1)
    p = np.clip(output / np.sum(output, axis=-1, keepdims=True), EPS, 1 - EPS)
    return -np.sum(target * np.log(p), axis=-1)


def _scce(output, target, from_logits=False):
    logits = output if from_logits else np.log(np.clip(output, EPS, 1 - EPS))
    logp = logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))
    return -np.take_along_axis(logp, target.astype("int64")[:, None], axis=-1)[:, 0]


RNG = np.random.RandomState(7)
PROBS = RNG.uniform(0.05, 0.95, (4, 3))
BINARY = (RNG.uniform(size=(4, 3)) > 0.5).astype("float64")
ONEHOT = np.eye(3)[[0, 2, 1, 2]]
LABELS = np.array([0, 2, 1, 2], dtype="float64")
LOGITS = RNG.normal(size=(4, 3))

#: (loss parameters, legacy call in Keras 1 order, reference, output, target, from_logits)
CASES = [
    ("y_true, y_pred", "K.binary_crossentropy(y_pred, y_true)", _bce, PROBS, BINARY, False),
    ("labels, logits", "K.binary_crossentropy(logits, labels, True)", _bce, LOGITS, BINARY, True),
    (
        "y_true, y_pred",
        "K.binary_crossentropy(K.flatten(y_pred), K.flatten(y_true))",
        _bce,
        PROBS,
        BINARY,
        False,
    ),
    ("y_true, y_pred", "K.categorical_crossentropy(y_pred, y_true)", _cce, PROBS, ONEHOT, False),
    (
        "labels, logits",
        "K.categorical_crossentropy(logits, labels, from_logits=True)",
        _cce,
        LOGITS,
        ONEHOT,
        True,
    ),
    (
        "targets, predictions",
        "K.sparse_categorical_crossentropy(predictions, targets)",
        _scce,
        PROBS,
        LABELS,
        False,
    ),
]


@pytest.mark.parametrize(
    ("params", "call", "reference", "output", "target", "from_logits"), CASES, ids=[c[1] for c in CASES]
)
def test_keras1_order_computes_the_keras1_value(
    tf, params, call, reference, output, target, from_logits
) -> None:
    source = f"from keras import backend as K\n\n\ndef loss({params}):\n    return {call}\n"
    result = migrate_source(source)
    assert result.error is None and "K." not in result.code, result.code
    # reported once, as the fix it is (KM170-KM172), and rewritten with keywords
    assert len(result.findings) == 1 and result.findings[0].rule in {f.rule for f in result.fixes}
    assert "output=" in result.code or "logits=" in result.code, result.code
    namespace: dict = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)  # noqa: S102
    got = np.asarray(namespace["loss"](tf.constant(target), tf.constant(output)))
    want = reference(output, target, from_logits)
    if "flatten" in call:
        want = reference(output.reshape(-1), target.reshape(-1), from_logits)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5, err_msg=result.code)
    # the inputs tell the two orders apart: the arguments taken the other way differ
    swapped = reference(target, output, from_logits) if reference is not _scce else None
    if swapped is not None:
        assert not np.allclose(swapped.reshape(want.shape), want, rtol=1e-2)


def test_keras2_order_is_kept(tf) -> None:
    source = "from keras import backend as K\n\n\ndef loss(y_true, y_pred):\n    return K.binary_crossentropy(y_true, y_pred)\n"
    result = migrate_source(source)
    assert result.findings == [] and "binary_crossentropy(y_true, y_pred)" in result.code
    namespace: dict = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)  # noqa: S102
    got = np.asarray(namespace["loss"](tf.constant(BINARY), tf.constant(PROBS)))
    np.testing.assert_allclose(got, _bce(PROBS, BINARY), rtol=1e-4, atol=1e-5)


def test_keyword_forms_bind_to_the_installed_functions(tf) -> None:
    """The keyword form of every variant of the swapped rows names real parameters."""
    import ast
    import inspect

    from kerasmigrate.argorder import keyworded
    from kerasmigrate.tables import TARGETS
    from kerasmigrate.tables.argument_order import SWAPPED_IN_2_0_7

    rows = [r for r in TARGETS["tf2"].rows if r.name in SWAPPED_IN_2_0_7]
    assert {r.name for r in rows} == SWAPPED_IN_2_0_7
    for row in rows:
        for variant in row.variants:
            expr = ast.parse(keyworded(variant).template, mode="eval").body
            assert isinstance(expr, ast.Call) and not expr.args, keyworded(variant).template
            fn = tf
            for part in ast.unparse(expr.func).split(".")[1:]:
                fn = getattr(fn, part)
            inspect.signature(fn).bind(**{k.arg: None for k in expr.keywords if k.arg})
