"""``config.settings``: a library caller gets what the command line gets from pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasmigrate.batch import migrate_paths
from kerasmigrate.cli import main
from kerasmigrate.config import settings

SOURCE = "from keras import backend as K\n\na = K.abs(x)\nb = K.sigmoid(x)\n"


def _project(root: Path) -> Path:
    (root / "pyproject.toml").write_text(
        '[tool.kerasmigrate]\nselect = ["KM1"]\nignore = ["KM103"]\nexclude = ["skipped/"]\n'
    )
    (root / "skipped").mkdir()
    (root / "skipped" / "b.py").write_text(SOURCE)
    (root / "a.py").write_text(SOURCE)
    return root


def test_library_gets_what_the_cli_gets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    batch = migrate_paths([str(root)], write=False, **settings([str(root)]).run_arguments())
    assert [f.path for f in batch.files] == [str(root / "a.py")]  # skipped/ is excluded
    assert [fix.rule for f in batch.files for fix in f.fixes] == ["KM101"]  # KM103 is ignored
    assert main(["--check", str(root)]) == 1
    assert "1 file would change" in capsys.readouterr().err


def test_given_values_win(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run = settings([str(root)], ignore=["KM101"], exclude=["nothing/"])
    batch = migrate_paths([str(root)], write=False, **run.run_arguments())
    assert sorted(Path(f.path).name for f in batch.files) == ["a.py", "b.py"]
    assert {fix.rule for f in batch.files for fix in f.fixes} == {"KM103"}
    assert run.config.path == root / "pyproject.toml"
