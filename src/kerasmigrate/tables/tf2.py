"""Target ``tf2``: TensorFlow 2 with ``tf.keras`` (TF 2.x, Keras 2 or the Keras 3 shim).

Every emitted name exists in TensorFlow 2.21 (checked by tests/semantic against the
installed TensorFlow). Sources for the semantics: docs/legacy-apis.md.
"""

from __future__ import annotations

from types import MappingProxyType as frozendict

from ..catalogue import ORDERING_VALUES
from ._schema import Cond, FixSafety, FunctionalAPI, Row, Target, Variant
from .data_format import DIM_ORDERING_ROW
from .tf2_ops import OPS_ROWS

D = Cond.DEFAULT

_KERAS_REF = "Keras 2.2.4 `keras/backend/common.py` and `tensorflow_backend.py`"
_REMOVED_COMMON = (
    "`keras.backend.common` was removed in Keras 2.4 (June 2020); every call through it "
    "fails with `AttributeError: module 'keras.backend' has no attribute 'common'`."
)

ROWS: tuple[Row, ...] = (
    # --- KM101-KM103: the three functions of the keras.backend.common guide -------------------
    Row(
        "KM101",
        "abs",
        (Variant("tf.abs(x)"),),
        summary="Replace `K.abs(x)` with `tf.abs(x)`.",
        notes="Same op: the legacy backend calls `tf.abs`.",
        references=(_KERAS_REF,),
    ),
    Row(
        "KM102",
        "relu",
        (
            Variant("tf.nn.relu(x)"),
            Variant("tf.nn.leaky_relu(x, alpha=alpha)", when={"alpha": Cond.NUMBER}),
            Variant("tf.nn.relu6(x)", when={"max_value": (6, 6.0)}),
        ),
        summary="Replace `K.relu(x)` with `tf.nn.relu(x)` (or `leaky_relu` / `relu6`).",
        manual="no exact `tf.nn` op for this alpha/max_value/threshold; use `tf.keras.backend.relu`",
        notes=(
            "`tf.nn.relu` is only equal when `alpha`, `max_value` and `threshold` are absent or "
            "zero/None. A numeric `alpha` alone is `tf.nn.leaky_relu(x, alpha=alpha)`, which is what "
            "the legacy function itself calls; `max_value=6` alone is `tf.nn.relu6(x)`, again the "
            "legacy function's own fast path. Every other combination (a threshold, a clip other "
            "than 6, a non-literal alpha) is reported, not rewritten: use `tf.keras.backend.relu(...)` "
            "with the same arguments, or compose `tf.clip_by_value`/`tf.nn.leaky_relu` by hand."
        ),
        references=(_KERAS_REF, "TF 2.21 `keras/src/legacy/backend.py::relu`"),
    ),
    Row(
        "KM103",
        "sigmoid",
        (Variant("tf.nn.sigmoid(x)"),),
        summary="Replace `K.sigmoid(x)` with `tf.nn.sigmoid(x)`.",
        notes="Same op: the legacy backend calls `tf.nn.sigmoid`.",
        references=(_KERAS_REF,),
    ),
    # --- KM104-KM199: the rest of the backend math surface (tf2_ops.py) ---------------------
    *OPS_ROWS,
    # --- KM2xx: image ordering ------------------------------------------------------------
    Row(
        "KM201",
        "image_dim_ordering",
        (Variant("tf.keras.backend.image_data_format()"),),
        slug="image-dim-ordering",
        summary=(
            "Replace `K.image_dim_ordering()` with `tf.keras.backend.image_data_format()` and "
            "remap the compared 'th'/'tf' literals."
        ),
        example="if K.image_dim_ordering() == 'th':\n    axis = 1\nelse:\n    axis = -1\n",
        notes=(
            "The legacy getter returned `'th'` exactly when the data format is `channels_first` and "
            "`'tf'` otherwise, so `== 'th'` becomes `== 'channels_first'` and `== 'tf'` becomes "
            "`== 'channels_last'`, keeping the quote style. Comparisons are followed through `==`, "
            "`!=`, `in` and `not in` (tuple, list or set of literals), directly, through names "
            "bound only to the value (in a function, or at module level under a private `_name`), "
            "and through functions whose every return gives it. Where any use of the value goes "
            "further (an attribute, an argument, a dictionary key, a public module-level name "
            "another module may import), the call keeps the legacy value instead (KM203) and the "
            "literals are left as they are."
        ),
        references=(_KERAS_REF, "Keras 2.0 release notes: `image_dim_ordering` -> `image_data_format`"),
    ),
    Row(
        "KM202",
        "set_image_dim_ordering",
        (
            Variant(
                "tf.keras.backend.set_image_data_format(dim_ordering)",
                when={"dim_ordering": ("th", "tf")},
                remap={"dim_ordering": ORDERING_VALUES},
            ),
        ),
        slug="set-image-dim-ordering",
        example="K.set_image_dim_ordering('th')\n",
        summary=(
            "Replace `K.set_image_dim_ordering('th'|'tf')` with "
            "`tf.keras.backend.set_image_data_format('channels_first'|'channels_last')`."
        ),
        manual="not a 'th'/'tf' literal; call `tf.keras.backend.set_image_data_format`",
        notes=(
            "Keras 2 accepted only 'th' and 'tf' and mapped 'th' to channels_first and 'tf' to "
            "channels_last. A non-literal argument that is an image ordering value kerasmigrate "
            "follows (`previous = K.image_dim_ordering()` ... `K.set_image_dim_ordering(previous)`) "
            "is passed on as it is, or through `{'th': 'channels_first', 'tf': 'channels_last'}` "
            "where the value kept its legacy form (KM203). Any other non-literal argument is "
            "reported: mapping it through that dictionary would raise KeyError where the legacy "
            "setter raised ValueError."
        ),
        references=(_KERAS_REF,),
    ),
    # --- KM3xx: backend configuration -----------------------------------------------------
    *(
        Row(
            rule,
            name,
            (Variant(f"tf.keras.backend.{name}({sig})"),),
            slug=f"common-{name.replace('_', '-')}",
            summary=f"Replace `K.common.{name}(...)` with `tf.keras.backend.{name}(...)`.",
            notes=(
                f"Only calls that fail today are rewritten: `{name}` reached through "
                "`keras.backend.common` (removed), or through a module where it no longer exists. "
                f"`{name}` reached through a module that still has it is left alone."
            ),
            references=(_KERAS_REF, _REMOVED_COMMON),
        )
        for rule, name, sig in (
            ("KM301", "epsilon", ""),
            ("KM302", "set_epsilon", "e"),
            ("KM303", "floatx", ""),
            ("KM304", "set_floatx", "floatx"),
            ("KM305", "cast_to_floatx", "x"),
            ("KM306", "image_data_format", ""),
            ("KM307", "set_image_data_format", "data_format"),
        )
    ),
    Row(
        "KM308",
        "normalize_data_format",
        (
            Variant("tf.keras.backend.image_data_format()", when={"value": (None,)}),
            Variant("value", when={"value": ("channels_first", "channels_last")}),
        ),
        slug="common-normalize-data-format",
        summary=(
            "Replace `K.common.normalize_data_format(None)` with "
            "`tf.keras.backend.image_data_format()` (and a literal format with itself)."
        ),
        manual="no TF 2 equivalent; use `(value or tf.keras.backend.image_data_format()).lower()`",
        notes=(
            "Keras 2.2 returned `image_data_format()` for None and the lower-cased, validated value "
            "otherwise. Only the cases whose result is known here (None, or an already-normal "
            "literal) are rewritten. Otherwise use "
            "`(value or tf.keras.backend.image_data_format()).lower()` and validate the result."
        ),
        references=(_KERAS_REF,),
    ),
)

