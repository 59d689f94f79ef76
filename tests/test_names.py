"""A migration never introduces an undefined or unbound name (issue 10 §1).

Over every fixture (all groups, including the complete programs in fixtures/programs/):
ruff's F821/F823 on the input and on the output, with one ruff run for all of them, and our
own check of the binding each emitted ``tf``/``tensorflow`` relies on (tests/names.py).
The property tests in test_robustness.py run the same checks on generated programs.
"""

from __future__ import annotations

from kerasmigrate import migrate_bytes
from tests.fixture_cases import cases
from tests.names import new_undefined, new_unsound, unsound_roots

CASES = [c for c in cases() if not c.lines(".error")]


def _migrated() -> list[tuple[str, bytes, bytes]]:
    out = []
    for case in CASES:
        before = case.source.read_bytes()
        result = migrate_bytes(before, path=case.source.name, **case.options())  # type: ignore[arg-type]
        out.append((case.id, before, result.data))
    return out


def test_no_fixture_output_has_a_new_undefined_name() -> None:
    migrated = _migrated()
    problems = new_undefined([(before, after) for _, before, after in migrated])
    bad = {case: found for (case, _, _), found in zip(migrated, problems, strict=True) if found}
    assert len(migrated) > 200
    assert not bad, f"{len(bad)} fixtures gained F821/F823 diagnostics: {bad}"


def test_every_emitted_root_is_bound_on_every_path() -> None:
    bad = {}
    for case, before, after in _migrated():
        found = new_unsound(before, after)
        if found:
            bad[case] = found
    assert not bad, f"{len(bad)} fixtures use tf/tensorflow where it is not bound: {bad}"


def test_the_checks_see_what_they_are_for() -> None:
    """Each check flags the hazard it exists for (a check that flags nothing proves nothing)."""
    later = "def f(x):\n    y = tf.abs(x)\n    import tensorflow as tf\n    return y\n"
    shadowed = "import tensorflow as tf\n\n\n" + later
    branch = "c = 1\nif c:\n    import tensorflow as tf\ny = tf.abs(1)\n"
    after = "y = tf.abs(1)\nimport tensorflow as tf\n"
    ok = "import tensorflow as tf\n\n\ndef f(x):\n    return tf.abs(x)\n"
    assert new_undefined([("", later), ("", shadowed), ("", branch), ("", ok)]) == [
        ["F821 `tf` x1"],  # ruff says F823 only when there is also a global `tf`
        ["F823 `tf` x1"],
        [],  # ruff cannot see a name bound on one branch only ...
        [],
    ]
    assert unsound_roots(branch) and unsound_roots(after) and unsound_roots(later)  # ... we can
    assert unsound_roots(shadowed)
    assert not unsound_roots(ok)
    assert not unsound_roots("import tensorflow\n\ndef f():\n    return tensorflow.abs(1)\n")
    assert unsound_roots("import tensorflow as tf\ntf = None\ny = tf.abs(1)\n")
    assert unsound_roots("import tensorflow as tf\n\ndef f(tf):\n    return tf.abs(1)\n")
