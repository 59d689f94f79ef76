"""KM4xx: Keras configuration files (``keras.json``, usually ``~/.keras/keras.json``).

Keras 1 wrote ``"image_dim_ordering": "th"`` and ``"backend": "theano"`` there. Keras 2
reads ``"image_data_format"`` instead (``keras/backend/common.py`` in Keras 2.0), and the
Theano and CNTK backends are gone from Keras 2.4 on. A project that ships its own
keras.json (for tests or a Docker image) keeps the old ordering silently: the key is no
longer read, so the default ``channels_last`` applies.
"""

from __future__ import annotations

from ..tables import NO_FIX, SOMETIMES_SAFE
from ._base import RuleInfo

FAMILY = "config_files"

KM401 = RuleInfo(
    "KM401",
    "keras-json-image-dim-ordering",
    'In keras.json, replace `"image_dim_ordering": "th"/"tf"` with `"image_data_format"`.',
    SOMETIMES_SAFE,
    FAMILY,
    why=(
        'Keras 2 and every later Keras ignore `"image_dim_ordering"`: a file that says `"th"` silently runs '
        "with the default `channels_last`. The key and its value are renamed in place "
        '(`"th"` -> `"channels_first"`, `"tf"` -> `"channels_last"`); the rest of the file, its '
        "indentation and key order are kept byte for byte."
    ),
    fix_safety=(
        "Safe: the new key is the one Keras reads, with the value the old key meant. If the file "
        'already has `"image_data_format"`, or the value is not `"th"`/`"tf"`, nothing is rewritten '
        "and the line is reported."
    ),
    use_instead=(
        '```json\n{\n    "image_data_format": "channels_first",\n    "backend": "tensorflow"\n}\n```'
    ),
)
KM402 = RuleInfo(
    "KM402",
    "keras-json-removed-backend",
    'keras.json selects a backend that no longer exists (`"theano"`, `"cntk"`).',
    NO_FIX,
    FAMILY,
    why=(
        "Theano and CNTK support was removed from Keras; with such a keras.json, Keras either "
        "fails at import or falls back to another backend without saying so."
    ),
    fix_safety="Report only: the backend is a deployment choice, so the file is not changed.",
    use_instead='Set `"backend": "tensorflow"` (or `"jax"`/`"torch"` with Keras 3).',
)
KM403 = RuleInfo(
    "KM403",
    "keras-json-invalid",
    "A file named keras.json is not a JSON object; it is reported and left untouched.",
    NO_FIX,
    FAMILY,
    why="Rewriting a file that does not parse could corrupt it; Keras itself ignores such a file.",
    fix_safety="The file is left byte-for-byte as it was and the run goes on with the other files.",
    use_instead="Fix the JSON at the reported line and column, then run kerasmigrate again.",
)

RULES = (KM401, KM402, KM403)