#: Names in Keras 3's public ``keras.backend`` (keras 3.15.1 ``keras/backend/__init__.py``).
KERAS3_BACKEND = frozenset(
    "backend clear_session epsilon floatx get_uid image_data_format is_float_dtype "
    "is_int_dtype is_keras_tensor result_type set_epsilon set_floatx set_image_data_format "
    "standardize_dtype".split()
)

#: Names in ``tf.keras.backend`` on TensorFlow 2.21 (the Keras 3 legacy shim).
#: tests/semantic checks this list against the installed TensorFlow.
TF_KERAS_BACKEND = frozenset(
    "abs all any arange argmax argmin backend batch_dot batch_flatten batch_get_value "
    "batch_normalization batch_set_value bias_add binary_crossentropy binary_focal_crossentropy "
    "cast cast_to_floatx categorical_crossentropy categorical_focal_crossentropy clear_session "
    "clip concatenate constant conv1d conv2d conv2d_transpose conv3d cos count_params "
    "ctc_batch_cost ctc_decode ctc_label_dense_to_sparse cumprod cumsum depthwise_conv2d dot "
    "dropout dtype elu epsilon equal eval exp expand_dims eye flatten floatx foldl foldr gather "
    "get_uid get_value gradients greater greater_equal hard_sigmoid image_data_format in_top_k "
    "int_shape is_float_dtype is_int_dtype is_keras_tensor is_sparse l2_normalize less "
    "less_equal log map_fn max maximum mean min minimum moving_average_update name_scope ndim "
    "not_equal one_hot ones ones_like permute_dimensions pool2d pool3d pow prod random_bernoulli "
    "random_normal random_normal_variable random_uniform random_uniform_variable relu repeat "
    "repeat_elements reshape resize_images resize_volumes result_type reverse rnn round "
    "separable_conv2d set_epsilon set_floatx set_image_data_format set_value shape sigmoid sign "
    "sin softmax softplus softsign sparse_categorical_crossentropy spatial_2d_padding "
    "spatial_3d_padding sqrt square squeeze stack standardize_dtype std stop_gradient sum switch "
    "tanh temporal_padding tile to_dense transpose truncated_normal update update_add "
    "update_sub var variable zeros zeros_like".split()
)

