"""`kerasmigrate --target keras3` on examples/legacy_project: the diff adds no TensorFlow import,
the migrated project runs under ``KERAS_BACKEND=jax``, and what it computes is what the legacy
functions computed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kerasmigrate.cli import main

_TF_IMPORT = re.compile(r"^\s*(import tensorflow|from tensorflow)", re.MULTILINE)

PROGRAM = """
import numpy as np
import keras
assert keras.config.backend() == "jax", keras.config.backend()
import train
from vision import preprocess
from vision.models import losses

train.main()  # sets channels_first, builds the model
assert keras.config.image_data_format() == "channels_first"
assert preprocess.channel_axis() == 1
img = np.zeros((4, 5, 3), dtype="uint8")
assert preprocess.to_model_layout(img).shape == (3, 4, 5)
x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0], dtype="float32")
y = np.array([0.0, 1.0, 0.0, 1.0, 1.0], dtype="float32")
np.testing.assert_allclose(keras.ops.convert_to_numpy(losses.mean_absolute_loss(y, x)), np.abs(y - x))
gate = np.maximum(x, 0) + 1 / (1 + np.exp(-x))
np.testing.assert_allclose(keras.ops.convert_to_numpy(losses.swish_like(x)), gate, rtol=1e-6)
assert losses.stable_eps() == 1e-7
print("ran on", keras.config.backend())
"""


def test_example_project_runs_on_jax(example_tree: Path) -> None:
    pytest.importorskip("jax", reason="jax is not installed (pip install -e '.[jax]')")
    before = {p: p.read_text() for p in example_tree.rglob("*.py")}
    assert main(["--target", "keras3", str(example_tree)]) in (0, 1)
    after = {p: p.read_text() for p in example_tree.rglob("*.py")}
    changed = [p for p in before if before[p] != after[p]]
    assert len(changed) == 3, changed
    for p in before:
        # a migrated file never gains a TensorFlow import (small_cnn.py had its own; it stays)
        assert _TF_IMPORT.findall(after[p]) == _TF_IMPORT.findall(before[p]), p
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "PYTHONPATH": str(example_tree)}
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=example_tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "ran on jax" in proc.stdout


def test_pyproject_selects_keras3(tmp_path: Path) -> None:
    """`[tool.kerasmigrate] target = "keras3"` selects the target without `--target`."""
    (tmp_path / "pyproject.toml").write_text('[tool.kerasmigrate]\ntarget = "keras3"\n')
    path = tmp_path / "m.py"
    path.write_text("from keras import backend as K\ny = K.abs(x)\n")
    assert main([str(path)]) == 0
    assert path.read_text() == "import keras\n\ny = keras.ops.abs(x)\n"
