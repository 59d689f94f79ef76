"""Never lose a byte: interrupted batches, symlinks, modes, hostile inputs, and properties
that must hold for any input (hypothesis, plus hypothesmith-generated programs)."""

from __future__ import annotations

import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerasmigrate import migrate_bytes, migrate_source
from kerasmigrate.cli import EXIT_OK, main
from tests.fixture_cases import cases
from tests.names import new_undefined, new_unsound

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"
MIGRATED = "import tensorflow as tf\n\n\ndef loss(a, b):\n    return tf.abs(a - b)\n"


# --- interrupted batches -------------------------------------------------------------------


def _legacy_tree(root: Path, count: int) -> dict[Path, tuple[bytes, bytes]]:
    """Files big enough that a batch takes a while; each with its original and migrated bytes."""
    expected: dict[Path, tuple[bytes, bytes]] = {}
    filler = "".join(f"def helper_{i}(x):\n    return x * {i}\n\n\n" for i in range(150))
    for i in range(count):
        path = root / f"pkg{i % 4}" / f"module_{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            f"from keras import backend as K\n\n\n{filler}"
            f"def loss_{i}(a, b):\n    if K.image_dim_ordering() == 'th':\n        a = a.T\n"
            "    return K.common.abs(a - b) + K.common.sigmoid(b)\n"
        )
        data = text.encode()
        path.write_bytes(data)
        migrated = migrate_bytes(data).data
        assert migrated != data
        expected[path] = (data, migrated)
    return expected


def _assert_each_file_whole(expected: dict[Path, tuple[bytes, bytes]]) -> tuple[int, int]:
    done = untouched = 0
    for path, (before, after) in expected.items():
        now = path.read_bytes()
        assert now in (before, after), f"{path} is neither the original nor the migrated file"
        done += now == after
        untouched += now == before
    return done, untouched


