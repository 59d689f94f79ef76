"""KM9xx: legacy backend references that no rule rewrote. Nothing is missed silently."""

from __future__ import annotations

from ..tables import FixSafety
from ._base import Example, RuleInfo

FAMILY = "leftovers"

KM901 = RuleInfo(
    "KM901",
    "unmigrated-backend-name",
    "A legacy Keras backend name that kerasmigrate cannot rewrite is still referenced.",
    FixSafety.MANUAL,
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
    use_instead="Use the `tf.*` or `tf.keras.backend.*` equivalent named in the message.",
)
KM902 = RuleInfo(
    "KM902",
    "backend-function-reference",
    "A legacy backend function is used as a value (not called); its arguments cannot be checked.",
    FixSafety.MANUAL,
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
        "Pass a lambda or the `tf.nn.*` function with the arguments you need; the replacements "
        "for each argument combination are on the function's own rule page, named in the message."
    ),
)

RULES = (KM901, KM902)
