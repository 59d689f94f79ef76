"""The CLI's fast path (``cli._plain``) means what typer's parse of the same command line means.

Each command line is run twice on copies of one tree, once through the fast path and once
through typer; exit code, stdout, stderr and the files written must be the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasmigrate import cli

LEGACY = "from keras import backend as K\n\n\ndef loss(a, b):\n    return K.common.abs(a - b)\n"

PLAIN = [
    ["--check", "{tree}"],
    ["--diff", "{tree}"],
    ["{tree}"],
    ["-q", "{tree}", "--check"],
    ["-v", "--diff", "--check", "{tree}"],
    ["--verbose", "--quiet", "{tree}/a.py", "{tree}/missing.py"],
    ["--check", "--check", "{tree}/b.py"],
    ["--check", "--jobs", "1", "{tree}"],
    ["-j", "2", "--diff", "{tree}", "-j", "1"],
    ["-q", "--jobs", "12", "{tree}"],
]


def _tree(root: Path) -> Path:
    root.mkdir()
    (root / "a.py").write_text(LEGACY, encoding="utf-8")
    (root / "b.py").write_text("import os\n", encoding="utf-8")
    (root / "c.py").write_text("def broken(:\n", encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_fast_path_matches_typer(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = []
    for name, fast in (("fast", True), ("typer", False)):
        tree = _tree(tmp_path / name)
        args = [arg.format(tree=tree) for arg in argv]
        assert (cli._plain(args) is not None) is True
        with monkeypatch.context() as patch:
            if not fast:
                patch.setattr(cli, "_plain", lambda _args: None)
            code = cli.main(args)
        out, err = capsys.readouterr()
        runs.append((code, out.replace(str(tree), "T"), err.replace(str(tree), "T"), _files(tree)))
    assert runs[0] == runs[1]
    if "-q" not in argv and "--quiet" not in argv:
        assert runs[0][2]  # the summary line at least


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["-"],
        ["--", "x.py"],
        ["-qv", "x.py"],
        ["--jobs", "0", "x.py"],
        ["--jobs", "01", "x.py"],
        ["--jobs", "+1", "x.py"],
        ["--jobs", "x.py"],
        ["x.py", "--jobs"],
        ["--jobs", "\u0661", "x.py"],
        ["--jobs=1", "x.py"],
        ["-j1", "x.py"],
        ["--check=1", "x.py"],
        ["--version"],
        ["rules"],
        ["--unsafe-fixes", "x.py"],
    ],
    ids=repr,
)
def test_anything_else_goes_through_typer(argv: list[str]) -> None:
    assert cli._plain(argv) is None


def test_a_completion_request_goes_through_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KERASMIGRATE_COMPLETE", "bash_source")
    assert cli._plain(["--check", "x.py"]) is None
    monkeypatch.delenv("_KERASMIGRATE_COMPLETE")
    assert cli._plain(["--check", "x.py"]) == {"check": True, "paths": ["x.py"]}


def test_the_command_has_typers_parameters_and_defaults() -> None:
    """The fast path calls ``command.run`` with the defaults of its own signature; typer
    calls it with the defaults ``typer_app.migrate`` declares: they must be the same."""
    import inspect

    from kerasmigrate.command import run
    from kerasmigrate.typer_app import migrate

    declared = {n: p.default for n, p in inspect.signature(migrate).parameters.items() if n != "version"}
    assert declared == {n: p.default for n, p in inspect.signature(run).parameters.items()}


def test_a_plain_command_line_imports_neither_typer_nor_click(tmp_path: Path) -> None:
    """What the fast path is for: start-up without typer, click or pydantic."""
    import subprocess
    import sys

    tree = _tree(tmp_path / "t")
    probe = (
        "import sys\nfrom kerasmigrate.cli import main\ncode = main(['--check', '-q', sys.argv[1]])\n"
        "print(code, sorted(m for m in ('typer', 'click', 'pydantic') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tree)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[0] == "1 []"
