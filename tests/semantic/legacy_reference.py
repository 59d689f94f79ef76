"""The legacy side of every comparison: ``K`` as legacy code saw it.

``K.<name>`` resolves to ``tf.keras.backend.<name>`` (TF 2.21 still ships the Keras 2
implementations there, as the Keras 3 legacy shim) or, for functions it no longer has,
to the small Keras 2.2.4 reference implementations below (keras/backend/common.py,
summarised in shared/reference/keras-api.md §1.1). ``K.common`` is ``K`` itself, Keras 1
keyword spellings (a row's ``aliases``) are renamed, and Keras 1 function names (a row's
``legacy_aliases``) go to their row's function.

TensorFlow is imported lazily, so importing this module never needs it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from kerasmigrate.tables import Row, Target


def _backend():
    import tensorflow as tf

    return tf.keras.backend


# --- Keras 2.2.4 keras/backend/common.py, for what tf.keras.backend no longer has ----------


def image_dim_ordering() -> str:
    """Legacy getter: 'th' iff the data format is channels_first, else 'tf'."""
    return "th" if _backend().image_data_format() == "channels_first" else "tf"


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Legacy setter: accepts only 'th'/'tf'; 'th' -> channels_first, otherwise channels_last."""
    if dim_ordering not in {"tf", "th"}:
        raise ValueError("Unknown dim_ordering:", dim_ordering)
    data_format = "channels_first" if dim_ordering == "th" else "channels_last"
    _backend().set_image_data_format(data_format)


def normalize_data_format(value: Any) -> str:
    """Keras 2.2.x: None -> image_data_format(); lower-cased; must be a known format."""
    if value is None:
        value = _backend().image_data_format()
    data_format = value.lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            'The `data_format` argument must be one of "channels_first", "channels_last". '
            "Received: " + str(value)
        )
    return data_format


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Keras 2.2.4 tensorflow_backend.py: ``tf.reduce_logsumexp(x, axis, keepdims)``
    (not exported by tf.keras.backend since TF 2.x)."""
    import tensorflow as tf

    return tf.reduce_logsumexp(x, axis, keepdims)


def placeholder(
    shape: Any = None, ndim: Any = None, dtype: Any = None, sparse: bool = False, name: Any = None
) -> Any:
    """Keras 2.2.4: a TF 1 placeholder of ``shape`` (batch dimension included), dtype floatx;
    built in a graph of its own, as no eager TensorFlow has placeholders."""
    import tensorflow as tf

    if not shape and ndim:
        shape = (None,) * ndim
    with tf.Graph().as_default():
        if sparse:
            return tf.compat.v1.sparse_placeholder(dtype or _backend().floatx(), shape=shape, name=name)
        return tf.compat.v1.placeholder(dtype or _backend().floatx(), shape=shape, name=name)


REFERENCE: dict[str, Callable[..., Any]] = {
    "placeholder": placeholder,
    "logsumexp": logsumexp,
    "image_dim_ordering": image_dim_ordering,
    "set_image_dim_ordering": set_image_dim_ordering,
    "normalize_data_format": normalize_data_format,
}


def reference_for(row: Row) -> Callable[..., Any] | None:
    """The legacy implementation of a row's function, or None when there is none to compare with."""
    if row.name in REFERENCE:
        return REFERENCE[row.name]
    return getattr(_backend(), row.name, None)


class LegacyBackend:
    """``K`` for executing legacy calls: ``K.relu``, ``K.common.epsilon``, ``K.lesser`` ..."""

    def __init__(self, target: Target) -> None:
        self._target = target
        self.common = self

    def __getattr__(self, name: str) -> Callable[..., Any]:
        row = self._target.by_name.get(name)
        if row is None:
            raise AttributeError(f"no legacy reference for K.{name}: it is not a row of the table")
        fn = reference_for(row)
        if fn is None:
            raise AttributeError(f"no legacy reference for K.{row.name}: add one to REFERENCE")
        if not row.aliases:
            return fn
        aliases = dict(row.aliases)

        @functools.wraps(fn)
        def renamed(*args: Any, **kwargs: Any) -> Any:
            return fn(*args, **{aliases.get(k, k): v for k, v in kwargs.items()})

        return renamed


def signature_gaps(row: Row) -> list[str]:
    """Legacy parameters the reference implementation does not take by the same name.

    (A keyword call would then fail on the legacy side for a reason that is not the rewrite's.)"""
    fn = reference_for(row)
    if fn is None:
        return []
    try:
        names = set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []
    return [p.name for p in row.params if p.name not in names]
