"""The hostile battery (issue 15): the real CLI, in a subprocess, over trees, inputs and
environments built to break it. Whatever happens, stderr never holds a Python traceback
(nor an "internal error"), and the exit code is one the CLI documents for that case:
0 done, 1 ``--check`` found changes, 2 an error, 130 interrupted.

To add a case, append a :class:`Scenario` to :data:`SCENARIOS`: a name, a builder that
makes the tree in a fresh directory and returns the arguments, the exit codes allowed,
and optionally a check of its own. Run as root (as CI does), only the scenarios marked
``needs_non_root`` are skipped: the kernel does not apply RLIMIT_NPROC to root.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kerasmigrate import api, files, migrate_source
from kerasmigrate.cli import EXIT_CHANGES, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, main

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"
BAD_NAME = os.fsdecode(b"bad\xff.py")  # not UTF-8: held as a lone surrogate by Python


@dataclass(frozen=True)
class Scenario:
    name: str
    #: makes the case under the directory given; returns the CLI arguments
    build: Callable[[Path], list[str]]
    exits: tuple[int, ...]
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    #: runs in the child before kerasmigrate starts (a limit, a deleted directory)
    preexec: Callable[[Path], Callable[[], None]] | None = None
    #: stdout is a pipe whose reader is gone (``| head -1`` once head has exited), or is
    #: not open at all (``>&-``)
    stdout: str | None = None
    needs_non_root: bool = False
    #: extra checks on the tree and the finished process
    check: Callable[[Path, subprocess.CompletedProcess[bytes]], None] | None = None


def _write(root: Path, name: str, text: str = LEGACY) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _tree(root: Path, count: int = 3) -> Path:
    tree = root / "tree"
    for i in range(count):
        _write(tree, f"pkg/m{i}.py")
    return tree


def _non_utf8_tree(root: Path) -> Path:
    tree = root / "tree"
    _write(tree, "ok.py")
    _write(tree, BAD_NAME)
    return tree


# --- builders -------------------------------------------------------------------------------


def _non_utf8_diff(root: Path) -> list[str]:
    return ["--diff", str(_non_utf8_tree(root))]


def _check_non_utf8_diff(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    # C-quoted with the byte as an octal escape, as git writes such names (git apply takes it;
    # test_repo_writes.py::test_diff_of_awkward_names_applies_with_git applies one)
    assert b'+++ "' + os.fsencode(str(root / "tree")) + b'/bad\\377.py"\n' in proc.stdout


def _non_utf8_report(root: Path) -> list[str]:
    return ["--diff", "--report", str(root / "report.json"), str(_non_utf8_tree(root))]


def _check_non_utf8_report(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    names = {os.path.basename(f["path"]) for f in report["files"]}
    assert BAD_NAME in names  # "\udcff" in the JSON: decodes back to the very name


def _non_utf8_sarif(root: Path) -> list[str]:
    return ["--check", "--output-format", "sarif", str(_non_utf8_tree(root))]


def _check_non_utf8_sarif(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    proc.stdout.decode("utf-8")  # valid UTF-8 throughout
    assert b"bad%FF.py" in proc.stdout  # the URI percent-encodes the name's bytes


def _non_utf8_json(root: Path) -> list[str]:
    return ["--check", "--output-format", "json", str(_non_utf8_tree(root))]


def _stdin_report_missing_dir(root: Path) -> list[str]:
    return ["--report", str(root / "missing" / "report.json"), "-"]


def _check_stdin_report(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    assert b"cannot write the report" in proc.stderr


def _in_deleted_directory(root: Path) -> list[str]:
    _tree(root)
    return ["--check", "pkg"]


def _delete_cwd(root: Path) -> Callable[[], None]:
    gone = root / "gone"
    gone.mkdir()

    def run() -> None:
        os.chdir(gone)
        os.rmdir(gone)

    return run


def _fork_fails(root: Path) -> list[str]:
    return ["-j", "4", "--check", str(_tree(root, 6))]


def _process_limit(root: Path) -> Callable[[], None]:
    def run() -> None:
        resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))  # no new process or thread at all

    return run


def _check_all_files(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    assert b"6 files would change" in proc.stderr


def _closed_stdout(root: Path) -> list[str]:
    body = "".join(f"    y{i} = K.common.abs(a - {i})\n" for i in range(30))
    _write(root, "big.py", f"from keras import backend as K\n\n\ndef f(a):\n{body}    return a\n")
    return ["--diff", str(root / "big.py")]


def _check_broken_pipe(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    assert b"kerasmigrate: error: stdout was closed (broken pipe)" in proc.stderr


def _symlink_loop(root: Path) -> list[str]:
    tree = _tree(root)
    (tree / "x.py").symlink_to("x.py")
    return [str(tree)]


def _symlink_loop_named(root: Path) -> list[str]:
    (root / "x.py").symlink_to("x.py")
    return [str(root / "x.py")]


def _bad_gitignore(root: Path) -> list[str]:
    tree = _tree(root)
    (tree / "pkg" / ".gitignore").write_text("!\n")
    return ["--check", str(tree)]


def _fifo_gitignore(root: Path) -> list[str]:
    tree = _tree(root)
    os.mkfifo(tree / ".gitignore")
    os.mkfifo(tree / "pkg" / "keras.json")
    return ["--check", str(tree)]


def _dev_zero_configs(root: Path) -> list[str]:
    tree = _tree(root)
    (tree / ".gitignore").symlink_to("/dev/zero")
    (tree / "pkg" / "keras.json").symlink_to("/dev/zero")
    (tree / "pyproject.toml").symlink_to("/dev/zero")
    return ["--check", str(tree)]


def _broken_pyproject(root: Path) -> list[str]:
    tree = _tree(root)
    (tree / "pyproject.toml").write_text("[tool.kerasmigrate\n")
    return [str(tree)]


def _bad_extend_exclude(root: Path) -> list[str]:
    tree = _tree(root)
    (tree / "pyproject.toml").write_text('[tool.kerasmigrate]\nextend-exclude = ["!"]\n')
    return [str(tree)]


def _empty_select(root: Path) -> list[str]:
    return ["--select", "KM1,", str(_tree(root))]


def _unchanged(root: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    """Nothing was written: every file is still the legacy source."""
    for path in root.rglob("*.py"):
        if path.is_file() and not path.is_symlink():
            assert path.read_text() == LEGACY, path


STRICT = {"PYTHONIOENCODING": "utf-8:strict"}

SCENARIOS = [
    Scenario("non-utf8-name --diff", _non_utf8_diff, (EXIT_OK,), env=STRICT, check=_check_non_utf8_diff),
    Scenario(
        "non-utf8-name --report", _non_utf8_report, (EXIT_OK,), env=STRICT, check=_check_non_utf8_report
    ),
    Scenario(
        "non-utf8-name sarif", _non_utf8_sarif, (EXIT_CHANGES,), env=STRICT, check=_check_non_utf8_sarif
    ),
    Scenario("non-utf8-name json", _non_utf8_json, (EXIT_CHANGES,), env=STRICT),
    Scenario(
        "stdin --report into a missing directory",
        _stdin_report_missing_dir,
        (EXIT_ERROR,),
        stdin=LEGACY.encode(),
        check=_check_stdin_report,
    ),  # fmt: skip
    Scenario("deleted working directory", _in_deleted_directory, (EXIT_ERROR,), preexec=_delete_cwd),
    Scenario(
        "-j 4 when fork fails (RLIMIT_NPROC)",
        _fork_fails,
        (EXIT_CHANGES,),
        preexec=_process_limit,
        needs_non_root=True,
        check=_check_all_files,
    ),  # fmt: skip
    Scenario(
        "closed stdout (--diff | head -1)",
        _closed_stdout,
        (EXIT_ERROR,),
        stdout="broken pipe",
        check=_check_broken_pipe,
    ),
    Scenario(
        "stdout not open (--diff >&-)",
        _closed_stdout,
        (EXIT_ERROR,),
        stdout="not open",
        check=_check_broken_pipe,
    ),
    Scenario(
        "stdin to a closed stdout",
        lambda root: ["-"],
        (EXIT_ERROR,),
        stdin=LEGACY.encode(),
        stdout="broken pipe",
        check=_check_broken_pipe,
    ),
    Scenario("symlink loop in the tree", _symlink_loop, (EXIT_OK,)),
    Scenario("symlink loop named explicitly", _symlink_loop_named, (EXIT_ERROR,)),
    Scenario("invalid .gitignore line", _bad_gitignore, (EXIT_CHANGES,)),
    Scenario("FIFO .gitignore and keras.json", _fifo_gitignore, (EXIT_CHANGES,)),
    Scenario(
        "/dev/zero as .gitignore, keras.json, pyproject.toml",
        _dev_zero_configs,
        (EXIT_ERROR,),
        check=_unchanged,
    ),  # fmt: skip
    Scenario("broken pyproject.toml", _broken_pyproject, (EXIT_ERROR,), check=_unchanged),
    Scenario("invalid extend-exclude", _bad_extend_exclude, (EXIT_ERROR,), check=_unchanged),
    Scenario("empty rule in --select", _empty_select, (EXIT_ERROR,), check=_unchanged),
]


def _run(scenario: Scenario, root: Path) -> subprocess.CompletedProcess[bytes]:
    args = scenario.build(root)
    preexec = scenario.preexec(root) if scenario.preexec else None
    env = {**os.environ, **scenario.env}
    command = [sys.executable, "-m", "kerasmigrate", *args]
    if scenario.stdout is None:
        return subprocess.run(
            command, input=scenario.stdin, capture_output=True, timeout=300, cwd=root, env=env,
            preexec_fn=preexec,
        )  # fmt: skip
    # (reading a line and closing would not do: this machine's pipes hold megabytes, so the
    # whole diff is written before the reader goes away)
    read_end, write_end = os.pipe()
    os.close(read_end)

    def closed_stdout() -> None:
        if scenario.stdout == "not open":
            os.close(1)
        if preexec is not None:
            preexec()

    try:
        return subprocess.run(
            command, input=scenario.stdin or b"", stdout=write_end, stderr=subprocess.PIPE, timeout=300,
            cwd=root, env=env, preexec_fn=closed_stdout,
        )  # fmt: skip
    finally:
        os.close(write_end)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_hostile_battery(tmp_path: Path, scenario: Scenario) -> None:
    if scenario.needs_non_root and os.geteuid() == 0:
        pytest.skip("RLIMIT_NPROC does not apply to root; test_fork_failure_falls_back_in_process covers it")
    proc = _run(scenario, tmp_path)
    stderr = proc.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert proc.returncode in scenario.exits, (proc.returncode, stderr)
    if proc.returncode == EXIT_ERROR:
        assert "kerasmigrate: error: " in stderr or ": KM0" in stderr, stderr
    if scenario.check is not None:
        scenario.check(tmp_path, proc)


# --- what the battery cannot do as root ---------------------------------------------------


@pytest.mark.parametrize("forks_allowed", [0, 1], ids=["no-worker", "half-started-pool"])
def test_fork_failure_falls_back_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks_allowed: int
) -> None:
    """fork failing with EAGAIN (what RLIMIT_NPROC does to a non-root user) after
    ``forks_allowed`` workers started: the run finishes in-process; no traceback, no hang."""
    tree = _tree(tmp_path, 6)
    real_fork = os.fork
    count = [0]

    def failing_fork() -> int:
        count[0] += 1
        if count[0] > forks_allowed:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", failing_fork)
    batch = files.migrate_paths([str(tree)], jobs=4)
    monkeypatch.setattr(os, "fork", real_fork)
    assert count[0] == forks_allowed + 1  # the failure was met
    assert [f.status for f in batch.files] == ["changed"] * 6
    assert all("tf.abs" in p.read_text() for p in tree.rglob("*.py"))


# --- Ctrl-C ---------------------------------------------------------------------------------


def test_sigint_prints_one_line(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    filler = "".join(f"def helper_{i}(x):\n    return x * {i}\n\n\n" for i in range(150))
    for i in range(80):
        _write(tree, f"m{i}.py", LEGACY + filler)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kerasmigrate", "-j", "2", str(tree)], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    # the sources only: a write's temporary file may vanish between listing and reading it
    while time.monotonic() < deadline and all(
        p.read_text().startswith("from keras") for p in tree.glob("m*.py")
    ):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    lines = stderr.decode().splitlines()
    done = sum(not p.read_text().startswith("from keras") for p in tree.glob("m*.py"))
    assert proc.returncode == EXIT_INTERRUPTED, lines
    assert lines == [
        f"kerasmigrate: interrupted: {done} file{'' if done == 1 else 's'} done, the rest untouched"
    ]
    assert main(["-q", str(tree)]) == EXIT_OK  # and running again finishes the job


# --- valid Python is never an internal error (item 9) ---------------------------------------

HEADER = "from keras import backend as K\n"  # the prefilter skips files without "keras"
DEEP = {
    "350-term sum": (HEADER + "y = " + " + ".join(["a"] * 350) + " + K.common.abs(x)\n", True),
    "3000-term sum": (HEADER + "y = " + " + ".join(["a"] * 3000) + " + K.common.abs(x)\n", True),
    "350-long attribute chain": (HEADER + "y = a" + ".b" * 350 + "\n", False),
    "150 nested calls": (HEADER + "y = " + "f(" * 150 + "K.common.abs(x)" + ")" * 150 + "\n", True),
    "500 adjacent literals": (HEADER + "y = " + " ".join(["'s'"] * 500) + "\n", False),
    "2000 nots": (HEADER + "y = " + "not " * 2000 + "K.common.abs(x)\n", True),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_valid_python_is_migrated(name: str) -> None:
    source, rewritten = DEEP[name]
    limit = sys.getrecursionlimit()
    result = migrate_source(source)
    assert result.error is None, result.error
    assert result.changed is rewritten
    if rewritten:
        body = source.removeprefix(HEADER).replace("K.common.abs", "tf.abs")
        assert result.code in (f"import tensorflow as tf\n{body}", f"import tensorflow as tf\n\n{body}")
    assert sys.getrecursionlimit() == limit  # raised only while the file ran


def test_what_the_parser_cannot_read_is_km008_never_km001_or_km005(monkeypatch: pytest.MonkeyPatch) -> None:
    literals = HEADER + "y = " + " ".join(["'s'"] * 5000) + "\n"  # valid: CPython compiles it
    compile(literals, "<literals>", "exec")
    result = migrate_source(literals)
    assert result.error is not None and result.error.rule == "KM008", result.error
    assert "valid Python that LibCST's parser cannot read" in result.error.message
    # deeper than the raised limit goes (made small here, so the test stays fast)
    monkeypatch.setattr(api, "RECURSION_LIMIT", 1000)
    monkeypatch.setattr(sys, "getrecursionlimit", lambda: 1000)
    result = migrate_source(DEEP["3000-term sum"][0])
    assert result.error is not None and result.error.rule == "KM008", result.error
    assert result.error.message == "too deeply nested for the parser; the file is left untouched"
