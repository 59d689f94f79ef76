"""Target ``keras3``: Keras 3 on any backend (``import keras``; ``keras.ops``, ``keras.config``,
``keras.random``, ``keras.backend``).

Import convention: one root, ``import keras``, and fully qualified calls
(``keras.ops.sum(...)``, ``keras.config.floatx()``); a migrated file never gains a
TensorFlow import. Every emitted name exists in keras 3.15 (tests/semantic/
test_targets.py resolves and binds each template). Sources: docs/legacy-apis.md
("Target keras3").

The ordering rows (KM201/KM202, with the value-preserving flow of analyses/ordering.py and
KM203), the keyword rows (KM204) and the argument-order reading of the cross-entropies are
target-independent; this module only words them for ``keras.config``.
"""

from __future__ import annotations

from types import MappingProxyType as frozendict

from ..catalogue import ORDERING_VALUES
from ._schema import Row, Target, Variant
from .data_format import DIM_ORDERING_ROW
from .keras3_ops import OPS_ROWS
from .tf2 import KERAS3_BACKEND

_KERAS_REF = "Keras 2.2.4 `keras/backend/common.py` and `tensorflow_backend.py`"
_K3 = "keras 3.15 `keras/api/config`, `keras/api/ops`"

ROWS: tuple[Row, ...] = (
    *OPS_ROWS,
    # --- KM2xx: image ordering (the flow analysis is the tf2 target's, unchanged) ----------------
    Row(
        "KM201",
        "image_dim_ordering",
        (Variant("keras.config.image_data_format()"),),
        slug="image-dim-ordering",
        summary=(
            "Replace `K.image_dim_ordering()` with `keras.config.image_data_format()` and remap the "
            "compared 'th'/'tf' literals."
        ),
        example="if K.image_dim_ordering() == 'th':\n    axis = 1\nelse:\n    axis = -1\n",
        notes=(
            "As in the tf2 target: `'th'` is `'channels_first'`, `'tf'` is `'channels_last'`; the "
            "compared literals are remapped where every use of the value is followed, and the call "
            "keeps the legacy value (KM203) where it escapes."
        ),
        references=(_KERAS_REF, _K3),
    ),
    Row(
        "KM202",
        "set_image_dim_ordering",
        (
            Variant(
                "keras.config.set_image_data_format(dim_ordering)",
                when={"dim_ordering": ("th", "tf")},
                remap={"dim_ordering": ORDERING_VALUES},
            ),
        ),
        slug="set-image-dim-ordering",
        example="K.set_image_dim_ordering('th')\n",
        summary=(
            "Replace `K.set_image_dim_ordering('th'|'tf')` with "
            "`keras.config.set_image_data_format('channels_first'|'channels_last')`."
        ),
        manual="not a 'th'/'tf' literal; call `keras.config.set_image_data_format`",
        notes="As in the tf2 target, with `keras.config.set_image_data_format`.",
        references=(_KERAS_REF, _K3),
    ),
    # --- KM3xx: backend configuration ------------------------------------------------------------
    *(
        Row(
            rule,
            name,
            (Variant(template),),
            slug=f"common-{name.replace('_', '-')}",
            summary=f"Replace `K.common.{name}(...)` with `{template.split('(')[0]}(...)`.",
            notes=(
                f"Only calls that fail today are rewritten (`keras.backend.common` is gone). "
                f"`{template.split('(')[0]}` takes the value positionally, as the legacy function did."
            ),
            references=(_KERAS_REF, _K3),
        )
        for rule, name, template in (
            ("KM301", "epsilon", "keras.config.epsilon()"),
            ("KM302", "set_epsilon", "keras.config.set_epsilon(e)"),
            ("KM303", "floatx", "keras.config.floatx()"),
            ("KM304", "set_floatx", "keras.config.set_floatx(floatx)"),
            ("KM306", "image_data_format", "keras.config.image_data_format()"),
            ("KM307", "set_image_data_format", "keras.config.set_image_data_format(data_format)"),
        )
    ),
    Row(
        "KM305",
        "cast_to_floatx",
        (),
        slug="common-cast-to-floatx",
        summary="Report `K.common.cast_to_floatx(x)`: Keras 3 has no such function.",
        manual="no Keras 3 function; use `keras.ops.cast(x, keras.config.floatx())` or NumPy",
        notes=(
            "Keras 2.2.4 returned a NumPy array for any input; TF 2.21's legacy function returns a "
            "tensor for tensor input. Which one the code relied on is not visible here: use "
            "`np.asarray(x, dtype=keras.config.floatx())` for the first, "
            "`keras.ops.cast(x, keras.config.floatx())` for the second."
        ),
        references=(_KERAS_REF,),
    ),
    Row(
        "KM308",
        "normalize_data_format",
        (
            Variant("keras.config.image_data_format()", when={"value": (None,)}),
            Variant("value", when={"value": ("channels_first", "channels_last")}),
        ),
        slug="common-normalize-data-format",
        summary=(
            "Replace `K.common.normalize_data_format(None)` with `keras.config.image_data_format()` "
            "(and a literal format with itself)."
        ),
        manual="no Keras 3 function; use `(value or keras.config.image_data_format()).lower()`",
        notes="As in the tf2 target, with `keras.config.image_data_format()`.",
        references=(_KERAS_REF,),
    ),
)

TEXTS = frozendict(
    {
        "module_gone": "the module is gone; use `keras.ops` / `keras.config` (import keras)",
        "closest": "not rewritten; the closest is `keras.backend.{name}`",
        "no_equivalent": "no Keras 3 equivalent; port it with `keras.ops` by hand",
        "engine": "Keras 3",
        "private": "it has no public equivalent: write its few lines with `keras.ops`",
        "reorder": "use `keras.ops.transpose` or the op's `data_format=`",
        "summary": "Replace `K.{name}(...)` with its Keras 3 (`keras.ops`) equivalent.",
        "fallback": "keras.backend",
    }
)

PRIVATE_HINTS = frozendict(
    {
        "_EPSILON": "use `keras.config.epsilon()`",
        "_FLOATX": "use `keras.config.floatx()`",
        "_IMAGE_DATA_FORMAT": "use `keras.config.image_data_format()`",
        "_IMAGE_DIM_ORDERING": "use `keras.config.image_data_format()` ('channels_first'/'channels_last')",
        "_BACKEND": "use `keras.config.backend()` ('tensorflow', 'jax', 'torch' or 'numpy')",
        "_preprocess_padding": "pass 'same' or 'valid' to the `keras.ops` function",
    }
)

KEYWORD_ROWS = (DIM_ORDERING_ROW,)

TARGET = KERAS3 = Target(
    name="keras3",
    description="Keras 3 on any backend (`import keras`, `keras.ops`, `keras.config`, `keras.random`)",
    roots=frozendict({"keras": ("keras", "keras")}),
    rows=ROWS,
    # only Keras 3's own small `keras.backend` still resolves: `tf.keras.backend.<op>` (the TF-only
    # legacy shim, which rejects functional-API tensors) is moved to `keras.ops` too
    still_resolves=frozendict(
        {
            "keras.backend": KERAS3_BACKEND,
            "tensorflow.keras.backend": KERAS3_BACKEND,
        }
    ),
    texts=TEXTS,
    fallback_names=KERAS3_BACKEND,
    private_hints=PRIVATE_HINTS,
    keyword_rows=KEYWORD_ROWS,
)

__all__ = ["KERAS3", "TARGET"]
