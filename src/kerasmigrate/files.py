"""Batches: find the files, migrate each (in parallel), write atomically or into another
tree, make diffs. No CLI concerns here.

Results always come back sorted by path (component by component, i.e. walk order), so
the output is the same whatever the number of jobs and whichever worker finished first.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import itertools
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .api import MigrationResult, migrate_bytes, needs_work
from .findings import Finding, Fix
from .options import Options
from .rules.file_errors import KM005, KM006, KM007
from .walk import (
    DEFAULT_EXCLUDES,
    KERAS_JSON,
    NOTEBOOK,
    PYTHON,
    Patterns,
    Selection,
    discover,
    kind_of,
    sort_key,
)

__all__ = [
    "DEFAULT_EXCLUDES",
    "BatchResult",
    "FileResult",
    "Patterns",
    "Selection",
    "atomic_write",
    "discover",
    "migrate_paths",
    "process_file",
    "unified_diff",
]

CHANGED, UNCHANGED, SKIPPED, FAILED = "changed", "unchanged", "skipped", "failed"


@dataclass
class FileResult:
    path: str
    changed: bool = False
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    error: Finding | None = None
    diff: str = ""
    skipped: str | None = None
    kind: str = PYTHON
    # the migrated bytes between computing and writing (never set on a returned batch)
    pending: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def status(self) -> str:
        """``changed`` (or would change), ``unchanged``, ``skipped`` (generated) or ``failed``."""
        if self.error is not None:
            return FAILED
        if self.skipped:
            return SKIPPED
        return CHANGED if self.changed else UNCHANGED


@dataclass
class BatchResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.changed]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.skipped]

    @property
    def errors(self) -> list[Finding]:
        return [f.error for f in self.files if f.error is not None]

    @property
    def findings(self) -> list[Finding]:
        return [finding for f in self.files for finding in f.findings]


def unified_diff(before: str, after: str, path: str) -> str:
    """A ``git apply``-able unified diff, including the no-newline-at-end marker."""
    old, new = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), old, new
    ):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file's content in one step: a temporary file in the same directory, then
    ``os.replace``. The permission bits are kept; a symlink is written through, not replaced."""
    real = Path(os.path.realpath(path))
    mode = real.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".kerasmigrate")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _migrate(data: bytes, name: str, kind: str, options: Options) -> MigrationResult:
    if kind == NOTEBOOK:
        from .notebook import migrate_notebook

        return migrate_notebook(data, path=name, options=options)
    if kind == KERAS_JSON:
        from .kerasjson import migrate_keras_json

        return migrate_keras_json(data, path=name, options=options)
    return migrate_bytes(data, path=name, options=options)


def process_file(
    path: Path, options: Options, *, write: bool, diff: bool, dest: Path | None = None
) -> FileResult:
    """Migrate one file. ``dest``: write the result there (``--out``) instead of in place."""
    out = _compute(path, options, diff=diff)
    if write:
        _write(out, dest or path)
    return out