#: What the engine and the rule pages say for this target (keys: ``_schema.TEXTS``).
TEXTS = frozendict(
    {
        "module_gone": "the module is gone; use `tf.keras.backend` (import tensorflow as tf)",
        "closest": "not rewritten; the closest is `tf.keras.backend.{name}`",
        "no_equivalent": "no `tf.keras.backend` equivalent; port it by hand",
        "engine": "TensorFlow",
        "private": "it has no public equivalent: write its few lines yourself",
        "reorder": "use `tf.transpose` or the op's `data_format=`",
        "summary": "Replace `K.{name}(...)` with its TensorFlow 2 equivalent.",
        "fallback": "tf.keras.backend",
    }
)

#: What to use instead of each private name of the legacy backend that real code used (KM904).
PRIVATE_HINTS = frozendict(
    {
        "_EPSILON": "use `tf.keras.backend.epsilon()`",
        "_FLOATX": "use `tf.keras.backend.floatx()`",
        "_IMAGE_DATA_FORMAT": "use `tf.keras.backend.image_data_format()`",
        "_IMAGE_DIM_ORDERING": "use `tf.keras.backend.image_data_format()` ('channels_first'/'channels_last')",
        "_BACKEND": "the backend is always 'tensorflow' now (`tf.keras.backend.backend()`)",
        "_preprocess_padding": "pass 'SAME' or 'VALID' to the tf op",
    }
)

KEYWORD_ROWS = (DIM_ORDERING_ROW,)

TARGET = TF2 = Target(
    name="tf2",
    description="TensorFlow 2 (`import tensorflow as tf`, `tf.keras`)",
    roots=frozendict({"tf": ("tensorflow", "tf")}),
    rows=ROWS,
    still_resolves=frozendict(
        {
            "keras.backend": KERAS3_BACKEND,
            "tensorflow.keras.backend": TF_KERAS_BACKEND,
        }
    ),
    texts=TEXTS,
    fallback_names=TF_KERAS_BACKEND,
    private_hints=PRIVATE_HINTS,
    keyword_rows=KEYWORD_ROWS,
    # TF ops raise on KerasTensors (docs/legacy-apis.md, "Functional-API tensors"); `x.shape.rank`
    # and `tf.keras.backend.dtype` fail on them too (the shape is a tuple, the dtype a string)
    functional=FunctionalAPI("tf.keras.layers.Lambda", frozenset({"ndim", "dtype"}), "keras3"),
)

__all__ = ["TARGET", "TF2", "FixSafety", "ORDERING_VALUES"]
