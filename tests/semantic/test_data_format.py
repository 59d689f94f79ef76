"""The image-ordering family (KM201/KM202): migrated code leaves the backend in the state the
legacy semantics specify and takes the same branches.

Keras 2.2.4 (keras-api.md §1.1): ``image_dim_ordering()`` is 'th' iff
``image_data_format() == 'channels_first'``, else 'tf'; ``set_image_dim_ordering('th')``
sets channels_first, ``'tf'`` channels_last. The legacy side runs against
legacy_reference.py, the migrated side is the real output of ``migrate_source``.
"""

from __future__ import annotations

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.tables import TARGETS

PROGRAM = """\
from keras import backend as K

K.set_image_dim_ordering({ordering!r})
eq_th = K.image_dim_ordering() == 'th'
eq_tf = K.image_dim_ordering() == "tf"
ne_th = K.image_dim_ordering() != 'th'
reversed_tf = 'tf' == K.image_dim_ordering()
in_tuple = K.image_dim_ordering() in ('th',)
not_in_list = K.image_dim_ordering() not in ['tf']
in_set = K.image_dim_ordering() in {{'th', 'tf'}}
_ordering = K.image_dim_ordering()
bound_th = _ordering == 'th'


def channel_axis():
    if K.image_dim_ordering() == 'th':
        return 1
    return -1


axis = channel_axis()
chained = 'th' == K.image_dim_ordering() == 'th'
data_format = K.common.image_data_format()
"""

RESULTS = (
    "eq_th",
    "eq_tf",
    "ne_th",
    "reversed_tf",
    "in_tuple",
    "not_in_list",
    "in_set",
    "bound_th",
    "axis",
    "chained",
    "data_format",
)
EXPECTED_FORMAT = {"th": "channels_first", "tf": "channels_last"}


def _run_legacy(tf, code: str) -> dict:
    from .legacy_reference import LegacyBackend

    body = code.replace("from keras import backend as K\n", "")
    ns: dict = {"K": LegacyBackend(TARGETS["tf2"])}
    exec(compile(body, "<legacy>", "exec"), ns)  # noqa: S102
    return ns


def _run_migrated(code: str) -> dict:
    ns: dict = {}
    exec(compile(code, "<migrated>", "exec"), ns)  # noqa: S102
    return ns


@pytest.mark.parametrize("initial", ["channels_last", "channels_first"])
@pytest.mark.parametrize("ordering", ["th", "tf"])
def test_set_then_compare(tf, ordering: str, initial: str) -> None:
    code = PROGRAM.format(ordering=ordering)
    result = migrate_source(code)
    assert result.changed and result.error is None
    assert "image_dim_ordering" not in result.code, result.code
    assert "'th'" not in result.code and '"tf"' not in result.code, result.code

    tf.keras.backend.set_image_data_format(initial)
    legacy = _run_legacy(tf, code)
    legacy_state = tf.keras.backend.image_data_format()

    tf.keras.backend.set_image_data_format(initial)
    migrated = _run_migrated(result.code)
    migrated_state = tf.keras.backend.image_data_format()
    tf.keras.backend.set_image_data_format("channels_last")

    assert legacy_state == migrated_state == EXPECTED_FORMAT[ordering]
    assert legacy["_ordering"] == ordering  # the legacy value itself ...
    assert migrated["_ordering"] == EXPECTED_FORMAT[ordering]  # ... is now the data format (KM201)
    differ = {k: (legacy[k], migrated[k]) for k in RESULTS if legacy[k] != migrated[k]}
    assert not differ, f"set_image_dim_ordering({ordering!r}) from {initial}: legacy vs migrated {differ}"


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_getter_comparisons_under_each_state(tf, data_format: str) -> None:
    """Without the setter: the comparisons follow whatever the configured format is."""
    code = PROGRAM.format(ordering="tf").replace("K.set_image_dim_ordering('tf')\n", "")
    result = migrate_source(code)
    assert result.changed
    tf.keras.backend.set_image_data_format(data_format)
    legacy = _run_legacy(tf, code)
    migrated = _run_migrated(result.code)
    tf.keras.backend.set_image_data_format("channels_last")
    differ = {k: (legacy[k], migrated[k]) for k in RESULTS if legacy[k] != migrated[k]}
    assert not differ, f"under {data_format}: legacy vs migrated {differ}"


