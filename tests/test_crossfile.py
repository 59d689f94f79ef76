"""The batch pre-pass (crossfile.analyse): what each file exports and what it reaches
through the others. The end-to-end cases are fixtures/batches (tests/test_batches.py)."""

from __future__ import annotations

from pathlib import Path

from kerasmigrate.crossfile import analyse, declared_all


def write(root: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def contexts(tmp_path: Path, files: dict[str, str]) -> dict[str, object]:
    found = analyse(write(tmp_path, files))
    return {Path(p).relative_to(tmp_path).as_posix(): c for p, c in found.items()}


def test_star_exports_public_names_only(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "a.py": "from keras import backend as K\nimport keras.backend as _KB\n",
            "b.py": "from a import *\n",
        },
    )
    assert got["a.py"].exports == {"K"}
    assert got["b.py"].bindings == {"K": ("keras.backend",)}


def test_all_limits_what_star_exports(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "a.py": "from keras import backend as K\nimport tensorflow as tf\n__all__ = ['tf']\n",
            "b.py": "from a import *\n",
        },
    )
    assert got["a.py"].exports == {"tf"}
    assert got["b.py"].bindings == {"tf": ("tensorflow",)}


def test_name_bound_twice_is_ambiguous(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {"a.py": "from keras import backend as K\nK = None\n", "b.py": "from a import *\n"},
    )
    assert got["b.py"].bindings == {"K": ("", "keras.backend")}


def test_from_and_module_imports_give_aliases(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "a.py": "from keras import backend as K\n",
            "b.py": "from a import K as backend\nimport a\n",
        },
    )
    assert got["a.py"].exports == {"K"}
    assert got["b.py"].aliases == {"a.K": ("keras.backend",)}


def test_relative_imports_through_a_package_chain(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "pkg/__init__.py": "from .ops import *\n",
            "pkg/ops.py": "from tensorflow.keras import backend as K\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/use.py": "from ..ops import K\nfrom .. import ops\n",
            "main.py": "from pkg import *\n",
        },
    )
    assert got["pkg/ops.py"].exports == {"K"}
    assert got["main.py"].bindings == {"K": ("tensorflow.keras.backend",)}  # through __init__
    # ``from ..ops import K`` and ``from .. import ops`` (then ``ops.K``) spell it alike
    assert got["pkg/sub/use.py"].aliases == {"..ops.K": ("tensorflow.keras.backend",)}
    assert got["pkg/__init__.py"].exports == frozenset()  # it re-exports, but imports nothing itself


def test_star_import_cycles_terminate(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "a.py": "from b import *\nfrom keras import backend as K\n",
            "b.py": "from a import *\n",
        },
    )
    assert got["b.py"].bindings == {"K": ("keras.backend",)}


def test_files_without_cross_imports_have_no_context(tmp_path: Path) -> None:
    assert contexts(tmp_path, {"a.py": "from keras import backend as K\n", "b.py": "import os\n"}) == {}


def test_import_in_a_docstring_is_not_an_import(tmp_path: Path) -> None:
    got = contexts(
        tmp_path,
        {
            "a.py": '"""Usage:\nfrom keras import backend as K, and more\n"""\nX = 1\n',
            "b.py": "from a import *\n",
        },
    )
    assert "b.py" not in got or "K" not in got["b.py"].bindings


def test_declared_all_forms() -> None:
    import ast

    assert declared_all(ast.parse("x = 1\n")) is None
    assert declared_all(ast.parse("__all__ = ['a']\n__all__ += ('b',)\n__all__.extend(['c'])\n")) == {
        "a",
        "b",
        "c",
    }
    assert declared_all(ast.parse("__all__ = names()\n")) == {"*"}
