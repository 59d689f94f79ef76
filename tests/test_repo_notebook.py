"""Jupyter notebooks: code cells migrated as one module, magics and JSON layout kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, main
from kerasmigrate.notebook import migrate_notebook
from kerasmigrate.options import Options


def notebook(cells: list[tuple[str, str]], *, indent: int | None = 1, ensure_ascii: bool = False,
             sort_keys: bool = True, final_newline: bool = True, as_string: bool = False) -> str:  # fmt: skip
    """A notebook as Jupyter writes it (nbformat: indent 1, sorted keys, no ASCII escaping)."""
    data: dict = {
        "cells": [],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, (kind, source) in enumerate(cells):
        cell: dict = {"cell_type": kind, "id": f"cell-{i}", "metadata": {"tags": ["é"]}}
        cell["source"] = source if as_string else source.splitlines(keepends=True)
        if kind == "code":
            cell["execution_count"] = i
            cell["outputs"] = [
                {"name": "stdout", "output_type": "stream", "text": ["résumé: K.common.abs\n"]}
            ]
        data["cells"].append(cell)
    text = json.dumps(data, indent=indent, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    return text + ("\n" if final_newline else "")


def migrate(text: str):
    return migrate_notebook(text.encode(), path="nb.ipynb", options=Options.build())


def cells_of(text: str) -> list[str]:
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in json.loads(text)["cells"]
    ]


CELLS = [
    ("markdown", "# Training\nUses `K.common.abs`.\n"),
    ("code", "%matplotlib inline\nimport numpy as np\nfrom keras import backend as K"),
    ("code", "!pip install -q keras \\\n    tensorflow\nx = np.ones(3)\nnp.ones?\ny = K.common.abs(x)"),
    ("code", "%%bash\necho K.common.abs\n"),
    ("code", "%%time\nordering = K.image_dim_ordering()\n"),
    ("code", "if ordering == 'th':\n    files = !ls\n    print(ordering)\n"),
]


def test_code_cells_migrated_as_one_module_magics_kept() -> None:
    before = notebook(CELLS)
    result = migrate(before)
    assert result.error is None and result.changed
    after = cells_of(result.code)
    assert after[0] == CELLS[0][1]  # markdown untouched
    # the import goes after the first importing cell's imports; the unused K import is gone
    # (the cell had no final newline; it still has none)
    assert after[1] == "%matplotlib inline\nimport numpy as np\nimport tensorflow as tf"
    assert after[2] == "!pip install -q keras \\\n    tensorflow\nx = np.ones(3)\nnp.ones?\ny = tf.abs(x)"
    assert after[3] == CELLS[3][1]  # %%bash: not Python, left out
    # the value bound in cell 5 is compared in cell 6 and printed there: followed across
    # cells, it goes on to print(), so it keeps its legacy value and the comparison stays
    legacy = "{'channels_first': 'th', 'channels_last': 'tf'}[tf.keras.backend.image_data_format()]"
    assert after[4] == f"%%time\nordering = {legacy}\n"
    assert after[5] == CELLS[5][1]
    assert result.findings == []
    assert [(f.cell, f.line, f.rule) for f in result.fixes] == [(3, 5, "KM101"), (5, 2, "KM203")]
    # outputs and metadata untouched
    old, new = json.loads(before), json.loads(result.code)
    for a, b in zip(old["cells"], new["cells"], strict=True):
        assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
    assert old["metadata"] == new["metadata"]
    # second run: nothing to do
    assert not migrate(result.code).changed


def test_notebook_names_are_its_own() -> None:
    """A notebook is never imported: a value bound in one cell and only compared in another
    takes the clean form (a module's public name would keep the legacy value, KM203)."""
    cells = [
        ("code", "from keras import backend as K\nordering = K.image_dim_ordering()\n"),
        ("code", "axis = 1 if ordering == 'th' else -1\n"),
    ]
    result = migrate(notebook(cells))
    assert result.error is None and result.findings == []
    after = cells_of(result.code)
    assert after == [
        "import tensorflow as tf\nordering = tf.keras.backend.image_data_format()\n",
        "axis = 1 if ordering == 'channels_first' else -1\n",
    ]


@pytest.mark.parametrize(
    "layout",
    [
        {},
        {"indent": 2},
        {"indent": 4, "sort_keys": False},
        {"ensure_ascii": True},
        {"final_newline": False},
        {"as_string": True},
        {"indent": None},
    ],
    ids=repr,
)
def test_json_layout_is_kept(layout: dict) -> None:
    cells = [("code", "from keras import backend as K\n"), ("code", "y = K.common.abs(x)\n")]
    before = notebook(cells, **layout)
    result = migrate(before)
    expected_cells = [("code", "import tensorflow as tf\n"), ("code", "y = tf.abs(x)\n")]
    # a changed notebook is exactly what the same writer would have written for the new cells
    assert result.code == notebook(expected_cells, **layout)
    assert result.data == result.code.encode()


def test_unchanged_notebook_is_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    data = notebook(
        [("code", "import numpy as np\nx = np.ones(3)\n"), ("code", "from keras import layers\n")]
    )
    path.write_text(data)
    stat = path.stat()
    assert main([str(path)]) == EXIT_OK
    assert path.read_text() == data and path.stat().st_mtime_ns == stat.st_mtime_ns


def test_only_changed_source_lines_differ(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    before = notebook(CELLS)
    path.write_text(before)
    assert main([str(path)]) == EXIT_OK
    old, new = before.splitlines(), path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    # every differing JSON line is a line of a cell's source
    assert len(new) == len(old) + 0 and changed
    for a, b in changed:
        assert a.startswith('    "') and b.startswith('    "'), (a, b)


def test_findings_and_diff_name_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        notebook(
            [
                ("markdown", "intro\n"),
                ("code", "from keras import backend as K\n"),
                ("code", "x = 1\nuid = K.common.get_uid('a')\ny = K.common.abs(x)\n"),
            ]
        )
    )
    assert main(["--check", str(path)]) == EXIT_CHANGES
    err = capsys.readouterr().err
    assert f"{path}:cell 3:2:7: KM901 " in err
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["--diff", "nb.ipynb"]) == EXIT_OK
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert out.startswith("--- a/nb.ipynb\n+++ b/nb.ipynb\n")
    assert "@@ cell 2\n" in out and "@@ cell 3\n" in out
    assert '+    "y = tf.abs(x)\\n"' in out
    if shutil.which("git"):  # the notebook diff is a real patch
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        (tmp_path / "p.patch").write_text(out)
        subprocess.run(["git", "apply", "p.patch"], cwd=tmp_path, check=True)
        assert "tf.abs(x)" in path.read_text()


