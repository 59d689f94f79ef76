"""Rule pages show every registered target's fix (issue 13 §5): proven with the toy target
of tests/toy/ registered next to tf2; with tf2 alone the pages are the single-target ones
in codemods/ (tests/test_registry.py checks those byte for byte)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kerasmigrate.cli import EXIT_OK, main
from kerasmigrate.docs import rule_page, targets
from kerasmigrate.rules import RULES
from kerasmigrate.tables import TARGETS, register
from tests.fixture_cases import ROOT
from tests.toy.numpy_target import TARGET


@pytest.fixture
def toy() -> Iterator[None]:
    register(TARGET)
    try:
        yield
    finally:
        del TARGETS[TARGET.name]


def test_page_on_disk_has_every_registered_target() -> None:
    assert [t.name for t in targets()] == list(TARGETS)
    page = rule_page(RULES["KM101"])
    assert page == (ROOT / "codemods" / "KM101.md").read_text(encoding="utf-8")
    assert all(f"## Target `{name}`: " in page for name in TARGETS) and "tf.abs(x)" in page


@pytest.mark.usefixtures("toy")
def test_a_section_per_target() -> None:
    assert [t.name for t in targets()][0] == "tf2" and TARGET in targets()
    page = rule_page(RULES["KM101"])
    tf2 = page.index("## Target `tf2`: ")
    numpy = page.index("## Target `toy-numpy`: NumPy")
    assert page.count("## Example") == 1 and page.index("## Example") < tf2 < numpy
    # each target's own summary, example output and replacement, in its own section
    assert "Replace `K.abs(x)` with `tf.abs(x)`." in page[tf2:numpy]
    assert "y = tf.abs(x)" in page[tf2:numpy] and "### Use instead\n\n`tf.abs(x)`" in page[tf2:numpy]
    assert "Replace `K.abs(x)` with `np.abs(x)`." in page[numpy:]
    assert "y = np.abs(x)" in page[numpy:] and "import numpy as np" in page[numpy:]
    fixes = " · ".join(f"{name}: safe" for name in TARGETS)
    assert f"**Fix:** {fixes}" in page


@pytest.mark.usefixtures("toy")
def test_a_target_without_the_rule_and_a_shared_rule() -> None:
    page = rule_page(RULES["KM111"])  # K.mean: the toy target has no row for it
    assert "## Target `toy-numpy`: NumPy (`import numpy as np`), for tests\n\nNot mapped" in page
    assert "**Fix:** tf2: " in page and "toy-numpy:" not in page.split("\n")[2]
    # a rule that is not a table row has one text; each target's output of its example
    shared = rule_page(RULES["KM205"])
    assert shared.count("## Why") == 1 and shared.count("## Fix safety") == 1
    tf2 = shared.index("## Target `tf2`")
    numpy = shared.index("## Target `toy-numpy`")
    assert "tf.keras.layers.Lambda(lambda t: tf.reduce_sum(t, axis=-1))(hidden)" in shared[tf2:numpy]
    # a target without ``functional`` data (its ops take Keras tensors) is not wrapped
    toy_section = shared[numpy : shared.index("## Use instead")]
    assert "outputs = np.sum(hidden, axis=-1)" in toy_section and "Lambda" not in toy_section


@pytest.mark.usefixtures("toy")
def test_cli_rules_prints_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "KM101"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "## Target `tf2`" in out and "## Target `toy-numpy`" in out and "np.abs(x)" in out


def test_rules_outside_the_tables_name_no_target() -> None:
    """Issue 11: what names the target lives in the target's module; the rules that are not
    table rows (KM0xx, KM203-KM205, KM4xx, KM9xx) say nothing a second target would contradict."""
    from kerasmigrate.docs import _row

    spellings = ("tf.keras", "TensorFlow 2", "import tensorflow", "tf.nn", "`tf.*`")
    #: the Keras 1/2 API families (KM5xx-KM7xx) may name ``tf.keras`` as a dialect of the
    #: *legacy input* (code written for tf.keras never had the Keras 1 interfaces)
    families = ("KM0", "KM2", "KM4", "KM9")
    for rule in RULES.values():
        if _row(rule) is not None or not rule.id.startswith(families):
            continue
        texts = (rule.summary, rule.why, rule.fix_safety, rule.use_instead)
        # (an example's input may be TensorFlow 1 code: KM905 reports `tf.Session`)
        for text in texts:
            assert not any(s in text for s in spellings), (rule.id, text)
