"""--jobs: the same output whatever the number of processes, and one file's failure (even a
dead worker process) never costs the others their results."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import kerasmigrate.batch as batch_mod
from kerasmigrate.cli import EXIT_ERROR, main

LEGACY = "from keras import backend as K\n\ny = K.common.abs(x)\nuid = K.common.get_uid('a')\n"


def tree(root: Path, count: int = 24) -> Path:
    for i in range(count):
        sub = root / f"pkg{i % 3}" / ("a" if i % 2 else "a_b")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"m{i}.py").write_text(LEGACY)
        (root / f"pkg{i % 3}" / f"a{i}.py").write_text(LEGACY)
    (root / "bad.py").write_text("import keras\ndef f(:\n")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_output_is_identical_whatever_the_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tree(tmp_path / "t")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        results = {jobs: run(capsys, "--diff", "--jobs", str(jobs), "t") for jobs in (1, 2, 5)}
    finally:
        os.chdir(cwd)
    assert results[1] == results[2] == results[5]
    code, out, err = results[1]
    assert code == EXIT_ERROR and out.count("+++ b/") == 48
    # sorted by path, component by component: t/pkg0/a/..., then t/pkg0/a0.py, ...
    headers = [line[6:] for line in out.splitlines() if line.startswith("+++ ")]
    assert headers == sorted(headers, key=lambda p: Path(p).parts)
    assert "t/bad.py:2:7: KM001" in err and "48 files would change, 48 findings, 1 error" in err
    assert all(p.read_text() == LEGACY for p in root.rglob("m*.py"))


def test_parallel_run_writes_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tree(tmp_path / "t", 10)
    code, _, err = run(capsys, "-j", "4", str(root))
    assert code == EXIT_ERROR and "20 files changed, 20 findings, 1 error" in err
    assert all("tf.abs(x)" in p.read_text() for p in root.rglob("*.py") if p.name != "bad.py")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the crash is injected through fork")
def test_a_crashing_worker_costs_only_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path / "t", 12)
    (root / "pkg1" / "crash_me.py").write_text(LEGACY)
    (root / "pkg2" / "raise_me.py").write_text(LEGACY)
    real = batch_mod._migrate

    def sabotaged(data, name, kind, options, *rest):
        if name.endswith("crash_me.py"):
            os._exit(70)  # the worker process dies without a word
        if name.endswith("raise_me.py"):
            raise RuntimeError("boom")
        return real(data, name, kind, options, *rest)

    monkeypatch.setattr(batch_mod, "_migrate", sabotaged)  # inherited by the forked workers
    code, _, err = run(capsys, "-j", "3", str(root))
    assert code == EXIT_ERROR
    assert f"{root / 'pkg1' / 'crash_me.py'}:1:1: KM005 kerasmigrate crashed on this file" in err
    assert f"{root / 'pkg2' / 'raise_me.py'}:1:1: KM005 internal error (RuntimeError: boom)" in err
    assert "24 files changed, 24 findings, 3 errors" in err
    assert (root / "pkg1" / "crash_me.py").read_text() == LEGACY
    assert all("tf.abs(x)" in p.read_text() for p in root.rglob("*.py") if p.name.startswith(("m", "a")))


def test_workers_never_write_so_a_retry_sees_the_original(tmp_path: Path) -> None:
    """A dead worker makes every result in flight a suspect to be run again. If workers
    wrote, a file written just before the pool broke would be retried already migrated and
    reported unchanged (seen once in CI: "23 files changed" for 24). The parent writes."""
    path = tmp_path / "m.py"
    path.write_text(LEGACY)
    job = batch_mod._Job(batch_mod.Options.build(), diff=False)
    result = batch_mod._work(str(path), job)
    assert path.read_text() == LEGACY
    assert result.changed and result.pending is not None and b"tf.abs(x)" in result.pending
    again = batch_mod._work(str(path), job)
    assert again.changed and again.pending == result.pending


def test_a_pool_that_breaks_with_nothing_in_flight_loses_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker can die idle (killed from outside between two files): the pool is broken,
    the next submit raises, and no task was in flight to retry. The rest of the batch must
    still run, on a new pool. (A stand-in pool, run in-process, makes this deterministic.)"""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    pools: list[object] = []

    class BrokenFirst:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            self.broken = len(pools) == 1

        def __enter__(self) -> BrokenFirst:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            if self.broken:
                raise BrokenProcessPool("a worker died while idle")
            future: Future[object] = Future()
            future.set_result(fn(*args))
            return future

    monkeypatch.setattr(batch_mod, "ProcessPoolExecutor", BrokenFirst)
    root = tree(tmp_path / "t", 6)
    code, _, err = run(capsys, "-j", "2", str(root))
    assert len(pools) == 2
    assert code == EXIT_ERROR and "12 files changed, 12 findings, 1 error" in err
    assert all("tf.abs(x)" in p.read_text() for p in root.rglob("*.py") if p.name != "bad.py")
