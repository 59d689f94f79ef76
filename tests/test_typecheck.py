"""The package's type hints are checked by mypy on every test run (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.fixture_cases import ROOT


def test_package_type_checks() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
