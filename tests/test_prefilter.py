"""The prefilter must never cause a miss: every import spelling and name form the rules
handle passes it, and each generated case is really migrated or reported."""

from __future__ import annotations

import itertools

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.api import needs_work
from kerasmigrate.resolve import BACKEND_MODULES, REMOVED_BACKENDS

# (import line, how the backend module is spelled afterwards)
SPELLINGS = (
    [(f"import {m} as K", "K") for m in BACKEND_MODULES]
    + [(f"import {m}", m) for m in BACKEND_MODULES]
    + [(f"from {m.rpartition('.')[0]} import {m.rpartition('.')[2]} as B", "B") for m in BACKEND_MODULES]
    + [
        ("import keras", "keras.backend"),
        ("import tensorflow as tf", "tf.keras.backend"),
        ("import tensorflow", "tensorflow.keras.backend"),
        ("from tensorflow import keras", "keras.backend"),
        ("from keras import backend", "backend"),
        ("from keras.backend import common as C", "C"),
    ]
)
# (expression after the receiver, does it use .common, rule that must act on it)
FORMS = [
    ("{r}.common.abs(x)", "KM101"),
    ("{r}.common.relu(x, alpha=0.5)", "KM102"),
    ("{r}.image_dim_ordering() == 'th'", "KM201"),
    ("{r}.set_image_dim_ordering('th')", "KM202"),
    ("{r}.common.epsilon()", "KM301"),
    ("{r}.common.get_uid('x')", "KM901"),
]


def _cases() -> list[tuple[str, str]]:
    out = []
    for (imp, receiver), (form, rule) in itertools.product(SPELLINGS, FORMS):
        if receiver == "C":  # the common module itself: drop the `.common`
            form = form.replace("{r}.common.", "{r}.")
        # code on the Theano/CNTK backend module is reported, never rewritten (KM903)
        removed = any(module.rpartition(".")[2] in imp for module in REMOVED_BACKENDS)
        out.append((f"{imp}\n\ny = {form.format(r=receiver)}\n", "KM903" if removed else rule))
    for name, rule in [("abs", "KM101"), ("image_dim_ordering", "KM201"), ("epsilon", "KM301")]:
        call = (
            f"{name}() == 'th'"
            if name == "image_dim_ordering"
            else f"{name}(1)"
            if name == "abs"
            else f"{name}()"
        )
        out.append((f"from keras.backend.common import {name}\n\ny = {call}\n", rule))
        out.append((f"from keras.backend.common import {name} as f\n\ny = f{call[len(name) :]}\n", rule))
    return out


CASES = _cases()


@pytest.mark.parametrize(("source", "rule"), CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_prefilter_passes_every_handled_spelling(source: str, rule: str) -> None:
    assert needs_work(source) and needs_work(source.encode())
    result = migrate_source(source)
    acted = {f.rule for f in result.fixes} | {f.rule for f in result.findings}
    assert rule in acted, (source, result.code, result.findings)


def test_case_count() -> None:
    assert len(CASES) >= 80


def test_files_without_keras_never_load_libcst(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The fast path is the prefilter *and* not importing LibCST (about 0.4 s) at all: a
    whole CLI run over files that never mention Keras must leave it unimported."""
    import subprocess
    import sys

    for i in range(5):
        (tmp_path / f"m{i}.py").write_text(f"import os\n\n\ndef f{i}(x):\n    return os.path.join(x, 'a')\n")
    code = (
        "import sys\nfrom kerasmigrate.cli import main\n"
        f"rc = main(['--check', '-j', '2', {str(tmp_path)!r}])\n"
        "assert rc == 0, rc\n"
        "assert 'libcst' not in sys.modules, 'libcst was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
