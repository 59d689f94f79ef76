"""The shipped API snapshot is what the pinned TensorFlow/Keras expose (regenerated here).

``python -m kerasmigrate.snapshot`` writes it; this test regenerates it from the installed
packages and fails when the shipped file differs (a stale snapshot would miss or invent names).
"""

from __future__ import annotations

import gzip

from kerasmigrate import snapshot as generator
from kerasmigrate.apisnapshot import PATH, Status, accepted_keywords, snapshot


def test_snapshot_is_current(tf) -> None:
    shipped = gzip.decompress(PATH.read_bytes()).decode("utf-8")
    assert shipped == generator.generate(), "stale: run `python -m kerasmigrate.snapshot`"


def test_snapshot_answers_match_the_packages(tf) -> None:
    import keras

    shot = snapshot()
    assert shot.lookup("tensorflow.compat.v1.Session").status is Status.EXISTS
    assert not hasattr(tf, "Session") and shot.lookup("tensorflow.Session").status is Status.MISSING
    assert not hasattr(tf, "to_float") and shot.lookup("tensorflow.to_float").status is Status.MISSING
    # an alias that still exists (with another meaning for Keras 1 positionals)
    assert keras.layers.Convolution2D is keras.layers.Conv2D
    assert shot.lookup("keras.layers.Convolution2D").status is Status.EXISTS
    # the keywords a layer's **kwargs accepts: Layer.__init__ raises on any other one
    accepted = accepted_keywords(shot.lookup("keras.layers.Conv2D"))
    assert accepted is not None and "input_shape" in accepted and "border_mode" not in accepted
    keras.layers.Conv2D(2, 3, input_shape=(4, 4, 1))
    try:
        keras.layers.Conv2D(2, 3, border_mode="same")
    except (TypeError, ValueError):
        pass
    else:
        raise AssertionError("Conv2D accepted border_mode=")
    assert "input_length" in (accepted_keywords(shot.lookup("keras.layers.Embedding")) or ())
    keras.layers.Embedding(10, 2, input_length=5)  # popped from **kwargs: accepted


def test_catalogue_names_exist_in_the_snapshot(tf) -> None:
    """KM905 trusts the catalogue's current names (``renamed``, or the entry's own name when
    only its arguments changed): each built-in one must exist in the pinned packages."""
    from kerasmigrate.analyses.missing import _current_name
    from kerasmigrate.catalogue import CATALOGUE

    shot = snapshot()
    names = [(e.rule, name) for e in CATALOGUE if (name := _current_name(e))]
    wrong = [(rule, name) for rule, name in names if shot.lookup(name).status is Status.MISSING]
    assert not wrong, f"catalogue names missing from TensorFlow 2.21 / Keras 3.15: {wrong}"
