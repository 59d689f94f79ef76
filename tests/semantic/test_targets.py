"""Every name a template emits exists in the installed TensorFlow, every emitted call binds
to its target's signature, and the name lists in tables/tf2.py match the installed packages."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect

import pytest

from kerasmigrate.tables import TARGETS, Row, Target, Variant
from kerasmigrate.tables.tf2 import KERAS3_BACKEND, TF_KERAS_BACKEND
from kerasmigrate.tables.tf2_ops import FALLBACK_RULE

VARIANTS = [
    (target, row, i, v)
    for target in TARGETS
    for row in TARGETS[target].rows
    for i, v in enumerate(row.variants)
]


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _resolve(target: Target, parts: list[str]):
    module, _alias = target.roots[parts[0]]
    obj = importlib.import_module(module)
    for i, attr in enumerate(parts[1:], 1):
        if not hasattr(obj, attr):
            raise AttributeError(f"`{'.'.join(parts[: i + 1])}` does not exist in the installed {module}")
        obj = getattr(obj, attr)
    return obj


def _placeholder_calls(row: Row, variant: Variant, call: ast.Call) -> list[tuple[int, tuple[str, ...]]]:
    """The shapes (positional count, keyword names) the engine can emit for this call: the full
    template, and the template without keywords fed by optional parameters left at their
    default (the engine drops those unless they are in ``emit_defaults``)."""
    optional = {p.name for p in row.params if not p.required} - set(variant.emit_defaults)
    full = tuple(k.arg for k in call.keywords if k.arg)
    minimal = tuple(
        k.arg
        for k in call.keywords
        if k.arg and not (isinstance(k.value, ast.Name) and k.value.id in optional)
    )
    return sorted({(len(call.args), full), (len(call.args), minimal)})


@pytest.mark.parametrize(
    ("target", "row", "index", "variant"),
    VARIANTS,
    ids=[f"{t}-{r.rule}-{r.name}-v{i}" for t, r, i, _ in VARIANTS],
)
def test_template_names_resolve_and_calls_bind(tf, target, row, index, variant) -> None:
    tgt = TARGETS[target]
    params = {p.name for p in row.params}
    problems: list[str] = []
    for node in ast.walk(variant.expression):
        bare = isinstance(node, ast.Name) and node.id not in params and node.id not in tgt.roots
        if bare and not hasattr(builtins, node.id):
            problems.append(f"bare name `{node.id}` is neither a legacy parameter nor a target root")
        if not isinstance(node, ast.Call):
            continue
        parts = _dotted(node.func)
        if parts is None or parts[0] not in tgt.roots:
            continue
        try:
            fn = _resolve(tgt, parts)
        except AttributeError as exc:
            problems.append(str(exc))
            continue
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError) as exc:
            problems.append(f"`{'.'.join(parts)}` has no inspectable signature ({exc})")
            continue
        for npos, keywords in _placeholder_calls(row, variant, node):
            try:
                sig.bind(*[object()] * npos, **{k: object() for k in keywords})
            except TypeError as exc:
                shown = ", ".join(["_"] * npos + [f"{k}=_" for k in keywords])
                problems.append(f"`{'.'.join(parts)}({shown})` does not bind to {sig}: {exc}")
    # dotted names used other than as calls (attributes, constants) must exist too
    for node in ast.walk(variant.expression):
        if isinstance(node, ast.Attribute):
            parts = _dotted(node)
            if parts and parts[0] in tgt.roots:
                try:
                    _resolve(tgt, parts)
                except AttributeError as exc:
                    problems.append(str(exc))
    assert not problems, f"{row.rule} ({row.name}) variant {index} `{variant.template}`:\n  " + "\n  ".join(
        dict.fromkeys(problems)
    )


def test_tf_keras_backend_list_matches_installed_tensorflow(tf) -> None:
    installed = {n for n in dir(tf.keras.backend) if not n.startswith("_")}
    assert installed == TF_KERAS_BACKEND, (
        f"tables/tf2.py TF_KERAS_BACKEND vs tf.keras.backend in TF {tf.__version__}: "
        f"missing {sorted(installed - TF_KERAS_BACKEND)}, extra {sorted(TF_KERAS_BACKEND - installed)}"
    )


def test_keras3_backend_list_matches_installed_keras(tf) -> None:
    keras = importlib.import_module("keras")
    installed = {n for n in dir(keras.backend) if not n.startswith("_")}
    assert installed == KERAS3_BACKEND, (
        f"tables/tf2.py KERAS3_BACKEND vs keras.backend in keras {keras.__version__}: "
        f"missing {sorted(installed - KERAS3_BACKEND)}, extra {sorted(KERAS3_BACKEND - installed)}"
    )


FALLBACKS = [row for row in TARGETS["tf2"].rows if row.rule == FALLBACK_RULE]


@pytest.mark.parametrize("row", FALLBACKS, ids=[r.name for r in FALLBACKS])
def test_fallback_has_the_keras2_signature(tf, row: Row) -> None:
    """KM191 rewrites `K.<name>(...)` to `tf.keras.backend.<name>(...)`: that must be the Keras 2
    code TF still ships, taking the legacy parameters the template passes (recorded in the row as
    the Keras 2.2.4 signature) in the same order, with the same defaults; anything it adds is
    optional. A function whose signature differs must not be a KM191 row."""
    assert row.name in TF_KERAS_BACKEND
    fn = getattr(tf.keras.backend, row.name)
    assert fn.__module__ == "keras.src.legacy.backend", f"{row.name} is {fn.__module__}, not the Keras 2 code"
    current = list(inspect.signature(fn).parameters.values())
    passed = [p for p in row.params if p.name in row.variants[0].names]
    assert [p.name for p in current[: len(passed)]] == [p.name for p in passed], (row.signature, current)
    for legacy, now in zip(passed, current, strict=False):
        assert now.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, now
        expected = inspect.Parameter.empty if legacy.required else legacy.default
        assert now.default == expected, f"`{now.name}`: default {now.default!r}, Keras 2 {expected!r}"
    extra = current[len(passed) :]
    assert all(p.default is not inspect.Parameter.empty for p in extra), f"new required parameters {extra}"
    # the legacy parameters the template leaves out apply only at their default (the engine's rule)
    for p in row.params:
        if p.name not in row.variants[0].names:
            assert not p.required, f"{row.name}: required parameter `{p.name}` is dropped"


def _takes_data_format(obj) -> bool:
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        return "data_format" in inspect.signature(target).parameters
    except (TypeError, ValueError):
        return False


def test_data_format_callees_match_installed_tensorflow(tf) -> None:
    """KM204 renames `dim_ordering=` only for callees in tables/data_format.py: exactly the
    layers and backend functions of the installed TensorFlow that take `data_format`."""
    from kerasmigrate.tables import data_format as table

    for namespace, listed, name in (
        (tf.keras.layers, table.LAYERS, "LAYERS"),
        (tf.keras.backend, table.BACKEND, "BACKEND"),
    ):
        installed = {
            n
            for n in dir(namespace)
            if not n.startswith("_")
            and callable(getattr(namespace, n))
            and _takes_data_format(getattr(namespace, n))
        }
        assert installed == listed, (
            f"tables/data_format.py {name} vs TF {tf.__version__}: "
            f"missing {sorted(installed - listed)}, extra {sorted(listed - installed)}"
        )
    image = tf.keras.preprocessing.image
    assert all(_takes_data_format(getattr(image, n)) for n in table.PREPROCESSING)
    # what KM204 reports instead: gone, or without data_format
    for name in table.NOT_DATA_FORMAT:
        layer = getattr(tf.keras.layers, name, None)
        assert layer is None or not _takes_data_format(layer), name
    assert not _takes_data_format(tf.keras.initializers.get)
    assert not hasattr(tf.keras.applications.imagenet_utils, "_obtain_input_shape")
    assert table.takes_data_format("keras.layers.Conv2D") is True
    assert table.takes_data_format("tensorflow.keras.backend.conv2d") is True
