"""KM2xx: Theano-era image ordering -> ``image_data_format``, with 'th'/'tf' literals remapped.

KM201/KM202 are table rows (the call rewrites); KM203 is the form the KM201 rewrite takes
for ordering values that flow where the compared literals cannot be followed (flow.py).
"""

from __future__ import annotations

from ..tables import DEFAULT_TARGET, SOMETIMES_SAFE, TARGETS
from ._base import Example, RuleInfo
from ._rows import rules_for

FAMILY = "data_format"

KM203 = RuleInfo(
    "KM203",
    "keep-dim-ordering-value",
    "Keep the legacy 'th'/'tf' value where an image ordering value goes beyond what can be followed.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "KM201 turns `K.image_dim_ordering()` into `image_data_format()` and remaps the 'th'/'tf' "
        "literals it is compared with. That is only right where kerasmigrate sees every use of "
        "the value. Where it goes further (stored on an attribute, passed to a function, used as "
        "a dictionary key, assigned to a parameter callers also pass 'th'/'tf' into, returned by "
        "a function that also returns other values, bound to a public module-level name another "
        "module may import, compared with something that is not a 'th'/'tf' literal), a "
        "comparison with 'th' there would silently become always-false. So for those values the "
        "call becomes an expression with the legacy value itself, and nothing compared with it "
        "is changed."
    ),
    fix_safety=(
        "Safe: `image_data_format()` returns only 'channels_first' or 'channels_last' (Keras "
        "validates every way of setting it), so the lookup gives 'th' exactly when the legacy "
        "getter did. The expression is written inline rather than as a helper function added "
        "to your module: it is self-contained and a later run leaves it alone. A `dim_ordering=` "
        "keyword (KM204) or `set_image_data_format` call (KM202) that receives such a value maps "
        "it back with `{'th': 'channels_first', 'tf': 'channels_last'}[value]`. The fix is "
        "recorded under KM203; the call itself is selected by KM201."
    ),
    # what each target makes of it is made by running the target (docs.py)
    example=Example(
        "from keras import backend as K\n\n\nclass Config:\n    def __init__(self):\n"
        "        self.dim_ordering = K.image_dim_ordering()\n"
    ),
    use_instead=(
        "Nothing to do. To get the modern form, change the code that uses the value to compare "
        "with 'channels_first' / 'channels_last' and call the `image_data_format()` that KM201 "
        "writes."
    ),
)

KM204 = RuleInfo(
    "KM204",
    "dim-ordering-keyword",
    "Replace `dim_ordering='th'|'tf'|'default'` in Keras calls with `data_format=` and its values.",
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        "Keras 2 renamed the keyword of every layer and backend function that took "
        "`dim_ordering` to `data_format`, with 'th' -> 'channels_first', 'tf' -> 'channels_last' "
        "and 'default' -> None (Keras 2.2.4 `legacy/interfaces.py`); current Keras rejects "
        "`dim_ordering=` as an unknown keyword. Only calls that resolve to `keras` or "
        "`tensorflow.keras` are touched: a function of your own keeps its own parameter. The "
        "keyword is renamed only where the callee takes `data_format` today (the layers, backend "
        "functions and image preprocessing callables listed in `tables/data_format.py`, checked "
        "against the installed TensorFlow); elsewhere the call is reported as what it is: the "
        "private `_obtain_input_shape` (gone; its `include_top` became `require_flatten`), a "
        "Keras 1 initializer lookup (initializers never took `data_format`), a Keras 1 layer that "
        "no longer exists, or another callable without `data_format`."
    ),
    fix_safety=(
        "Safe: the value mapping is the one Keras 2 applied itself. A followed image ordering "
        "value is passed on as it is, or through `{'th': 'channels_first', 'tf': "
        "'channels_last'}[value]` where it kept its legacy value (KM203). A value that is neither "
        "a literal nor a followed ordering value is reported, not guessed."
    ),
    example=Example(
        "from keras.layers import MaxPooling2D\n\npool = MaxPooling2D((2, 2), dim_ordering='th')\n",
        "from keras.layers import MaxPooling2D\n\npool = MaxPooling2D((2, 2), data_format='channels_first')\n",
    ),
    use_instead="`data_format='channels_first'` / `'channels_last'` / `None`",
    references=("Keras 2.2.4 `keras/legacy/interfaces.py` (dim_ordering value conversions)",),
)

RULES = (*rules_for(TARGETS[DEFAULT_TARGET], "KM2", FAMILY), KM203, KM204)
