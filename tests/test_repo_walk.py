"""Walking a repository: .gitignore files, --exclude/--extend-exclude, pyproject configuration,
and suppression comments; all through the real CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_ERROR, EXIT_OK, main

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LEGACY)


def migrated(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.py") if p.read_text() != LEGACY}


@pytest.fixture
def chdir(tmp_path: Path):
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    make(repo, "app/main.py", "app/gen/out.py", "app/notes_pb2.py", "app/keep_pb2.py", "lib/a.py", "lib/b.py",
         "data/x.py")  # fmt: skip
    (repo / ".gitignore").write_text("# generated\n*_pb2.py\ndata/\n")
    (repo / "app" / ".gitignore").write_text("gen/\n!keep_pb2.py\n")  # deeper file wins
    (repo / "lib" / ".gitignore").write_text("b.py\n")
    assert main([str(repo)]) == EXIT_OK
    assert migrated(repo) == {"app/main.py", "app/keep_pb2.py", "lib/a.py"}


def test_gitignore_above_the_walked_directory_applies(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git" / "info").mkdir(parents=True)
    (repo / ".gitignore").write_text("src/vendored/\n")
    (repo / ".git" / "info" / "exclude").write_text("scratch.py\n")
    make(repo, "src/a.py", "src/vendored/v.py", "src/scratch.py")
    assert main([str(repo / "src")]) == EXIT_OK
    assert migrated(repo) == {"src/a.py"}


def test_explicit_file_is_processed_even_if_ignored(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    make(tmp_path, "build/tool.py", "ignored.py")
    assert main([str(tmp_path / "ignored.py"), str(tmp_path / "build" / "tool.py")]) == EXIT_OK
    assert migrated(tmp_path) == {"ignored.py", "build/tool.py"}


def test_extend_exclude_adds_to_builtins(chdir: Path) -> None:
    make(chdir, "pkg/a.py", "pkg/legacy/b.py", "pkg/c_test.py", "build/d.py")
    assert main(["--extend-exclude", "legacy/", "--extend-exclude", "*_test.py", "."]) == EXIT_OK
    assert migrated(chdir) == {"pkg/a.py"}


def test_exclude_replaces_builtins(chdir: Path) -> None:
    make(chdir, "pkg/a.py", "build/d.py", "pkg/sub/e.py")
    assert main(["--exclude", "pkg/sub", "."]) == EXIT_OK  # anchored at the current directory
    assert migrated(chdir) == {"pkg/a.py", "build/d.py"}


def test_pyproject_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    make(project, "src/a.py", "src/old/b.py", "build/c.py")
    (project / "src" / "ops.py").write_text(
        "from keras import backend as K\n\ny = K.common.abs(x) + K.common.sigmoid(x)\n"
    )
    (project / "pyproject.toml").write_text(
        '[project]\nname = "p"\n\n[tool.kerasmigrate]\nignore = ["KM103"]\nextend-exclude = ["src/old"]\n'
    )
    assert main([str(project / "src")]) == EXIT_OK  # found from the path given, anchored at its dir
    assert migrated(project) == {"src/a.py", "src/ops.py"}
    assert "tf.abs(x) + K.common.sigmoid(x)" in (project / "src" / "ops.py").read_text()
    # the command line wins
    assert main(["--ignore", "KM101", str(project / "src" / "ops.py")]) == EXIT_OK
    assert "tf.abs(x) + tf.nn.sigmoid(x)" in (project / "src" / "ops.py").read_text()
    capsys.readouterr()
    (project / "pyproject.toml").write_text("[tool.kerasmigrate]\nslect = ['KM1']\n")
    assert main([str(project)]) == EXIT_ERROR
    assert "unknown [tool.kerasmigrate] key(s): slect" in capsys.readouterr().err


def test_pyproject_exclude_replaces_builtins_and_unsafe_fixes(tmp_path: Path) -> None:
    make(tmp_path, "build/c.py", "vendor/v.py")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kerasmigrate]\nexclude = ["vendor"]\nunsafe-fixes = true\n'
    )
    assert main([str(tmp_path)]) == EXIT_OK
    assert migrated(tmp_path) == {"build/c.py"}


def test_suppression_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "from keras import backend as K\n\n"
        "a = K.common.abs(x)  # kerasmigrate: ignore\n"
        "b = K.common.abs(x)  # noqa\n"
        "c = K.common.abs(x)  # noqa: KM101\n"
        "d = K.common.abs(x)  # noqa: E501\n"
        "e = K.common.get_uid('x')  # noqa: KM901\n"
        "f = K.common.get_uid('y')\n"
    )
    assert main([str(src)]) == EXIT_OK
    text = src.read_text()
    assert "a = K.common.abs(x)  # kerasmigrate: ignore\n" in text
    assert "b = K.common.abs(x)  # noqa\n" in text
    assert "c = K.common.abs(x)  # noqa: KM101\n" in text
    assert "d = tf.abs(x)  # noqa: E501\n" in text  # another tool's code suppresses nothing here
    err = capsys.readouterr().err
    # in place, the position is in the file as written (`import tensorflow as tf` was added)
    assert text.splitlines()[8] == "f = K.common.get_uid('y')"
    assert f"{src}:9:5: KM901" in err and ":7:" not in err and ":8:" not in err