def _no_process_mentions(text: str, timeout: float = 10.0) -> bool:
    """True once no process's command line mentions ``text`` (workers die with their parent)."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if text.encode() in handle.read():
                        alive.append(pid)
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            return not alive
        time.sleep(0.2)


def _done(expected: dict[Path, tuple[bytes, bytes]]) -> int:
    count = 0
    for path, (_, after) in expected.items():
        try:
            count += path.read_bytes() == after
        except OSError:
            continue
    return count


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_batch_leaves_every_file_whole(tmp_path: Path, sig: signal.Signals) -> None:
    """The signal is sent once the run has written a file of its own (plus a random delay),
    so it lands mid-batch however fast the machine or the tool is."""
    rng = random.Random(1234 + sig)
    expected = _legacy_tree(tmp_path, 160)
    interrupted_mid_run = 0
    for _ in range(5):
        before = _done(expected)
        proc = subprocess.Popen(
            [sys.executable, "-m", "kerasmigrate", "-q", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and _done(expected) == before and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(sig)
        proc.wait(timeout=120)
        assert _no_process_mentions(str(tmp_path)), "a worker outlived the interrupted run"
        done, untouched = _assert_each_file_whole(expected)
        interrupted_mid_run += 0 < done < len(expected)
    # the run is resumable: finishing it gives exactly the migrated tree
    assert main(["-q", str(tmp_path)]) == EXIT_OK
    assert _assert_each_file_whole(expected) == (len(expected), 0)
    assert not [p for p in tmp_path.rglob("*.py") if p not in expected]
    assert interrupted_mid_run >= 1, "no attempt interrupted the batch mid-way; the test proved nothing"


# --- file system hazards -------------------------------------------------------------------


def test_permission_bits_kept(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(LEGACY)
    script.chmod(0o751)
    assert main([str(script)]) == EXIT_OK
    assert script.read_text() == MIGRATED
    assert stat.S_IMODE(script.stat().st_mode) == 0o751


def test_symlinks(tmp_path: Path) -> None:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (tree / "real.py").write_text(LEGACY)
    (tree / "alias.py").symlink_to(tree / "real.py")  # same file twice in the tree
    (outside / "elsewhere.py").write_text(LEGACY)
    (tree / "escape.py").symlink_to(outside / "elsewhere.py")  # points out of the tree
    (tree / "loop").symlink_to(tree, target_is_directory=True)  # a directory loop
    (tree / "dangling.py").symlink_to(tmp_path / "missing.py")

    assert main([str(tree), str(tree / "real.py")]) == EXIT_OK
    assert (tree / "real.py").read_text() == MIGRATED
    assert (tree / "alias.py").is_symlink() and os.readlink(tree / "alias.py") == str(tree / "real.py")
    assert (outside / "elsewhere.py").read_text() == LEGACY  # never followed out of the tree
    assert (tree / "escape.py").is_symlink()

    # named explicitly, a link is written through (the link itself stays a link)
    assert main([str(tree / "escape.py")]) == EXIT_OK
    assert (tree / "escape.py").is_symlink() and (outside / "elsewhere.py").read_text() == MIGRATED


def test_empty_and_tiny_files(tmp_path: Path) -> None:
    for name, data in {
        "empty.py": b"",
        "bom.py": b"\xef\xbb\xbf",
        "nl.py": b"\n",
        "k.py": b"import keras",
    }.items():
        (tmp_path / name).write_bytes(data)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert main([str(tmp_path)]) == EXIT_OK
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()} == before


def test_large_file_without_keras_is_fast(tmp_path: Path) -> None:
    big = tmp_path / "data.py"
    big.write_bytes(b"VALUES = [\n" + b"    0.125,\n" * 1_000_000 + b"]\n")  # about 11 MB
    before = big.stat().st_mtime_ns
    assert main([str(big)]) == EXIT_OK  # the prefilter leaves it alone without parsing
    assert big.stat().st_mtime_ns == before


def test_migrated_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    src = tmp_path / "side_effect.py"
    src.write_text(
        f"open({str(marker)!r}, 'w').close()\nimport keras\nfrom keras import backend as K\ny = K.common.abs(-1)\n"
    )
    assert main([str(src)]) == EXIT_OK
    assert "tf.abs(-1)" in src.read_text()
    assert not marker.exists()


# --- properties ----------------------------------------------------------------------------

IMPORTS = [
    "import keras.backend as K",
    "from keras import backend as K",
    "from tensorflow.keras import backend as K",
    "import tensorflow.keras.backend as K",
]
CALLS = [
    "K.common.abs(x)",
    "K.common.relu(x, alpha=0.2)",
    "K.common.relu(x, max_value=6)",
    "K.common.relu(x, 0.1, 3)",
    "K.common.sigmoid(x)",
    "K.image_dim_ordering() == 'th'",
    "K.common.image_dim_ordering() in ('th', 'tf')",
    "K.set_image_dim_ordering('tf')",
    "K.common.epsilon()",
    "K.mean(x, axis=-1)",
    "K.concatenate([x, x])",
    "K.abs",
    "K.common.get_uid('a')",
]


#: ways a module may (or may not) bind `tf`, placed before or after the legacy code
TF_BINDINGS = [
    "import tensorflow as tf",
    "tf = None",
    "import numpy as np",
    "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None",
    "try:\n    import tensorflow as tf\nexcept ImportError:\n    pass",
    "if K.backend() == 'tensorflow':\n    import tensorflow as tf",
]


@st.composite
def legacy_modules(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(IMPORTS))]
    binding = draw(st.sampled_from(["", *TF_BINDINGS]))
    where = draw(st.sampled_from(["module", "before", "after"]))  # before/after the legacy lines
    if binding and where == "module":
        lines += binding.split("\n")
    body = draw(st.lists(st.sampled_from(CALLS), min_size=1, max_size=6))
    shape = draw(st.sampled_from(["module", "function", "param"]))
    indent = "" if shape == "module" else "    "
    inner = [indent + line for line in binding.split("\n")] if binding and where != "module" else []
    if shape == "module":
        code = [f"y{i} = {c}" for i, c in enumerate(body)]
    else:
        args = "K, x" if shape == "param" else "x"
        lines.append(f"def f({args}):")
        code = [f"    y{i} = {c}  # note {i}" for i, c in enumerate(body)]
    lines += inner + code if where == "before" else code + inner
    if shape != "module":
        lines.append("    return y0")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline


def _parses(code: str) -> bool:
    try:
        compile(code, "<m>", "exec", dont_inherit=True, flags=0x400)  # ast only
    except (SyntaxError, ValueError):
        return False
    return True


def _check_properties(source: str, changed: list[tuple[str, str]] | None = None) -> None:
    """The properties of one input; a changed result is appended to ``changed`` for the
    batched ruff F821/F823 comparison (:func:`_no_new_undefined`)."""
    result = migrate_source(source)  # never raises
    if _parses(source) and result.error is not None:
        # the one refusal of valid code: LibCST 1.9 drops a form feed before code on a line
        assert result.error.rule == "KM005" and "form feed" in result.error.message, result.error
        line = re.split(r"\r\n|\r|\n", source)[result.error.line - 1]
        assert "\x0c" in line and not result.changed and result.code == source
    elif _parses(source):
        assert _parses(result.code), result.code
        again = migrate_source(result.code)
        assert not again.changed and again.code == result.code  # idempotent
        if result.changed:
            assert not new_unsound(source, result.code), result.code  # tf bound on every path
            if changed is not None:
                changed.append((source, result.code))
    else:
        assert not result.changed and result.code == source
    if "keras" not in source:
        assert result.code == source and not result.changed


#: changed results of the property tests, checked by one ruff run at the end
_CHANGED: dict[str, list[tuple[str, str]]] = {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_modules())
def test_property_legacy_modules(source: str) -> None:
    _check_properties(source, _CHANGED.setdefault("legacy_modules", []))
    # the receiver is the Keras backend unless K is the function's parameter
    assert ("K.common.abs(x)" in migrate_source(source).code) == (
        "def f(K, x)" in source and "K.common.abs(x)" in source
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_property_any_text(text: str) -> None:
    _check_properties(text, _CHANGED.setdefault("any_text", []))
    _check_properties("import keras\n" + text, _CHANGED["any_text"])


hypothesmith = pytest.importorskip("hypothesmith", reason="hypothesmith is not installed")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_property_generated_programs(program: str) -> None:
    _check_properties(program, _CHANGED.setdefault("generated_programs", []))
    _check_properties("from keras import backend as K\n" + program, _CHANGED["generated_programs"])


def test_properties_introduce_no_undefined_name() -> None:
    """ruff F821/F823 on every changed example of the properties above, in one ruff run
    (run after them, as pytest runs a module in order; run alone, it runs them first)."""
    for name, prop in [
        ("legacy_modules", test_property_legacy_modules),
        ("any_text", test_property_any_text),
        ("generated_programs", test_property_generated_programs),
    ]:
        if name not in _CHANGED:
            prop()
    changed = [pair for pairs in _CHANGED.values() for pair in pairs]
    assert _CHANGED["legacy_modules"], "the legacy-module property changed nothing"
    problems = [(pair, found) for pair, found in zip(changed, new_undefined(changed), strict=True) if found]
    assert not problems, problems[:3]


# --- the rewrites do not depend on line endings, cookies or indentation --------------------

REWRITES = [c for c in cases() if c.expected and c.source.parent.name != "files" and not c.lines(".options")]


def _variants(data: bytes) -> dict[str, tuple[bytes, int]]:
    """name -> (transformed bytes, how many lines the transform prepends)."""
    out = {"crlf": (data.replace(b"\n", b"\r\n"), 0), "cr": (data.replace(b"\n", b"\r"), 0)}
    if not data.startswith((b"#!", b"# -*-", b"# coding", b"\xef\xbb\xbf")):
        out["latin1-cookie"] = (b"# -*- coding: latin-1 -*-\n" + data, 1)
        out["bom"] = (b"\xef\xbb\xbf" + data, 0)
    if b"\t" not in data:
        out["tabs"] = (b"\n".join(_tabs(line) for line in data.split(b"\n")), 0)
    return out


def _tabs(line: bytes) -> bytes:
    stripped = line.lstrip(b" ")
    depth = len(line) - len(stripped)
    return b"\t" * (depth // 4) + b" " * (depth % 4) + stripped


@pytest.mark.parametrize("case", REWRITES, ids=[c.id for c in REWRITES])
def test_rewrite_is_independent_of_formatting(case) -> None:  # type: ignore[no-untyped-def]
    before, after = case.source.read_bytes(), case.expected.read_bytes()
    if b'"""' in before or b"'''" in before:
        variants = {k: v for k, v in _variants(before).items() if k != "tabs"}  # tabs inside strings
    else:
        variants = _variants(before)
    if case.stem.startswith("continuation_"):
        # alignment to a bracket is counted in spaces: tab-indented lines are left as written
        variants.pop("tabs", None)
    plain = migrate_bytes(before)
    for name, (data, shift) in variants.items():
        expected = _variants(after)[name][0]
        result = migrate_bytes(data)
        assert result.error is None, (name, result.error)
        assert result.data == expected, name
        assert [(f.line - shift, f.rule) for f in result.findings] == [
            (f.line, f.rule) for f in plain.findings
        ], name
