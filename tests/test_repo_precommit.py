"""The pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit itself from the README's
snippet.

pre-commit installs the hook repository named in the snippet into its own virtual
environment with pip: here a committed snapshot of this checkout (so uncommitted work is
what gets tested), named by its path and commit SHA, the two values the README says to fill in. pip resolves the dependencies from whatever index is configured; no
other network access is needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixture_cases import ROOT

LEGACY = "from keras import backend as K\n\ny = K.common.abs(x)\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def test_hook_manifest() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in (
        "- id: kerasmigrate",
        "entry: kerasmigrate",
        "language: python",
        "types_or: [python, jupyter]",
    ):
        assert line in text


def readme_snippet() -> str:
    """The `.pre-commit-config.yaml` block of the README's pre-commit section, as written."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### pre-commit") :]
    return section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", 8)]


def test_readme_snippet_has_only_the_two_placeholders() -> None:
    snippet = readme_snippet()
    assert snippet.count(REPO_PLACEHOLDER) == 1 and snippet.count(REV_PLACEHOLDER) == 1
    assert "rev: v" not in snippet  # there are no release tags to name


REPO_PLACEHOLDER = "/path/to/kerasmigrate"
REV_PLACEHOLDER = "0" * 40


def test_readme_pre_commit_snippet_works(tmp_path: Path) -> None:
    """The README snippet, with the clone's path and its commit filled in, run by pre-commit."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists() or shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit (test extra) and git are needed in CI")
        pytest.skip("pre-commit or git is not installed")
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, hook_repo / name)
    shutil.copytree(
        ROOT / "src", hook_repo / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "commit", "-q", "-m", "snapshot")
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True
    ).stdout.strip()

    work = tmp_path / "work"
    work.mkdir()
    config = readme_snippet().replace(REPO_PLACEHOLDER, str(hook_repo)).replace(REV_PLACEHOLDER, sha)
    (work / ".pre-commit-config.yaml").write_text(config)
    (work / "m.py").write_text(LEGACY)
    (work / "clean.py").write_text("x = 1\n")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
                     "source": LEGACY.splitlines(keepends=True)}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    (work / "nb.ipynb").write_text(json.dumps(nb, indent=1) + "\n")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    command = [str(pre_commit), "run", "--all-files"]
    proc = subprocess.run(command, cwd=work, capture_output=True, text=True, env=env, timeout=900)
    output = proc.stdout + proc.stderr
    if proc.returncode not in (0, 1):  # pre-commit itself failed (3: the environment did not install)
        offline = any(
            s in output
            for s in ("Could not find a version", "No matching distribution", "Failed to establish")
        )
        if offline and not os.environ.get("CI"):
            pytest.skip("pip could not reach a package index to build the hook's environment")
        pytest.fail(output)
    # pre-commit fails the hook because it modified files: exactly the contract
    assert proc.returncode == 1, output
    assert "files were modified by this hook" in output
    assert "tf.abs(x)" in (work / "m.py").read_text()
    assert "tf.abs(x)" in "".join(json.loads((work / "nb.ipynb").read_text())["cells"][0]["source"])
    assert (work / "clean.py").read_text() == "x = 1\n"
    # second run: nothing left to do, the hook passes
    proc = subprocess.run(command, cwd=work, capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
