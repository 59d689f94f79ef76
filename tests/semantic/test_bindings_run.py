"""The migrated binding fixtures import and run under real TensorFlow (issue 10 §1).

``fixtures/bindings/`` holds the shapes in which a rewrite could use ``tf`` before it is
bound: a ``tf`` imported later in the function or on one branch, a module-level import in a
``try``/``if`` or after the use, a fallback ``tf = None``. Each input ends by calling what
it defines, so running its ``.out.py`` (checked byte for byte by tests/test_fixtures.py)
executes every rewritten line. All of them run in one fresh interpreter (TensorFlow is
imported once), each as ``__main__`` with its own globals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = sorted((ROOT / "fixtures" / "bindings").glob("*.out.py"))

RUNNER = """
import contextlib, io, json, runpy, sys, traceback
results = {}
for path in sys.argv[1:]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
        results[path] = None
    except BaseException:
        results[path] = traceback.format_exc(limit=-3)
print(json.dumps(results))
"""


def test_there_are_binding_programs() -> None:
    assert len(OUTPUTS) >= 10


def test_migrated_binding_fixtures_run(tf, tmp_path: Path) -> None:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *map(str, OUTPUTS)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {Path(path).name: error for path, error in results.items() if error is not None}
    assert len(results) == len(OUTPUTS)
    assert not failed, failed
