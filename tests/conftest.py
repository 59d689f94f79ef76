from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "legacy_project"


@pytest.fixture
def example_tree(tmp_path: Path) -> Path:
    """A private copy of the example project, safe to rewrite."""
    dest = tmp_path / "legacy_project"
    shutil.copytree(EXAMPLE, dest)
    return dest
