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

KM204 = RuleInfo(
    "KM204",
    "dim-ordering-keyword",
    "Replace `dim_ordering='th'|'tf'|'default'` in Keras calls with `data_format=` and its values.",
    FixSafety.SAFE,
    FAMILY,
    why=(
        "Keras 2 renamed the keyword of every layer and backend function that took "
        "`dim_ordering` to `data_format`, with 'th' -> 'channels_first', 'tf' -> 'channels_last' "
        "and 'default' -> None (Keras 2.2.4 `legacy/interfaces.py`); current Keras rejects "
        "`dim_ordering=` as an unknown keyword. Only calls that resolve to `keras` or "
        "`tensorflow.keras` are touched: a function of your own keeps its own parameter."
    ),
    fix_safety=(
        "Safe: the value mapping is the one Keras 2 applied itself. A value that is neither a "
        "literal nor an image ordering value kerasmigrate has followed is reported, not guessed."
    ),
    example=Example(
        "from keras.layers import MaxPooling2D\n\npool = MaxPooling2D((2, 2), dim_ordering='th')\n",
        "from keras.layers import MaxPooling2D\n\npool = MaxPooling2D((2, 2), data_format='channels_first')\n",
    ),
    use_instead="`data_format='channels_first'` / `'channels_last'` / `None`",
    references=("Keras 2.2.4 `keras/legacy/interfaces.py` (dim_ordering value conversions)",),
)

RULES = (*rules_for(TF2, "KM2", FAMILY), KM203, KM204)