def test_import_goes_to_first_code_cell_without_imports_anywhere() -> None:
    before = notebook([("code", "%load_ext autoreload\nx = 1\n"), ("code", "def f(K):\n    return K\n")])
    assert not migrate(before).changed  # no keras import: nothing resolves, nothing changes
    before = notebook([("code", "%load_ext autoreload\n\"\"\"doc\"\"\"\nx = 1\n"),
                       ("code", "def f(y):\n    import keras.backend as K\n    return K.common.abs(y)\n")])  # fmt: skip
    after = cells_of(migrate(before).code)
    assert after[0] == '%load_ext autoreload\n"""doc"""\nx = 1\n'
    assert after[1] == "import tensorflow as tf\ndef f(y):\n    return tf.abs(y)\n"


def test_cell_with_syntax_error_refuses_the_notebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nb.ipynb"
    data = notebook([("code", "from keras import backend as K\n"), ("code", "y = K.common.abs(x\n")])
    path.write_text(data)
    assert main([str(path)]) == EXIT_ERROR
    assert f"{path}:cell 2:1:" in capsys.readouterr().err
    assert path.read_text() == data


def test_suppression_comment_in_a_cell() -> None:
    before = notebook(
        [("code", "from keras import backend as K\n"), ("code", "y = K.common.abs(x)  # noqa: KM101\n")]
    )
    assert not migrate(before).changed


# --- hostile notebooks (issue 15, item 10) ---------------------------------------------------

IMPORT = "from keras import backend as K\n"


@pytest.mark.parametrize("magic_like", ["!b", "%b", "?b"])
def test_u2028_in_a_string_is_not_a_line_break(magic_like: str) -> None:
    """Python ends lines only at \\n, \\r\\n and \\r; str.splitlines also splits at U+2028,
    which made the rest of the string look like a magic (a false KM001)."""
    cell = f"{IMPORT}s = 'a\u2028{magic_like}'\ny = K.common.abs(x)\n"
    for as_string in (False, True):
        result = migrate(notebook([("code", cell)], as_string=as_string))
        assert result.error is None, result.error
        assert cells_of(result.code) == [
            f"import tensorflow as tf\ns = 'a\u2028{magic_like}'\ny = tf.abs(x)\n"
        ]


def test_a_line_equal_to_an_internal_sentinel_stays_in_its_cell() -> None:
    """The sentinels (and magic placeholders) are spelled with a tag found in no cell."""
    cells = [
        ("code", f"{IMPORT}a = K.common.abs(x)\n__km_cell_end__ = 0\n__km0_cell_end__ = 0\n"),
        ("code", "pass  # __km_magic_1__\npass  # __km0_magic_1__\n%time b = 1\nc = K.common.abs(y)\n"),
    ]
    result = migrate(notebook(cells))
    assert result.error is None, result.error
    assert cells_of(result.code) == [
        "import tensorflow as tf\na = tf.abs(x)\n__km_cell_end__ = 0\n__km0_cell_end__ = 0\n",
        "pass  # __km_magic_1__\npass  # __km0_magic_1__\n%time b = 1\nc = tf.abs(y)\n",
    ]


def test_numbers_in_a_cell_source_are_an_invalid_notebook() -> None:
    text = notebook([("code", IMPORT + "y = K.common.abs(x)\n")])
    data = json.loads(text)
    data["cells"][0]["source"] = [IMPORT, 3, 4.5]
    result = migrate(json.dumps(data))
    assert result.error is not None and result.error.rule == "KM001", result.error
    assert "a cell's source is list, not a string or a list of strings" in result.error.message
    data["cells"][0]["source"] = 7
    result = migrate(json.dumps(data))
    assert result.error is not None and result.error.rule == "KM001"
    assert "a cell's source is int" in result.error.message


def test_deeply_nested_json_is_km001_not_an_internal_error() -> None:
    depth = 200_000
    text = '{"cells": [], "metadata": ' + "[" * depth + "]" * depth + "}"
    result = migrate(text)
    assert result.error is not None and result.error.rule == "KM001", result.error
    assert result.error.message == "not a notebook: its JSON is nested too deeply to be read"
