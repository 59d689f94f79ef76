"""KM9xx: legacy backend references that no rule rewrote. Nothing is missed silently."""

from __future__ import annotations

from ..tables import NO_FIX
from ._base import Example, RuleInfo

FAMILY = "leftovers"

KM901 = RuleInfo(
    "KM901",
    "unmigrated-backend-name",
    "A legacy Keras backend name that kerasmigrate cannot rewrite is still referenced.",
    NO_FIX,
    FAMILY,
    why=(
        "`keras.backend.common` is gone and most `keras.backend` functions are gone from Keras 3. "
        "A reference that is left as it was fails at run time, so it must not pass unnoticed."
    ),
    fix_safety="Report only: the reference is left as it was.",
    example=Example(
        "import keras.backend as K\n\nuid = K.common.get_uid('dense')\n",
        "import keras.backend as K\n\nuid = K.common.get_uid('dense')\n",
    ),
    use_instead="Use the target's equivalent named in the message.",
)
KM902 = RuleInfo(
    "KM902",
    "backend-function-reference",
    "A legacy backend function is used as a value (not called); its arguments cannot be checked.",
    NO_FIX,
    FAMILY,
    why=(
        "`activation=K.relu` hands the function to other code that may call it with arguments "
        "the replacement does not take, so the rewrite cannot be proven equivalent."
    ),
    fix_safety=(
        "Functions whose legacy signature is a single tensor (such as `abs`, `sigmoid`) are "
        "rewritten by their own rule; the others are reported here and left as they were."
    ),
    example=Example(
        "from keras import backend as K\n\nact = K.common.relu\n",
        "from keras import backend as K\n\nact = K.common.relu\n",
    ),
    use_instead=(
        "Pass a lambda or the target's function with the arguments you need; the replacements "
        "for each argument combination are on the function's own rule page, named in the message."
    ),
)

KM903 = RuleInfo(
    "KM903",
    "theano-backend",
    "Code written against the Theano or CNTK backend module; reported, never rewritten for the target.",
    NO_FIX,
    FAMILY,
    why=(
        "`keras.backend.theano_backend` and `keras.backend.cntk_backend` are gone, so the import "
        "fails today. A module that imports them usually works on Theano tensors too "
        "(`theano.tensor`, `images2neibs`): turning its `permute_dimensions` or `variable` into "
        "the target's ops would mix them into Theano code without a word."
    ),
    fix_safety=(
        "Report only: nothing reached through a Theano or CNTK backend module is rewritten, "
        "including names that have an equivalent in the target. An unused import of one is reported "
        "too, because the import itself fails."
    ),
    example=Example(
        "from keras.backend import theano_backend as KTH\n\ny = KTH.permute_dimensions(x, (0, 2, 1))\n",
        "from keras.backend import theano_backend as KTH\n\ny = KTH.permute_dimensions(x, (0, 2, 1))\n",
    ),
    use_instead=(
        "Port the module to the target as a whole (Theano tensors and ops included), then run "
        "kerasmigrate again; or delete the Theano-only code path."
    ),
)
KM904 = RuleInfo(
    "KM904",
    "private-backend-name",
    "A private (`_`-prefixed) name of a legacy backend module is used.",
    NO_FIX,
    FAMILY,
    why=(
        "Private helpers and globals of the legacy backend (`_preprocess_conv2d_input`, "
        "`_postprocess_conv3d_output`, `_preprocess_padding`, `common._EPSILON`, `_BACKEND`) "
        "were never part of the API and do not exist in current Keras; they have no public "
        "equivalent with the same contract, so the reference fails at run time."
    ),
    fix_safety="Report only: the reference is left as it was.",
    example=Example(
        "from keras import backend as K\n\neps = K.common._EPSILON\n",
        "from keras import backend as K\n\neps = K.common._EPSILON\n",
    ),
    use_instead=(
        "Use the target's public getter that the message names (`epsilon()`, `floatx()`, "
        "`image_data_format()`, `backend()`), or write the helper's few lines yourself (the "
        "message says how for the conv input/output reordering and the padding)."
    ),
)

KM905 = RuleInfo(
    "KM905",
    "missing-api-name",
    "A `keras.*` or `tensorflow.*` name that no longer exists (API snapshot of TF 2.21 / Keras 3.15) is used.",
    NO_FIX,
    FAMILY,
    why=(
        "`tf.Session`, `tf.to_float`, `tf.contrib.*`, `keras.engine.topology` or "
        "`keras.layers.core` are gone: the import fails, or the attribute raises `AttributeError` "
        "when the line runs. kerasmigrate checks every reference through imports against a "
        "snapshot of the pinned packages' public API (`src/kerasmigrate/data/api_snapshot.txt.gz`, "
        "written by `python -m kerasmigrate.snapshot`), so no such name passes unnoticed. "
        "A name another rule rewrites or reports is not reported again."
    ),
    fix_safety=(
        "Report only: the message names where a public name of the same name lives today (check "
        "it is the same API), or the `tf.compat.v1` spelling of a TensorFlow 1.x name. Private "
        "modules (`keras.src`, `tensorflow.python`, `_`-prefixed names) and attributes of classes "
        "are not checked, nor is an import (an attribute) in a `try` whose handler catches "
        "`ImportError` (`AttributeError`): the fallback idiom expects the failure."
    ),
    example=Example(
        "import tensorflow as tf\n\nsess = tf.Session()\n",
        "import tensorflow as tf\n\nsess = tf.Session()\n",
    ),
    use_instead=(
        "Use the name the message gives; for TensorFlow 1.x graph code, port it to TF 2 "
        "(eager execution, `tf.function`) or, as a stopgap, `tf.compat.v1`."
    ),
)
KM906 = RuleInfo(
    "KM906",
    "unknown-keyword-argument",
    "A keyword argument that the Keras/TensorFlow callable no longer accepts.",
    NO_FIX,
    FAMILY,
    why=(
        "`Conv2D(border_mode='same')` raises `ValueError: Unrecognized keyword arguments passed to "
        "Conv2D` in Keras 3, and a function without `**kwargs` raises `TypeError`. The accepted "
        "keywords come from the API snapshot: a callable's parameters, and for a Keras layer "
        "taking `**kwargs` the parameters of its bases up to `Layer` and the few names they read "
        "from `**kwargs` (`input_shape`, `input_dim`): `Layer.__init__` rejects every other one."
    ),
    fix_safety=(
        "Report only. Callables taking `*args` or a `**kwargs` that is not a layer's are not checked."
    ),
    example=Example(
        "from keras.layers import Dense\n\nlayer = Dense(8, bogus=1)\n",
        "from keras.layers import Dense\n\nlayer = Dense(8, bogus=1)\n",
    ),
    use_instead="Pass the keyword the current signature names (the message lists the close ones), or drop it.",
)

RULES = (KM901, KM902, KM903, KM904, KM905, KM906)
