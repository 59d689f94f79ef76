"""The library surface: migrate_source, migrate_paths, and the LibCST codemod command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from kerasmigrate import KerasMigrateCommand, migrate_bytes, migrate_source
from kerasmigrate.files import migrate_paths

GUIDE = """from keras import backend as K


def custom_activation(x):
    return K.common.relu(x) + K.common.sigmoid(x)
"""
EXPECTED = """import tensorflow as tf


def custom_activation(x):
    return tf.nn.relu(x) + tf.nn.sigmoid(x)
"""


def test_migrate_source_result() -> None:
    result = migrate_source(GUIDE, path="act.py")
    assert result.code == EXPECTED
    assert result.changed and result.error is None and result.findings == []
    assert [(f.line, f.rule) for f in result.fixes] == [(5, "KM102"), (5, "KM103")]


def test_findings_are_structured() -> None:
    result = migrate_source(
        "from keras import backend as K\ny = K.common.relu(x, max_value=3)\n", path="m.py"
    )
    assert not result.changed
    [finding] = result.findings
    assert (finding.line, finding.column, finding.rule) == (2, 5, "KM102")
    assert finding.format().startswith("m.py:2:5: KM102 ")


@pytest.mark.parametrize(
    "garbage",
    [
        "def (:",
        "print 'x'",
        "\x00\x01",
        "if True:\n  x\n y\n",
        "((((" * 300,
        "x = 'unterminated",
        "\t\n \tpass",
    ],
)
def test_never_raises_on_user_code(garbage: str) -> None:
    result = migrate_source(garbage, path="bad.py")
    assert result.error is not None and not result.changed and result.code == garbage
    assert result.error.rule in {"KM001", "KM002", "KM003"}


def test_bytes_keep_encoding_and_report_decode_errors() -> None:
    data = "# -*- coding: latin-1 -*-\n# é\n".encode("latin-1") + GUIDE.encode()
    result = migrate_bytes(data)
    assert result.changed and result.data.startswith("# -*- coding: latin-1 -*-\n# é\n".encode("latin-1"))
    bad = migrate_bytes(b"x = 1\n# \xff\n")
    assert (
        bad.error is not None and bad.error.rule == "KM003" and (bad.error.line, bad.error.column) == (2, 3)
    )


def test_codemod_command_in_a_libcst_pipeline() -> None:
    context = CodemodContext(filename="act.py")
    command = KerasMigrateCommand(context)
    tree = command.transform_module(cst.parse_module(GUIDE))
    assert tree.code == EXPECTED
    warned = KerasMigrateCommand(CodemodContext(filename="m.py"), select=["KM1"])
    warned.transform_module(
        cst.parse_module("from keras import backend as K\ny = K.common.relu(x, threshold=1)\n")
    )
    assert [w.split(" ")[1] for w in warned.context.warnings] == ["KM102"]


def test_libcst_tool_runs_the_command(tmp_path: Path) -> None:
    target = tmp_path / "act.py"
    target.write_text(GUIDE)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "-x",
            "kerasmigrate.KerasMigrateCommand",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert target.read_text() == EXPECTED


def test_migrate_paths_batch(example_tree: Path) -> None:
    batch = migrate_paths([example_tree], write=False, diff=True)
    assert sorted(Path(f.path).name for f in batch.changed) == ["losses.py", "preprocess.py", "train.py"]
    assert all(f.diff for f in batch.changed) and not batch.errors
    assert [f.rule for f in batch.findings] == ["KM102"]
