"""End-to-end through the real CLI entry point (``main(argv)``) and the console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, main

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_diff_writes_nothing_and_prints_a_patch(
    example_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(example_tree)
    assert main(["--diff", str(example_tree)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert snapshot(example_tree) == before
    assert "+    if tf.keras.backend.image_data_format() == 'channels_first':" in out
    assert "-    return K.common.abs(y_true - y_pred)" in out
    assert "KM102" not in out  # findings go to stderr, stdout stays a clean patch
    assert "losses.py:19:12: KM102" in err
    assert "3 files would change, 1 finding, 0 errors" in err


def test_diff_applies_with_git(example_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    cwd = os.getcwd()
    os.chdir(example_tree)
    try:
        main(["--diff", "."])
    finally:
        os.chdir(cwd)
    patch = capsys.readouterr().out
    subprocess.run(["git", "init", "-q"], cwd=example_tree, check=True)
    (example_tree / "fix.patch").write_text(patch)
    subprocess.run(["git", "apply", "fix.patch"], cwd=example_tree, check=True)
    (example_tree / "fix.patch").unlink()
    assert main(["--check", str(example_tree)]) == EXIT_OK


def test_check_then_in_place_then_idempotent(example_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(example_tree)
    assert main(["--check", str(example_tree)]) == EXIT_CHANGES
    assert snapshot(example_tree) == before

    assert main([str(example_tree)]) == EXIT_OK
    after = snapshot(example_tree)
    changed = {k for k in before if before[k][0] != after[k][0]}
    assert changed == {"train.py", "vision/preprocess.py", "vision/models/losses.py"}
    # files with nothing to migrate were not even rewritten
    for name in ("utils/io.py", "vision/models/small_cnn.py", "vision/__init__.py"):
        assert after[name] == before[name]
    assert "3 files changed, 1 finding, 0 errors" in capsys.readouterr().err

    assert main(["--check", str(example_tree)]) == EXIT_OK
    assert main([str(example_tree)]) == EXIT_OK
    assert snapshot(example_tree) == after  # second run: same bytes, same mtimes


def test_errors_exit_2_after_processing_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.py").write_text(LEGACY)
    (tmp_path / "py2.py").write_bytes(b"import keras\nprint 'hello'\n")
    (tmp_path / "broken.py").write_bytes(b"import keras\ndef f(:\n    pass\n")
    missing = tmp_path / "missing.py"
    assert main([str(tmp_path), str(missing)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "tf.abs(a - b)" in (tmp_path / "good.py").read_text()
    assert f"{tmp_path / 'py2.py'}:2:1: KM002 Python 2 syntax (print statement)" in err
    assert f"{tmp_path / 'broken.py'}:2:7: KM001 syntax error" in err
    assert f"{missing}:1:1: KM006 no such file or directory" in err
    assert "1 file changed, 0 findings, 3 errors" in err
    assert (tmp_path / "py2.py").read_bytes() == b"import keras\nprint 'hello'\n"


def test_select_and_ignore(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    text = "from keras import backend as K\n\ny = K.common.abs(x) + K.common.sigmoid(x)\n"
    src.write_text(text)
    assert main(["--select", "KM103", str(src)]) == EXIT_OK
    assert "K.common.abs(x) + tf.nn.sigmoid(x)" in src.read_text()
    src.write_text(text)
    assert main(["--ignore", "KM1", str(src)]) == EXIT_OK
    assert src.read_text() == text
    assert main(["--select", "KM999", str(src)]) == EXIT_ERROR


def test_walk_skips_tool_directories(tmp_path: Path) -> None:
    for sub in (".git", ".venv", "build", "dist", "__pycache__", "node_modules", "envdir", "pkg"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "m.py").write_text(LEGACY)
    (tmp_path / "envdir" / "pyvenv.cfg").write_text("home = /usr\n")
    assert main([str(tmp_path)]) == EXIT_OK
    assert "tf.abs" in (tmp_path / "pkg" / "m.py").read_text()
    for sub in (".git", ".venv", "build", "dist", "__pycache__", "node_modules", "envdir"):
        assert (tmp_path / sub / "m.py").read_text() == LEGACY, sub


def test_explicit_file_always_processed(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    target = tmp_path / "build" / "script.py"
    target.write_text(LEGACY)
    assert main([str(target)]) == EXIT_OK
    assert "tf.abs" in target.read_text()


def test_rules_listing_and_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == EXIT_OK
    listing = capsys.readouterr().out
    assert "KM101  backend-abs" in listing and "KM201  image-dim-ordering" in listing
    assert main(["rules", "KM201"]) == EXIT_OK
    page = capsys.readouterr().out
    assert page.startswith("# KM201 `image-dim-ordering`")
    assert "== 'channels_first'" in page
    assert main(["rules", "KM000"]) == EXIT_ERROR


def test_version_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == EXIT_OK
    assert "kerasmigrate" in capsys.readouterr().out
    assert main([]) == EXIT_ERROR  # PATHS is required


def test_console_script(example_tree: Path) -> None:
    exe = Path(sys.executable).parent / "kerasmigrate"
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run([str(exe), "--check", str(example_tree)], capture_output=True, text=True)
    assert proc.returncode == EXIT_CHANGES
    assert "3 files would change" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "kerasmigrate", "--diff", str(example_tree)], capture_output=True, text=True
    )
    assert proc.returncode == EXIT_OK and "+import tensorflow as tf" in proc.stdout


@pytest.mark.parametrize("terminal", [False, True])
def test_findings_are_printed_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    """``:100:`` is not an emoji, ``[b]`` in a path and ``[bold]`` in a message are not markup,
    and nothing is highlighted, even on a colour terminal."""
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")
    folder = tmp_path / "a[b]"
    folder.mkdir()
    source = (
        "from keras import backend as K\n" + "\n" * 97 + "def f(c, a, b):\n    return K.switch(c, a, b)\n"
    )
    (folder / "x.py").write_text(source)
    assert main(["--check", str(folder / "x.py")]) == EXIT_OK
    err = capsys.readouterr().err
    assert f"{folder / 'x.py'}:100:12: KM164 `keras.backend.switch(...)`" in err
    assert "\x1b[" not in err and "\U0001f4af" not in err

    from kerasmigrate.command import _console, _report
    from kerasmigrate.findings import Finding
    from kerasmigrate.results import BatchResult, FileResult

    finding = Finding(100, 5, "KM901", "a [bold]message[/bold] with :smile: in it", "a[b]/x.py")
    _report(BatchResult([FileResult("a[b]/x.py", False, [finding], [])]), _console(stderr=True),
            quiet=False, dry=True, verbose=False, findings=True)  # fmt: skip
    assert "a[b]/x.py:100:5: KM901 a [bold]message[/bold] with :smile: in it\n" in capsys.readouterr().err


def test_positions_in_place_are_in_the_written_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check/--diff report positions in the file as it is; an in-place run reports them in the
    file as written (after the inserted `import tensorflow as tf`, the removed `K` import and the
    rewritten calls), so an editor jumping to `path:line:col` lands on the reported code."""
    source = (
        "import numpy as np\n"
        "from keras import backend as K\n"
        "\n"
        "\n"
        "def f(c, a, b):\n"
        "    y = K.abs(a) + K.switch(c, a, b)\n"
        "    return K.batch_dot(y, b)\n"
    )
    path = tmp_path / "m.py"
    path.write_text(source)

    def reported() -> list[tuple[int, int, str]]:
        lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(path))]
        out = []
        for line in lines:
            where, rule = line[len(str(path)) + 1 :].split(": ")[:2]
            row, col = where.split(":")
            out.append((int(row), int(col), rule.split()[0]))
        return out

    def code_at(text: str, row: int, col: int) -> str:
        return text.splitlines()[row - 1][col - 1 :]

    for mode in ("--check", "--diff"):
        main([mode, str(path)])
        found = reported()
        assert found == [(6, 20, "KM164"), (7, 12, "KM141")]
        assert all(code_at(source, r, c).startswith("K.") for r, c, _ in found)
    assert main([str(path)]) == EXIT_OK
    written = path.read_text()
    found = reported()
    assert written != source and [k for _, _, k in found] == ["KM164", "KM141"]
    assert code_at(written, *found[0][:2]).startswith("K.switch(c, a, b)")
    assert code_at(written, *found[1][:2]).startswith("K.batch_dot(y, b)")
    assert found[0][:2] != (6, 20)  # the line and the column moved


