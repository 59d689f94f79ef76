"""Large files go through segment.py; forced onto every fixture, it must give exactly what
the whole-file path gives (or decline, and then the whole-file path runs)."""

from __future__ import annotations

import time

import pytest

from kerasmigrate import api, migrate_bytes, segment
from tests.fixture_cases import cases

CASES = [c for c in cases() if not c.lines(".error")]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_segmented_equals_whole(case, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data = case.source.read_bytes()
    whole = migrate_bytes(data, **case.options())
    monkeypatch.setattr(segment, "FORCE", True)
    parts = migrate_bytes(data, **case.options())
    assert parts.data == whole.data
    assert [(f.line, f.column, f.rule) for f in parts.findings] == [
        (f.line, f.column, f.rule) for f in whole.findings
    ]
    assert [f.rule for f in parts.fixes] == [f.rule for f in whole.fixes]


def test_ten_megabyte_file_with_keras() -> None:
    filler = "".join(f"def f{i}(x, y):\n    z = x * {i} + y\n    return z\n\n\n" for i in range(180_000))
    source = (
        "from keras import backend as K\n\n\n" + filler + "def loss(a, b):\n    return K.common.abs(a - b)\n"
    )
    assert len(source) > 10_000_000
    start = time.perf_counter()
    result = api.migrate_source(source)
    elapsed = time.perf_counter() - start
    assert result.changed and result.code.endswith("    return tf.abs(a - b)\n")
    assert result.code.startswith("import tensorflow as tf\n\n\n")
    assert result.code.count("\n") == source.count("\n")
    print(f"10 MB file with Keras migrated in {elapsed:.1f}s")


def test_imports_knows_the_segment_marker() -> None:
    """imports.py leaves segment.py's marker with a removed import (tested through it above)."""
    from kerasmigrate import imports

    assert imports.SEGMENT_MARK == segment._SENTINEL
