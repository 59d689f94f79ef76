from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests are derandomized: a run is reproducible, and a submission is not
# failed by an input found by chance that day. Locally each run explores new inputs (how the
# form-feed case in fixtures/files was found); a failure found there becomes a fixture.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    # here, not in tests/semantic/conftest.py: options must come from an initial conftest
    parser.addoption(
        "--semantic-tally",
        action="store_true",
        default=False,
        help="print the semantic suite's per-rule tally (it is always written to .semantic-tally.txt)",
    )


EXAMPLE = ROOT / "examples" / "legacy_project"


@pytest.fixture
def example_tree(tmp_path: Path) -> Path:
    """A private copy of the example project, safe to rewrite."""
    dest = tmp_path / "legacy_project"
    shutil.copytree(EXAMPLE, dest)
    return dest