@pytest.mark.parametrize("sequence", [("th", "tf"), ("tf", "th"), ("th", "th"), ("tf", "tf", "th")])
def test_round_trip(tf, sequence: tuple[str, ...]) -> None:
    """set -> get -> set ...: after each step the getter's comparison and the state agree."""
    lines = ["from keras import backend as K", "seen = []"]
    for ordering in sequence:
        lines += [
            f"K.set_image_dim_ordering({ordering!r})",
            "seen.append((K.image_dim_ordering() == 'th', K.image_dim_ordering() == 'tf', K.common.image_data_format()))",
        ]
    code = "\n".join(lines) + "\n"
    result = migrate_source(code)
    assert result.changed
    legacy = _run_legacy(tf, code)["seen"]
    migrated = _run_migrated(result.code)["seen"]
    tf.keras.backend.set_image_data_format("channels_last")
    expected = [(o == "th", o == "tf", EXPECTED_FORMAT[o]) for o in sequence]
    assert legacy == expected
    assert migrated == expected, f"migrated code:\n{result.code}"


def test_unknown_ordering_is_not_rewritten(tf) -> None:
    """The legacy setter raises for anything but 'th'/'tf': such calls must be left alone."""
    for value in ("'channels_first'", "'default'", "ordering"):
        result = migrate_source(f"from keras import backend as K\nK.set_image_dim_ordering({value})\n")
        assert "set_image_dim_ordering" in result.code, result.code
        assert any(f.rule == "KM202" for f in result.findings)


#: Every way an ordering value escapes the data flow (KM203): the migrated program must see
#: exactly the legacy 'th'/'tf' values, under both data formats.
ESCAPES = """\
from keras import backend as K

LEGACY = {'th', 'tf'}


class Config:
    def __init__(self):
        self.dim_ordering = K.image_dim_ordering()


def helper(ordering):
    assert ordering in LEGACY
    return ordering


def preprocess(x, dim_ordering='default'):
    if dim_ordering == 'default':
        dim_ordering = K.image_dim_ordering()
    assert dim_ordering in {'tf', 'th'}
    return (x, dim_ordering)


def mixed(override=None):
    if override is not None:
        return override
    return K.image_dim_ordering()


def restore():
    previous = K.image_dim_ordering()
    seen.append(previous)
    K.set_image_dim_ordering('th')
    K.set_image_dim_ordering(previous)
    return K.common.image_data_format()


seen = []
ORDERING = K.image_dim_ordering()
attribute = Config().dim_ordering
argument = helper(K.image_dim_ordering())
keyed = {'th': 1, 'tf': -1}[K.image_dim_ordering()]
defaulted = preprocess(0)[1]
passed = preprocess(0, 'th')[1]
returned = mixed()
overridden = mixed('th')
unknown_literal = K.image_dim_ordering() == 'channels_first'
restored = restore()
"""
ESCAPE_RESULTS = (
    "ORDERING",
    "attribute",
    "argument",
    "keyed",
    "defaulted",
    "passed",
    "returned",
    "overridden",
    "unknown_literal",
    "restored",
    "seen",
)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_escaping_values_keep_the_legacy_value(tf, data_format: str) -> None:
    """The value-preserving form gives the legacy 'th'/'tf' value wherever it goes."""
    result = migrate_source(ESCAPES)
    assert result.changed and result.error is None and not result.findings, result.findings
    assert "image_dim_ordering" not in result.code, result.code
    assert (
        "{'channels_first': 'th', 'channels_last': 'tf'}[tf.keras.backend.image_data_format()]" in result.code
    )
    assert {f.rule for f in result.fixes} >= {"KM202", "KM203"}
    tf.keras.backend.set_image_data_format(data_format)
    legacy = _run_legacy(tf, ESCAPES)
    legacy_state = tf.keras.backend.image_data_format()
    tf.keras.backend.set_image_data_format(data_format)
    migrated = _run_migrated(result.code)
    migrated_state = tf.keras.backend.image_data_format()
    tf.keras.backend.set_image_data_format("channels_last")
    assert legacy["ORDERING"] == ("th" if data_format == "channels_first" else "tf")
    assert legacy_state == migrated_state == data_format
    differ = {k: (legacy[k], migrated[k]) for k in ESCAPE_RESULTS if legacy[k] != migrated[k]}
    assert not differ, f"under {data_format}: legacy vs migrated {differ}\n{result.code}"


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_value_preserving_expressions_equal_the_legacy_getter_and_setter(tf, data_format: str) -> None:
    """The two lookups flow.py writes, evaluated directly against the Keras 2.2.4 definitions."""
    from kerasmigrate.flow import _LEGACY_TO_FORMAT

    from .legacy_reference import image_dim_ordering, set_image_dim_ordering

    tf.keras.backend.set_image_data_format(data_format)
    getter = {new: old for old, new in _LEGACY_TO_FORMAT.items()}[tf.keras.backend.image_data_format()]
    assert getter == image_dim_ordering()
    for legacy in ("th", "tf"):
        set_image_dim_ordering(legacy)
        expected = tf.keras.backend.image_data_format()
        tf.keras.backend.set_image_data_format(_LEGACY_TO_FORMAT[legacy])
        assert tf.keras.backend.image_data_format() == expected
    tf.keras.backend.set_image_data_format("channels_last")
