"""Migrated functional-API code builds its model under real TensorFlow (KM205, issue 13 §4).

Each runnable ``fixtures/functional/*.out.py`` (checked byte for byte by
tests/test_fixtures.py) builds a ``keras.Model`` from ``Input(...)`` and layer outputs with
the rewritten calls, runs ``predict`` and asserts the values the legacy functions gave
(written out with NumPy in the program). The control: the same programs migrated with
KM205 ignored (the plain ``tf.*`` rewrite) fail at model-building time with Keras 3's
KerasTensor error, so the wrapping is what makes them run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kerasmigrate import migrate_source

ROOT = Path(__file__).resolve().parents[2]
GROUP = ROOT / "fixtures" / "functional"
#: outputs that are not programs: reported calls stay legacy, Keras 1/2 module paths
NOT_RUN = frozenset({"reported.out.py", "legacy_module_spelling.out.py"})
PROGRAMS = sorted(p for p in GROUP.glob("*.out.py") if p.name not in NOT_RUN)
#: programs that apply a backend function to a functional-API tensor outside any Lambda
CONTROLS = (
    "layer_output_sum",
    "several_tensors",
    "captured_argument",
    "layer_instance",
    "import_spellings",
    "reassigned_name",
)
KERAS_TENSOR_ERROR = "A KerasTensor cannot be used as input to a TensorFlow function"

RUNNER = """
import contextlib, io, json, runpy, sys, traceback
results = {}
for path in sys.argv[1:]:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(path, run_name="__main__")
        results[path] = None
    except BaseException as exc:
        results[path] = f"{type(exc).__name__}: {exc}"
print(json.dumps(results))
"""


def _run(paths: list[Path], cwd: Path) -> dict[str, str | None]:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *map(str, paths)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, str | None] = json.loads(done.stdout.strip().splitlines()[-1])
    return {Path(path).name: error for path, error in results.items()}


def test_there_are_functional_programs() -> None:
    assert len(PROGRAMS) >= 6
    assert all((GROUP / f"{name}.out.py") in PROGRAMS for name in CONTROLS)


def test_migrated_functional_programs_build_and_predict(tf, tmp_path: Path) -> None:
    controls = []
    for name in CONTROLS:
        plain = migrate_source((GROUP / f"{name}.in.py").read_text(), ignore=["KM205"])
        assert plain.changed and "layers.Lambda(" not in plain.code
        path = tmp_path / f"{name}.plain.py"
        path.write_text(plain.code)
        controls.append(path)
    results = _run([*PROGRAMS, *controls], tmp_path)
    failed = {name: error for name, error in results.items() if name.endswith(".out.py") and error}
    assert len([n for n in results if n.endswith(".out.py")]) == len(PROGRAMS)
    assert not failed, failed
    for path in controls:
        error = results[path.name]
        assert error is not None and KERAS_TENSOR_ERROR in error, (path.name, error)