def test_help_is_readable_and_names_the_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("Usage: kerasmigrate [OPTIONS] PATH...\n")
    assert "kerasmigrate rules [RULE]" in text
    for unreadable in ("{", "<list", "<str>", "<int", "paths"):
        assert unreadable not in text, unreadable
    for option in ("--select RULES", "--jobs N", "--output-format FORMAT", "--exclude PATTERN", "--out DIR"):
        assert option in text
    assert main(["rules", "--help"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("Usage: kerasmigrate rules [OPTIONS] [RULE]\n") and "<str>" not in text


@pytest.mark.parametrize(
    "argv",
    [
        [],  # PATH is required (typer)
        ["--bogus", "x.py"],  # unknown option (typer)
        ["--jobs", "0", "x.py"],  # out of range (typer)
        ["--output-format", "xml", "x.py"],  # our own check
        ["--select", "KM000", "x.py"],  # our own check
        ["--diff", "--out", "o", "x.py"],  # our own check
        ["rules", "KM101", "KM102"],  # too many arguments (typer)
        ["rules", "KM000"],  # our own check
    ],
)
def test_option_errors_have_one_format(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Whether typer or kerasmigrate finds the error: one line `kerasmigrate: error: ...`, exit 2."""
    assert main(argv) == EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("kerasmigrate: error: ") and err.count("\n") == 1, err
