"""KM2xx: Theano-era image ordering -> ``image_data_format``, with 'th'/'tf' literals remapped.

KM201/KM202 are table rows (the call rewrites); KM203 is this family's own finding for
ordering values that flow where the compared literals cannot be followed.
"""

from __future__ import annotations

from ..tables import FixSafety
from ..tables.tf2 import TF2
from ._base import Example, RuleInfo
from ._rows import rules_for

FAMILY = "data_format"

KM203 = RuleInfo(
    "KM203",
    "untracked-dim-ordering-value",
    "An image ordering value flows where its 'th'/'tf' literals cannot be remapped; check them.",
    FixSafety.MANUAL,
    FAMILY,
    why=(
        "After KM201 the value is 'channels_first'/'channels_last'. A comparison with 'th'/'tf' "
        "that kerasmigrate cannot see (a value returned, passed on, stored on an attribute, or "
        "compared with something that is not a literal) would silently become always-false."
    ),
    fix_safety="Report only: the call is still rewritten; the place the value flows to is reported.",
    example=Example(
        "from keras import backend as K\n\n\ndef ordering():\n    return K.image_dim_ordering()\n",
        "import tensorflow as tf\n\n\ndef ordering():\n    return tf.keras.backend.image_data_format()\n",
    ),
    use_instead="Compare the value with 'channels_first' / 'channels_last' wherever it is used.",
)

RULES = (*rules_for(TF2, "KM2", FAMILY), KM203)
