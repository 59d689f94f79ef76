"""Keras 1 argument order of the cross-entropy functions (KM170-KM172): the rule's data.

Keras up to 2.0.6 took ``binary_crossentropy(output, target)`` (also ``categorical_`` and
``sparse_categorical_crossentropy``); since 2.0.7 it is ``(target, output)``. A call that
passes both positionally is read by the names its two arguments show:

The logic is in ``kerasmigrate/argorder.py``.

* the name an argument shows is a Name's own, an attribute's last part, and for a
  subscript or a call (``y_true[:, 0]``, ``K.flatten(y_true)``) that of its value / first
  positional argument;
* the name is split into words (``y_pred_f`` -> y, pred, f; ``yTrue`` -> y, true); it shows
  the target when a word is in ``TARGET_WORDS`` and none in ``OUTPUT_WORDS``, the output the
  other way round;
* the call is in Keras 1 order when its first argument shows the output or its second the
  target (and neither says the opposite); in Keras 2 order in the mirrored case; otherwise
  its order is unknown.

Keras 1 order is rewritten with keywords (``target=..., output=...``) and reported; an
unknown order is reported and not rewritten; Keras 2 order is rewritten as any other call.
"""

from __future__ import annotations

#: legacy functions whose first two parameters Keras 2.0.7 swapped, and those parameters
#: (in the Keras >= 2.0.7 order the table rows use)
SWAPPED_IN_2_0_7 = frozenset(
    {"binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"}
)
PARAMS = ("target", "output")

TARGET_WORDS = frozenset("true target targets label labels gt truth groundtruth".split())
OUTPUT_WORDS = frozenset(
    "pred preds prediction predictions predicted output outputs out logit logits prob probs "
    "probabilities hat yhat".split()
)


__all__ = ["OUTPUT_WORDS", "PARAMS", "SWAPPED_IN_2_0_7", "TARGET_WORDS"]
