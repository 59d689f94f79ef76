"""A third target added in the test suite alone (tests/toy/numpy_target.py: one mapping
module, two rows; fixtures here) runs end to end through the library API, the CLI and a
notebook, with no change to kerasmigrate itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kerasmigrate import migrate_source
from kerasmigrate.cli import EXIT_OK, main
from kerasmigrate.notebook import migrate_notebook
from kerasmigrate.options import Options
from kerasmigrate.tables import TARGETS, register
from tests.toy.numpy_target import TARGET

SOURCE = (
    "import os\n\nfrom keras import backend as K\n\n\ndef norm(x):\n    return K.sum(K.abs(x), axis=-1)\n"
)
# the toy target's output: the tf2 output with the toy's import and ops (the import goes
# where the engine puts any target's import)
EXPECTED = (
    migrate_source(SOURCE)
    .code.replace("import tensorflow as tf", "import numpy as np")
    .replace("tf.reduce_sum(", "np.sum(")
    .replace("tf.abs(", "np.abs(")
)


@pytest.fixture(autouse=True)
def toy() -> Iterator[None]:
    register(TARGET)
    try:
        yield
    finally:
        del TARGETS[TARGET.name]


def test_library_api() -> None:
    assert "import numpy as np\n" in EXPECTED and "np.sum(np.abs(x), axis=-1)" in EXPECTED
    result = migrate_source(SOURCE, target="toy-numpy")
    assert result.code == EXPECTED
    assert [f.rule for f in result.fixes] == ["KM110", "KM101"]
    # a legacy name the toy target does not map is reported in the target's own words
    left = migrate_source("from keras import backend as K\ny = K.mean(x)\n", target="toy-numpy")
    assert not left.changed and [f.rule for f in left.findings] == ["KM901"]


def test_cli(tmp_path: Path) -> None:
    path = tmp_path / "norm.py"
    path.write_text(SOURCE)
    assert main(["--target", "toy-numpy", str(path)]) == EXIT_OK
    assert path.read_text() == EXPECTED


def test_notebook() -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# toy"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["import os\n", "from keras import backend as K"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["y = K.abs(x)"]},
    ]  # fmt: skip
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    data = (json.dumps(notebook, indent=1) + "\n").encode()
    result = migrate_notebook(data, path="toy.ipynb", options=Options.build(target="toy-numpy"))
    assert result.changed and result.error is None
    new = json.loads(result.data)
    # the import the target needs goes after the imports of the first cell that has any
    assert new["cells"][1]["source"] == ["import os\n", "import numpy as np"]
    assert new["cells"][2]["source"] == ["y = np.abs(x)"]
    assert [(f.rule, f.cell) for f in result.fixes] == [("KM101", 3)]
