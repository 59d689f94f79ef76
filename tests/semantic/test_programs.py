"""Complete migrated programs run under real TensorFlow and exit 0.

A fixture is a complete program when it lives in ``fixtures/programs/``: its ``.out.py``
(what kerasmigrate makes of the ``.in.py``, checked byte for byte by tests/test_fixtures.py)
is executed in a fresh interpreter, CPU only. The programs check their own results
(NumPy references, shapes, one training step), so exit code 0 means they computed what
the legacy program meant.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS_DIR = ROOT / "fixtures" / "programs"
#: the marker for "complete program": the folder
PROGRAMS = sorted(p for p in (ROOT / "fixtures").rglob("*.out.py") if PROGRAMS_DIR in p.parents)


def test_there_are_programs() -> None:
    assert len(PROGRAMS) >= 4, f"expected complete programs under {PROGRAMS_DIR}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name.removesuffix(".out.py") for p in PROGRAMS])
def test_migrated_program_runs(tf, program: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run(
        [sys.executable, str(program)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, (
        f"{program.relative_to(ROOT)} exited with {done.returncode}\n"
        f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    )
