"""Walking a repository: .gitignore files, --exclude/--extend-exclude, pyproject configuration,
and suppression comments; all through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
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
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if not p.is_symlink() and p.read_text() != LEGACY
    }


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


# --- hostile trees (issue 15, items 3-5): one bad entry never aborts or hangs the run --------


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, so a run that would hang fails the test instead."""
    return subprocess.run(
        [sys.executable, "-m", "kerasmigrate", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_a_symlink_loop_named_like_a_python_file_is_skipped(tmp_path: Path) -> None:
    make(tmp_path, "a.py", "sub/b.py")
    (tmp_path / "x.py").symlink_to("x.py")  # ELOOP when followed
    (tmp_path / "sub" / "y.py").symlink_to(tmp_path / "sub" / "z.py")
    (tmp_path / "sub" / "z.py").symlink_to(tmp_path / "sub" / "y.py")
    assert main([str(tmp_path)]) == EXIT_OK
    assert migrated(tmp_path) == {"a.py", "sub/b.py"}


def test_an_invalid_gitignore_line_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    make(repo, "a.py", "sub/b.py", "sub/skip.py", "sub/gen/c.py")
    (repo / "sub" / ".gitignore").write_text("# generated\n!\nskip.py\ngen/\n")
    assert main([str(repo)]) == EXIT_OK  # a warning, not an error
    assert migrated(repo) == {"a.py", "sub/b.py"}  # the other lines still apply
    err = capsys.readouterr().err
    assert f"{repo / 'sub' / '.gitignore'}:2:1: KM007 invalid pattern '!': line skipped, as git does" in err


@pytest.mark.parametrize("where", ["pyproject", "command line"])
def test_an_invalid_exclude_pattern_is_an_error_naming_its_source(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make(tmp_path, "a.py")
    args = [str(tmp_path)]
    if where == "pyproject":
        (tmp_path / "pyproject.toml").write_text('[tool.kerasmigrate]\nextend-exclude = ["vendor/", "!"]\n')
    else:
        args = ["--extend-exclude", "!", *args]
    assert main(args) == EXIT_ERROR
    err = capsys.readouterr().err
    expected = (
        f"{tmp_path / 'pyproject.toml'}: [tool.kerasmigrate] extend-exclude: invalid pattern '!'"
        if where == "pyproject"
        else "--exclude/--extend-exclude: invalid pattern '!'"
    )
    assert f"kerasmigrate: error: {expected}\n" in err
    assert migrated(tmp_path) == set()  # nothing was changed


def test_a_broken_pyproject_is_an_error_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(tmp_path, "a.py", "vendor/v.py")
    (tmp_path / "pyproject.toml").write_text('[tool.kerasmigrate\nextend-exclude = ["vendor/"]\n')
    assert main([str(tmp_path / "vendor")]) == EXIT_ERROR  # found above the path given, too
    err = capsys.readouterr().err
    assert err.startswith(f"kerasmigrate: error: {tmp_path / 'pyproject.toml'}: invalid TOML: ")
    assert "(at line 1, column 19)" in err
    assert migrated(tmp_path) == set()
    # a pyproject.toml without [tool.kerasmigrate] is read too: it is broken all the same
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "\xff"\n')
    assert main([str(tmp_path)]) == EXIT_ERROR
    assert "pyproject.toml: not UTF-8 (line 2, byte 18)" in capsys.readouterr().err
    assert migrated(tmp_path) == set()


@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_special_files_as_ignore_or_config_files_never_hang(tmp_path: Path, special: str) -> None:
    """A FIFO would block the open for ever, /dev/zero the read: only regular files are read."""

    def plant(path: Path) -> None:
        if special == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")

    tree = tmp_path / "tree"
    (tree / ".git" / "info").mkdir(parents=True)
    make(tree, "a.py", "sub/b.py")
    for name in (".gitignore", "sub/.gitignore", ".git/info/exclude", "sub/keras.json"):
        plant(tree / name)
    result = _run("--check", str(tree))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # both files would change; warnings only
    assert f"{tree / '.gitignore'}:1:1: KM007 ignore file skipped: not a regular file" in result.stderr
    assert f"{tree / 'sub' / '.gitignore'}:1:1: KM007" in result.stderr
    assert f"{tree / '.git' / 'info' / 'exclude'}:1:1: KM007" in result.stderr
    assert "2 files would change" in result.stderr  # keras.json, not a regular file, is not taken
    # a pyproject.toml that is not a regular file cannot be read, so the run cannot trust
    # its excludes: an error, and nothing changes
    plant(tree / "pyproject.toml")
    result = _run(str(tree))
    assert result.returncode == EXIT_ERROR and "Traceback" not in result.stderr
    assert f"kerasmigrate: error: {tree / 'pyproject.toml'}: cannot read: not a regular file" in result.stderr
    assert migrated(tree) == set()


def test_a_huge_ignore_file_is_not_read_to_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kerasmigrate.walk import MAX_CONFIG_BYTES

    make(tmp_path, "a.py")
    with open(tmp_path / ".gitignore", "wb") as handle:
        handle.truncate(MAX_CONFIG_BYTES + 1)  # sparse: costs no disk
    assert main([str(tmp_path)]) == EXIT_OK
    assert f"KM007 ignore file skipped: larger than {MAX_CONFIG_BYTES} bytes" in capsys.readouterr().err
    assert migrated(tmp_path) == {"a.py"}


@pytest.mark.parametrize("value", ["''", "'KM1,'", "' , KM1'"])
def test_an_empty_rule_in_select_is_an_error(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make(tmp_path, "a.py")
    text = value.strip("'")
    assert main(["--select", text, str(tmp_path)]) == EXIT_ERROR
    assert "kerasmigrate: error: --select: an empty rule names no rule" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text(f"[tool.kerasmigrate]\nselect = {[*text.split(',')]!r}\n")
    assert main([str(tmp_path)]) == EXIT_ERROR
    assert '[tool.kerasmigrate] select: an empty rule ("") names no rule' in capsys.readouterr().err
    assert migrated(tmp_path) == set()