def _compute(path: Path, options: Options, *, diff: bool) -> FileResult:
    """Everything but the write: the new bytes ride along in ``FileResult.pending``."""
    name = str(path)
    kind = kind_of(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        error = Finding(1, 1, KM006.id, f"cannot read: {exc.strerror or exc}", name)
        return FileResult(name, error=error, kind=kind)
    result = _migrate(data, name, kind, options)
    out = FileResult(
        name, result.changed, result.findings, result.fixes, result.error, skipped=result.skipped, kind=kind
    )
    if not result.changed:
        return out
    out.pending = result.data
    if diff:
        if kind == NOTEBOOK:
            from .notebook import notebook_diff

            out.diff = notebook_diff(result.original, result.code, name)
        else:
            out.diff = unified_diff(result.original, result.code, name)
    return out


def _write(out: FileResult, target: Path) -> None:
    """Write a computed result (if it changed anything) and drop the bytes it carried."""
    data, out.pending = out.pending, None
    if data is None:
        return
    try:
        atomic_write(target, data)
    except OSError as exc:
        out.changed = False
        out.error = Finding(1, 1, KM006.id, f"cannot write: {exc.strerror or exc}", out.path)


# --- parallel execution -------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """What every worker needs (picklable; shared by all files of a run)."""

    options: Options
    diff: bool


_Task = str  # a file's path: where its result is written is the parent's business


def _work(path: _Task, job: _Job) -> FileResult:
    """The per-file worker (top level, so a process pool can run it).

    It never writes: the parent does, once it holds the result. A worker that dies after
    writing but before its result arrived would otherwise make the retry see an already
    migrated file and report it as unchanged."""
    try:
        return _compute(Path(path), job.options, diff=job.diff)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not cost the others
        return _crashed(path, f"internal error ({type(exc).__name__}: {exc})")


def _crashed(path: str, message: str) -> FileResult:
    return FileResult(path, error=Finding(1, 1, KM005.id, message, path), kind=kind_of(path))


def _die_with_parent() -> None:
    """Pool initializer: a worker must not outlive a run that was killed or interrupted.

    On Linux the kernel sends it SIGKILL when the parent dies (PR_SET_PDEATHSIG); Ctrl-C is
    the parent's to handle, so a worker ignores SIGINT and finishes or dies with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _context() -> multiprocessing.context.BaseContext | None:
    # fork: workers start with the parent's modules already imported; elsewhere (macOS,
    # Windows) the default is safer
    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


class _NoWorkers(Exception):
    """A worker process (or the pool's thread) could not be started: fork failed under a
    process limit (EAGAIN) or for memory. Carries the tasks that have no result yet."""

    def __init__(self, pending: Iterator[_Task]) -> None:
        super().__init__("cannot start a worker process")
        self.pending = pending


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop the workers a half-started pool did start: without its manager thread nobody
    would tell them to exit, and the interpreter would wait for them at exit for ever."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _run_pool(
    tasks: Iterator[_Task], job: _Job, jobs: int, emit: Callable[[FileResult], None]
) -> tuple[bool, list[_Task], Iterator[_Task]]:
    """Run tasks on a pool until there are no more or a worker dies.

    Tasks are pulled from the iterator only as workers need them (at most ``2 * jobs`` in
    flight), so whatever produces them runs while the workers work. Returns whether the
    pool broke, the tasks in flight when it did (one of them may have killed it; none if a
    worker died idle) and the tasks not yet started."""
    broken = False
    suspects: list[_Task] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_die_with_parent) as pool:
        inflight: dict[Future[FileResult], _Task] = {}
        while True:
            while len(inflight) < 2 * jobs and not broken:
                task = next(tasks, None)
                if task is None:
                    break
                try:
                    inflight[pool.submit(_work, task, job)] = task
                except BrokenProcessPool:
                    broken = True
                    tasks = itertools.chain([task], tasks)  # never started: not a suspect
                    suspects.extend(inflight.values())
                    inflight.clear()
                except (OSError, RuntimeError) as exc:  # fork failed; RuntimeError: no thread
                    _abandon(pool)
                    # none of these has a result yet: workers never write, so rerunning is safe
                    raise _NoWorkers(itertools.chain(list(inflight.values()), [task], tasks)) from exc
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                task = inflight.pop(future)
                try:
                    emit(future.result())
                except BrokenProcessPool:
                    broken = True
                    suspects.append(task)
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    emit(_crashed(task, f"internal error ({type(exc).__name__}: {exc})"))
    return broken, suspects, tasks


def _may_need_work(path: str) -> bool:
    """The prefilter on the raw bytes (True when unsure: the full path decides then)."""
    try:
        with open(path, "rb") as handle:
            return needs_work(handle.read())
    except OSError:
        return True


def _run_parallel(tasks: Iterator[_Task], job: _Job, jobs: int, emit: Callable[[FileResult], None]) -> None:
    """No warm-up in the parent: the workers import LibCST themselves, in parallel, while
    the parent goes on finding work; a worker process starts only when there is some."""
    while True:
        try:
            broken, suspects, tasks = _run_pool(tasks, job, jobs, emit)
        except _NoWorkers as exc:  # no process can be started: the rest runs in this one
            for task in exc.pending:
                emit(_work(task, job))
            return
        if not broken:
            return
        # a worker died: run each file that was in flight alone, to find the one that kills
        # it; then go on with the rest on a new pool
        for task in suspects:
            crashed, _, _ = _run_pool(iter([task]), job, 1, emit)
            if crashed:
                message = "kerasmigrate crashed on this file (its worker process died); it is left as it was"
                emit(_crashed(task, message))


# --- out of tree --------------------------------------------------------------------------


def _copy_tree(source: Path, out: Path) -> list[FileResult]:
    """Copy everything (symlinks as symlinks, modes and times kept); report what failed."""
    failures: list[FileResult] = []
    try:
        if source.is_dir():
            shutil.copytree(source, out, symlinks=True, dirs_exist_ok=True)
        else:
            out.mkdir(parents=True, exist_ok=True)
            # the file itself, not a link: writing the result must never go through to the source
            shutil.copy2(source, out / source.name)
    except shutil.Error as exc:
        for src, _dst, why in exc.args[0]:
            failures.append(
                FileResult(src, error=Finding(1, 1, KM006.id, f"cannot copy: {why}", src), kind=kind_of(src))
            )
    except OSError as exc:
        name = str(source)
        failures.append(FileResult(name, error=Finding(1, 1, KM006.id, f"cannot copy: {exc}", name)))
    return failures


def check_out_dir(paths: list[str], out: str | os.PathLike[str]) -> str | None:
    """Why ``--out`` cannot be used with these paths, or None."""
    if len(paths) != 1:
        return "--out takes exactly one PATH (a directory or a file)"
    source = Path(paths[0])
    if not source.exists():
        return f"{source}: no such file or directory"
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return f"--out {target}: the directory must not exist yet, or be empty"
    real_source, real_target = os.path.realpath(source), os.path.realpath(target)
    if source.is_dir() and (real_target + os.sep).startswith(real_source.rstrip(os.sep) + os.sep):
        return f"--out {target}: must not be inside {source}"
    return None


def _destination(file: Path, source: Path, out: Path) -> str:
    if not source.is_dir():
        return str(out / source.name)
    rel = os.path.relpath(os.path.realpath(file), os.path.realpath(source))
    return str(out / rel)


# --- the batch ----------------------------------------------------------------------------


def migrate_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    options: Options | None = None,
    write: bool = True,
    diff: bool = False,
    jobs: int = 1,
    selection: Selection | None = None,
    out: str | os.PathLike[str] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchResult:
    """Migrate files and directory trees.

    ``write=False`` only reports (for --diff/--check). ``jobs`` > 1 runs files on a process
    pool. ``out``: copy the (single) tree given into this new directory and write the
    migrated files there, leaving the source untouched (see :func:`check_out_dir`).
    ``on_start(total)`` and ``on_result(file)`` report progress (``on_result`` in completion
    order; the returned batch is sorted by path).
    """
    options = options or Options.build()
    path_list = [str(p) for p in paths]
    results: list[FileResult] = []
    tasks: list[_Task] = []
    destinations: dict[_Task, Path] = {}  # --out: where each file's result goes
    source = Path(path_list[0]) if out is not None and path_list else None
    if out is not None:
        problem = check_out_dir(path_list, out)
        if problem:
            raise ValueError(problem)
        assert source is not None
        results += _copy_tree(source, Path(out))
    for item in discover(path_list, selection):
        if isinstance(item, Finding) and item.rule == KM007.id:  # a warning about an ignore file
            results.append(FileResult(item.path, findings=[item]))
        elif isinstance(item, Finding):
            results.append(FileResult(item.path, error=item))
        else:
            tasks.append(str(item))
            if source is not None and out is not None:
                destinations[str(item)] = Path(_destination(item, source, Path(out)))
    if on_start is not None:
        on_start(len(tasks))
    for result in results:
        if on_result is not None:
            on_result(result)

    job = _Job(options, diff)
    writing = write or out is not None

    def emit(result: FileResult) -> None:
        if writing:
            _write(result, destinations.get(result.path, Path(result.path)))
        result.pending = None
        results.append(result)
        if on_result is not None:
            on_result(result)

    if jobs > 1 and len(tasks) > 1:

        def real_work() -> Iterator[_Task]:
            """Files the prefilter turns away cost a read: done here, so that a tree without
            Keras never starts a worker, and the workers share only the files that are real
            work (found while they are busy with the ones before)."""
            for task in tasks:
                if _may_need_work(task):
                    yield task
                else:
                    emit(_work(task, job))

        _run_parallel(real_work(), job, jobs, emit)
    else:
        for task in tasks:
            emit(_work(task, job))
    results.sort(key=lambda r: sort_key(r.path))
    return BatchResult(results)
