"""--out DIR (a migrated copy of the tree) and `-` (stdin to stdout)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, main
from tests.test_cli import snapshot

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"


def test_out_writes_a_migrated_copy(
    example_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = example_tree
    (src / "data").mkdir()
    (src / "data" / "weights.bin").write_bytes(bytes(range(256)))
    (src / "run.sh").write_text("#!/bin/sh\npython train.py\n")
    (src / "run.sh").chmod(0o755)
    (src / "train.py").chmod(0o750)
    (src / "alias.py").symlink_to("train.py")
    (src / "abs_link.sh").symlink_to(src / "run.sh")
    (src / "dangling").symlink_to("nowhere")
    (src / "build").mkdir()  # excluded from migration, still copied
    (src / "build" / "gen.py").write_text(LEGACY)
    before = snapshot(src)
    out = tmp_path / "migrated"

    assert main(["--out", str(out), str(src)]) == EXIT_OK
    assert "3 files changed, 1 finding, 0 errors" in capsys.readouterr().err
    assert snapshot(src) == before  # the source is untouched

    assert (out / "data" / "weights.bin").read_bytes() == bytes(range(256))
    assert (out / "README.md").read_bytes() == (src / "README.md").read_bytes()
    assert "tf.keras.backend.set_image_data_format" in (out / "train.py").read_text()
    assert "tf.abs" in (out / "vision" / "models" / "losses.py").read_text()
    assert (out / "build" / "gen.py").read_text() == LEGACY
    assert (out / "utils" / "io.py").read_bytes() == (src / "utils" / "io.py").read_bytes()
    # modes and symlinks kept (links as links, with the same target text)
    assert stat.S_IMODE((out / "train.py").stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "run.sh").stat().st_mode) == 0o755
    assert (out / "alias.py").is_symlink() and os.readlink(out / "alias.py") == "train.py"
    assert os.readlink(out / "abs_link.sh") == str(src / "run.sh")
    assert (out / "dangling").is_symlink()

    # the copy is complete: migrating it again changes nothing
    assert main(["--check", str(out)]) == EXIT_OK


def test_out_refusals(example_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "x").write_text("x")
    assert main(["--out", str(occupied), str(example_tree)]) == EXIT_ERROR
    assert main(["--out", str(example_tree / "inside"), str(example_tree)]) == EXIT_ERROR
    assert main(["--out", str(tmp_path / "o"), str(example_tree), str(example_tree)]) == EXIT_ERROR
    assert main(["--out", str(tmp_path / "o"), "--diff", str(example_tree)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "must not exist yet, or be empty" in err and "must not be inside" in err
    assert "exactly one PATH" in err and "cannot be combined with --diff" in err


def test_out_single_file(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(LEGACY)
    assert main(["--out", str(tmp_path / "o"), str(src)]) == EXIT_OK
    assert "tf.abs" in (tmp_path / "o" / "m.py").read_text() and src.read_text() == LEGACY


def kerasmigrate(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kerasmigrate", *args], input=stdin, capture_output=True)


def test_stdin_to_stdout() -> None:
    source = b"from keras import backend as K\r\n\r\ny = K.common.abs(x)\r\nuid = K.common.get_uid(1)\r\n"
    proc = kerasmigrate("-", stdin=source)
    assert proc.returncode == EXIT_OK
    assert (
        proc.stdout
        == b"from keras import backend as K\r\nimport tensorflow as tf\r\n\r\ny = tf.abs(x)\r\nuid = K.common.get_uid(1)\r\n"
    )
    assert b"<stdin>:5:7: KM901" in proc.stderr  # where it is in the code written out

    proc = kerasmigrate("--diff", "-", stdin=source)
    assert proc.returncode == EXIT_OK and b"+y = tf.abs(x)" in proc.stdout and b"--- a/<stdin>" in proc.stdout

    proc = kerasmigrate("--check", "-", stdin=source)
    assert proc.returncode == EXIT_CHANGES and proc.stdout == b""
    assert b"<stdin>:4:7: KM901" in proc.stderr  # where it is in the input

    proc = kerasmigrate("-", stdin=b"x = 1\n")  # nothing to do: the input comes back as it was
    assert proc.returncode == EXIT_OK and proc.stdout == b"x = 1\n"

    proc = kerasmigrate("-q", "-", stdin=b"import keras\nprint 'x'\n")  # refused: echoed unchanged
    assert proc.returncode == EXIT_ERROR and proc.stdout == b"import keras\nprint 'x'\n"
    assert b"<stdin>:2:1: KM002" in proc.stderr


def test_stdin_cannot_mix_with_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-", str(tmp_path)]) == EXIT_ERROR
    assert "cannot be combined" in capsys.readouterr().err
