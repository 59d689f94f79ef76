"""Migrated multi-file trees run under real TensorFlow (issue 10 §2).

Each ``fixtures/batches/<case>/check.py`` imports the migrated tree (``out/``, which
tests/test_batches.py proves is what a batch run makes of ``in/``) and checks what it
computes; exit code 0 means the files still work together: nothing a star import or a
re-export needed was dropped, and what was reached through them was rewritten correctly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BATCHES = Path(__file__).resolve().parents[2] / "fixtures" / "batches"
CHECKED = sorted(p for p in BATCHES.iterdir() if (p / "check.py").is_file())


def test_there_are_checked_batches() -> None:
    assert len(CHECKED) >= 3


@pytest.mark.parametrize("case", CHECKED, ids=[c.name for c in CHECKED])
def test_migrated_tree_runs(tf, case: Path, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(case / "out", root)
    shutil.copy(case / "check.py", root / "check.py")
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run(
        [sys.executable, "check.py"], cwd=root, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, f"{case.name}: exit {done.returncode}\n{done.stderr[-3000:]}"
