"""Messages for backend references that are reported and never rewritten (KM903, KM904).

Kept apart from the engine so that the advice for each private name lives in one table;
every message is one line (the rule pages carry the explanation).
"""

from __future__ import annotations

from types import MappingProxyType

from .resolve import BackendRef

#: What to use instead of each private name of the legacy backend that real code used.
_PRIVATE_HINTS = MappingProxyType(
    {
        "_EPSILON": "use `tf.keras.backend.epsilon()`",
        "_FLOATX": "use `tf.keras.backend.floatx()`",
        "_IMAGE_DATA_FORMAT": "use `tf.keras.backend.image_data_format()`",
        "_IMAGE_DIM_ORDERING": "use `tf.keras.backend.image_data_format()` ('channels_first'/'channels_last')",
        "_BACKEND": "the backend is always 'tensorflow' now (`tf.keras.backend.backend()`)",
        "_preprocess_padding": "pass 'SAME' or 'VALID' to the tf op",
    }
)
_REORDER_HINT = "use `tf.transpose` or the op's `data_format=`"


def theano_message(ref: BackendRef, *, unused_import: bool = False) -> str:
    """KM903: a reference through the Theano or CNTK backend module."""
    engine = "CNTK" if "cntk" in ref.module else "Theano"
    if unused_import:
        return f"`{ref.qualified}` is imported but the {engine} backend no longer exists; the import fails: remove it"
    return (
        f"`{ref.qualified}` is the {engine} backend, which no longer exists; not rewritten to "
        f"TensorFlow: port this {engine} code by hand"
    )


def private_message(ref: BackendRef) -> str:
    """KM904: a private name of a legacy backend module."""
    head = ref.name.split(".")[0]
    hint = _PRIVATE_HINTS.get(head)
    if hint is None and head.startswith(("_preprocess_conv", "_postprocess_conv")):
        hint = _REORDER_HINT
    if hint is None:
        hint = "it has no public equivalent: write its few lines yourself"
    return f"`{ref.qualified}` is a private legacy backend name, gone: {hint}"
