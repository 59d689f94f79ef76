"""Batches: find the files, migrate each (in parallel), write atomically or into another
tree, make diffs. No CLI concerns here.

Results always come back sorted by path (component by component, i.e. walk order), so
the output is the same whatever the number of jobs and whichever worker finished first.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import itertools
import multiprocessing
import os
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import crossfile, stages
from .api import MigrationResult, migrate_bytes, needs_work, turned_away
from .diff import unified_diff
from .findings import Finding
from .options import Options
from .positions import relocate
from .reading import read_upto
from .results import BatchResult, FileResult
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
    "Refused",
    "Selection",
    "Snapshot",
    "atomic_write",
    "discover",
    "migrate_paths",
    "process_file",
    "read_regular",
    "unified_diff",
]

# --- reading and writing files --------------------------------------------------------------

#: Files larger than this are reported (KM006 "too large"), not read: a 10 MB source with
#: Keras already takes about 2 GB to migrate.
MAX_FILE_BYTES = 256 * 1024 * 1024

CHANGED_WHILE_RUNNING = "changed while kerasmigrate was running; not written"
_TEMP_PREFIX = ".kerasmigrate-"
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
    stat.S_IFLNK: "a symlink",
}
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | _O_CLOEXEC


class Refused(OSError):
    """A file kerasmigrate will not read or write; ``str()`` is the whole KM006 message."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: which file (device and inode), its size and a digest
    of its bytes. Before the rename the file must still be exactly this (mtimes are not
    trusted: an edit within the file system's timestamp granularity keeps the mtime)."""

    dev: int
    ino: int
    size: int
    digest: bytes

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> Snapshot:
        return cls(st.st_dev, st.st_ino, st.st_size, _digest(data))

    def same_file(self, st: os.stat_result) -> bool:
        return (st.st_dev, st.st_ino, st.st_size) == (self.dev, self.ino, self.size)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _regular(st: os.stat_result, verb: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"not a regular file ({_kind(st.st_mode)}); {verb}")


def read_regular(
    path: str | os.PathLike[str], *, dir_fd: int | None = None, follow: bool = True
) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes, never more than :data:`MAX_FILE_BYTES`, and its ``fstat``.

    Anything else (a FIFO, a device, ``/dev/zero`` behind a symlink) is refused before it is
    opened, and again from the open descriptor (opened non-blocking, so a FIFO swapped in
    meanwhile cannot hang the run). A file whose size changes while it is read is refused.
    """
    _regular(os.stat(path, dir_fd=dir_fd, follow_symlinks=follow), "skipped")
    fd = os.open(path, _READ | (0 if follow else _O_NOFOLLOW), dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        _regular(st, "skipped")
        if st.st_size > MAX_FILE_BYTES:
            raise Refused(f"too large ({st.st_size} bytes; the limit is {MAX_FILE_BYTES}); skipped")
        data = read_upto(fd, st.st_size + 1)
    finally:
        os.close(fd)
    if len(data) != st.st_size:
        raise Refused(CHANGED_WHILE_RUNNING)
    return data, st


def _write_all(fd: int, data: bytes) -> None:
    """Every byte or an OSError (ENOSPC, EFBIG): ``os.write`` may write less than asked."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _copy_xattrs(src: int, dst: int) -> None:
    """Extended attributes (ACLs, SELinux labels, user tags), as far as the platform and
    our privileges allow; one that cannot be set is left out."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(dst, name, os.getxattr(src, name))
        except OSError:
            continue


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """The original owner and group (a root run must not leave a user's file owned by root);
    as anyone else the kernel refuses another owner, and the group is kept where it can be."""
    if not hasattr(os, "fchown") or (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, st.st_gid)


def _open_temp(dir_fd: int) -> tuple[int, str]:
    """A new file with a short name (whatever the length of the name it replaces), created
    inside the directory held open: never through a symlink, never over an existing file."""
    while True:
        name = f"{_TEMP_PREFIX}{secrets.token_hex(6)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
            return os.open(name, flags, 0o600, dir_fd=dir_fd), name
        except FileExistsError:
            continue


def _replace(dir_fd: int, name: str, data: bytes, st: os.stat_result, verify: Callable[[], None]) -> None:
    """Replace ``name`` in the open directory: a temporary file there, with the original's
    owner, mode and extended attributes, fsynced; ``verify()`` last; then one rename."""
    fd, temp = _open_temp(dir_fd)
    try:
        try:
            _write_all(fd, data)
            _keep_owner(fd, st)  # before the mode: a chown clears setuid/setgid bits
            os.chmod(fd, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):
                original = os.open(name, _READ | _O_NOFOLLOW, dir_fd=dir_fd)
                try:
                    _copy_xattrs(original, fd)
                finally:
                    os.close(original)
            os.fsync(fd)
        finally:
            os.close(fd)
        verify()
        os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise


def _current(dir_fd: int, name: str, read: Snapshot | None) -> os.stat_result:
    """The file as it is now (not following a symlink), which must still be what was read."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError as exc:
        raise Refused(CHANGED_WHILE_RUNNING) from exc
    if not stat.S_ISREG(st.st_mode) or (read is not None and not read.same_file(st)):
        raise Refused(CHANGED_WHILE_RUNNING)
    return st


def _still(dir_fd: int, name: str, read: Snapshot | None) -> None:
    """Just before the rename: the same file, and (the only proof) the same bytes."""
    try:
        data, st = read_regular(name, dir_fd=dir_fd, follow=False)
    except OSError as exc:  # gone, a symlink now, a FIFO now, grown while read
        raise Refused(CHANGED_WHILE_RUNNING) from exc
    if read is not None and (not read.same_file(st) or _digest(data) != read.digest):
        raise Refused(CHANGED_WHILE_RUNNING)


def atomic_write(path: str | os.PathLike[str], data: bytes, read: Snapshot | None = None) -> None:
    """Replace a file's content in one step, only if it may and should be.

    The file must still be the one that was read (``read``: same inode, size and bytes),
    writable by its mode (root passes every permission check, so the bits are checked
    here), and have one name (the rename would break a hard link). A symlink is written
    through to the file it led to when it was read, never to one it leads to now. Owner,
    group, mode and extended attributes are kept. Raises :class:`Refused` or OSError."""
    real = os.path.realpath(path)
    directory, name = os.path.split(real)
    dir_fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        st = _current(dir_fd, name, read)
        if not st.st_mode & 0o222:
            raise Refused(f"cannot write: read-only (mode {stat.S_IMODE(st.st_mode):04o}); not written")
        if st.st_nlink > 1:
            raise Refused(
                f"cannot write: the file has {st.st_nlink} hard links, which replacing it would "
                "break (the other names would keep the old bytes); not written"
            )
        _replace(dir_fd, name, data, st, lambda: _still(dir_fd, name, read))
    finally:
        os.close(dir_fd)


def _write_out(root: Path, dest: Path, data: bytes) -> None:
    """Write into the ``--out`` copy: every directory below ``root`` is opened without
    following symlinks, so a link swapped into the copy cannot lead the write elsewhere."""
    parts = Path(os.path.relpath(dest, root)).parts
    dir_fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=dir_fd)
            except (NotADirectoryError, FileNotFoundError) as exc:
                raise Refused(CHANGED_WHILE_RUNNING) from exc
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    raise
                raise Refused(CHANGED_WHILE_RUNNING) from exc
            os.close(dir_fd)
            dir_fd = inner
        name = parts[-1]
        st = _current(dir_fd, name, None)
        if st.st_nlink > 1:  # not the copy this run made
            raise Refused(CHANGED_WHILE_RUNNING)

        def verify() -> None:
            _current(dir_fd, name, None)

        _replace(dir_fd, name, data, st, verify)
    finally:
        os.close(dir_fd)


def _copy_file(src: str, dst: str, *, follow: bool = False) -> None:
    """Copy one regular file for ``--out`` (bytes, mode, times, extended attributes): never
    a FIFO or a device, never through a symlink at the destination, and never a partial
    file (on ENOSPC or EFBIG the destination is removed)."""
    _regular(os.stat(src, follow_symlinks=follow), "not copied")  # opening a device can have effects
    data_fd = os.open(src, _READ | (0 if follow else _O_NOFOLLOW))
    try:
        st = os.fstat(data_fd)
        _regular(st, "not copied")
        out_fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600)
        try:
            while chunk := os.read(data_fd, 1 << 20):
                _write_all(out_fd, chunk)
            os.chmod(out_fd, stat.S_IMODE(st.st_mode))
            _copy_xattrs(data_fd, out_fd)
            os.utime(out_fd, ns=(st.st_atime_ns, st.st_mtime_ns))
        except BaseException:
            os.close(out_fd)
            with contextlib.suppress(OSError):
                os.unlink(dst)
            raise
        os.close(out_fd)
    finally:
        os.close(data_fd)


def _migrate(
    data: bytes, name: str, kind: str, options: Options, context: crossfile.FileContext | None = None
) -> MigrationResult:
    if kind == NOTEBOOK:
        from .notebook import migrate_notebook

        return migrate_notebook(data, path=name, options=options)
    if kind == KERAS_JSON:
        from .kerasjson import migrate_keras_json

        return migrate_keras_json(data, path=name, options=options)
    return migrate_bytes(data, path=name, options=options, context=context)


def process_file(
    path: Path, options: Options, *, write: bool, diff: bool, dest: Path | None = None
) -> FileResult:
    """Migrate one file. ``dest``: write the result there (``--out``) instead of in place."""
    out = _compute(path, options, diff=diff)
    if write:
        _write(out, dest, dest.parent if dest is not None else None)
    return out


def _compute(
    path: Path, options: Options, *, diff: bool, context: crossfile.FileContext | None = None
) -> FileResult:
    """Everything but the write: the new bytes ride along in ``FileResult.pending``."""
    name = str(path)
    kind = kind_of(path)
    try:
        with stages.stage("read"):
            data, st = read_regular(path)
    except Refused as exc:
        return FileResult(name, error=Finding(1, 1, KM006.id, str(exc), name), kind=kind)
    except OSError as exc:
        error = Finding(1, 1, KM006.id, f"cannot read: {exc.strerror or exc}", name)
        return FileResult(name, error=error, kind=kind)
    result = _migrate(data, name, kind, options, context)
    out = FileResult(
        name, result.changed, result.findings, result.fixes, result.error, skipped=result.skipped, kind=kind
    )
    out.read = Snapshot.of(st, data)
    if not result.changed:
        return out
    out.pending = result.data
    if result.findings and kind == PYTHON:
        out.relocated = relocate(result.findings, result.original, result.code)
    if diff:
        if kind == NOTEBOOK:
            from .notebook import notebook_diff

            out.diff = notebook_diff(result.original, result.code, name)
        else:
            out.diff = unified_diff(result.original, result.code, name)
    return out


def _write(out: FileResult, dest: Path | None = None, root: Path | None = None) -> None:
    """Write a computed result (if it changed anything) and drop the bytes it carried:
    in place, or to ``dest`` inside the ``--out`` copy rooted at ``root``."""
    data, out.pending = out.pending, None
    relocated, out.relocated = out.relocated, None
    if data is None:
        return
    try:
        with stages.stage("write"):
            _write_bytes(out, data, dest, root)
    except Refused as exc:
        _refuse(out, str(exc), dest)
        return
    except OSError as exc:
        _refuse(out, f"cannot write: {exc.strerror or exc}", dest)
        return
    if relocated is not None and dest is None:
        out.findings = relocated  # in place: where the code now is (--out reports the source)


def _write_bytes(out: FileResult, data: bytes, dest: Path | None, root: Path | None) -> None:
    if dest is None:
        atomic_write(out.path, data, out.read)
    else:
        _write_out(root or dest.parent, dest, data)


def _refuse(out: FileResult, message: str, where: Path | None = None) -> None:
    """The result is not written: a KM006 naming the file that was not (``--out``: the copy)."""
    out.changed = False
    out.error = Finding(1, 1, KM006.id, message, str(where) if where is not None else out.path)
    out.pending = None


def _check_walked(out: FileResult, walked: _Walked | None) -> None:
    """The file read must be the one the walk found, or a plain file saved over it in the same
    directory (an editor's save by rename, between the walk and the read). Anything else (a
    symlink swapped in, a directory swapped for a link) is reported, and nothing about what
    was read is shown or written."""
    if walked is None or out.read is None:
        return
    if (out.read.dev, out.read.ino) == (walked.dev, walked.ino):
        if out.pending is None or os.path.islink(out.path) == walked.link:
            return
    elif not walked.link and walked.parent is not None:
        now: os.stat_result | None
        parent: os.stat_result | None
        try:
            now, parent = os.lstat(out.path), os.stat(os.path.dirname(out.path) or ".")
        except OSError:
            now = parent = None
        if (
            now is not None
            and parent is not None
            and stat.S_ISREG(now.st_mode)
            and (now.st_dev, now.st_ino) == (out.read.dev, out.read.ino)
            and (parent.st_dev, parent.st_ino) == walked.parent
        ):
            return
    out.findings, out.fixes, out.diff = [], [], ""
    _refuse(out, CHANGED_WHILE_RUNNING)


@dataclass(frozen=True)
class _Walked:
    """The file a walked path led to when the walk found it, whether through a symlink, and
    (for a plain file) which directory held it."""

    dev: int
    ino: int
    link: bool
    parent: tuple[int, int] | None

    @classmethod
    def of(cls, path: str, parents: dict[str, tuple[int, int] | None]) -> _Walked | None:
        """``parents`` caches each directory's identity: one ``stat`` per directory."""
        try:
            st = os.lstat(path)
            link = stat.S_ISLNK(st.st_mode)
            if link:
                st = os.stat(path)
        except OSError:
            return None
        directory = os.path.dirname(path) or "."
        if directory not in parents:
            try:
                dir_st = os.stat(directory)
                parents[directory] = (dir_st.st_dev, dir_st.st_ino)
            except OSError:
                parents[directory] = None
        return cls(st.st_dev, st.st_ino, link, parents[directory])


# --- parallel execution -------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """What every worker needs (picklable; shared by all files of a run)."""

    options: Options
    diff: bool
    #: per file, what it imports from other files of the run and they from it (crossfile.py)
    contexts: dict[str, crossfile.FileContext] = field(default_factory=dict)


_Task = str  # a file's path: where its result is written is the parent's business


def _work(path: _Task, job: _Job) -> FileResult:
    """The per-file worker (top level, so a process pool can run it).

    It never writes: the parent does, once it holds the result. A worker that dies after
    writing but before its result arrived would otherwise make the retry see an already
    migrated file and report it as unchanged."""
    try:
        return _compute(Path(path), job.options, diff=job.diff, context=job.contexts.get(path))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not cost the others
        return _crashed(path, f"internal error ({type(exc).__name__}: {exc})")
    finally:
        stages.flush_in_worker()


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
        with stages.stage("read"):
            data = read_regular(path)[0]
        with stages.stage("prefilter"):
            return needs_work(data)
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


def _copy_tree(source: Path, out: Path) -> tuple[list[FileResult], set[str]]:
    """Copy everything (symlinks as symlinks, modes and times kept); report what failed,
    once per file, and return the destinations that were not copied (their files are then
    not migrated either: one report per file, and no half-written copy left behind)."""
    failures: list[FileResult] = []
    missing: set[str] = set()

    def failed(src: str, dst: str, message: str) -> None:
        failures.append(FileResult(src, error=Finding(1, 1, KM006.id, message, src), kind=kind_of(src)))
        missing.add(os.path.abspath(dst))

    def copy(src: str, dst: str, *, follow: bool = False) -> None:
        try:
            _copy_file(src, dst, follow=follow)
        except Refused as exc:
            failed(src, dst, f"cannot copy: {exc}".removesuffix("; not copied"))
        except OSError as exc:
            failed(src, dst, f"cannot copy: {exc.strerror or exc}")

    try:
        if source.is_dir():
            shutil.copytree(source, out, symlinks=True, dirs_exist_ok=True, copy_function=copy)
        else:
            out.mkdir(parents=True, exist_ok=True)
            # the file itself, not a link: writing the result must never go through to the source
            copy(str(source), str(out / source.name), follow=True)
    except shutil.Error as exc:
        for src, dst, why in exc.args[0]:
            failed(src, dst, f"cannot copy: {why}")
    except OSError as exc:
        failed(str(source), str(out), f"cannot copy: {exc.strerror or exc}")
    return failures, missing


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
    walked: dict[_Task, _Walked | None] = {}  # the file each path led to when it was found
    parents: dict[str, tuple[int, int] | None] = {}
    not_copied: set[str] = set()
    source = Path(path_list[0]) if out is not None and path_list else None
    if out is not None:
        problem = check_out_dir(path_list, out)
        if problem:
            raise ValueError(problem)
        assert source is not None
        failures, not_copied = _copy_tree(source, Path(out))
        results += failures
    for item in discover(path_list, selection):
        if isinstance(item, Finding) and item.rule == KM007.id:  # a warning about an ignore file
            results.append(FileResult(item.path, findings=[item]))
            continue
        if isinstance(item, Finding):
            results.append(FileResult(item.path, error=item))
            continue
        if source is not None and out is not None:
            dest = Path(_destination(item, source, Path(out)))
            if os.path.abspath(dest) in not_copied:
                continue  # reported by the copy
            destinations[str(item)] = dest
        tasks.append(str(item))
        walked[str(item)] = _Walked.of(str(item), parents)
    if on_start is not None:
        on_start(len(tasks))
    for result in results:
        if on_result is not None:
            on_result(result)

    # what the files import from each other: read before any is migrated (issue 10 §2)
    python = [t for t in tasks if kind_of(t) == PYTHON]
    # what that read saw, by absolute path: (passes the prefilter, size), so that a
    # parallel run neither reads every file a second time for the prefilter nor guesses sizes
    seen: dict[str, tuple[bool, int]] = {}
    # of those, the files that read showed to be unchanged whatever the options (the
    # prefilter turns them away, no NUL byte), with what was read: they are not read again
    quiet: dict[str, os.stat_result] = {}

    def read_once(path: Path) -> bytes:
        data, st = read_regular(path)
        passes = needs_work(data)
        seen[str(path)] = (passes, len(data))
        if turned_away(data, passes):
            quiet[str(path)] = st
        return data

    def any_keras() -> bool:
        """Does any file mention keras or tensorflow? Without one, no file of the run can
        reach a keras name through another (crossfile.py follows only keras/tensorflow
        imports), and the cross-file pass would parse every file's imports for nothing."""
        for task in python:
            try:
                data = read_once(Path(os.path.abspath(task)))
            except OSError:
                continue
            if b"keras" in data or b"tensorflow" in data:
                return True
        return False

    with stages.stage("crossfile"):
        contexts = crossfile.analyse(python, read_once) if len(python) > 1 and any_keras() else {}
    job = _Job(options, diff, contexts)
    writing = write or out is not None

    out_root = Path(out) if out is not None else None

    def _resolves(task: _Task) -> bool:
        return job.contexts.get(task, crossfile.EMPTY).resolves

    def work(task: _Task) -> FileResult:
        """``_work``, or for a quiet file what ``_work`` would find: unchanged (the stat is
        what ``_check_walked`` compares with the walk; no write ever reads the digest)."""
        st = quiet.get(os.path.abspath(task))
        if st is None or _resolves(task):
            return _work(task, job)
        done = FileResult(task, kind=PYTHON)
        done.read = Snapshot(st.st_dev, st.st_ino, st.st_size, b"")
        return done

    def emit(result: FileResult) -> None:
        _check_walked(result, walked.get(result.path))
        if writing:
            _write(result, destinations.get(result.path), out_root)
        result.pending = result.relocated = None
        result.read = None
        results.append(result)
        if on_result is not None:
            on_result(result)

    jobs = min(jobs, len(tasks))  # never more workers than files
    if jobs > 1:

        def real_work() -> Iterator[_Task]:
            """Files the prefilter turns away are done here, so that a tree without Keras
            never starts a worker, and the workers share only the files that are real work.
            The files the cross-file pass read are known already: the real work among them
            goes first, largest first (a big file started last would leave the other
            workers idle), and the rest is done here after them, while the workers finish;
            any other file is read here once, in walk order."""
            known = [t for t in tasks if os.path.abspath(t) in seen]
            first = [t for t in known if seen[os.path.abspath(t)][0] or _resolves(t)]
            first.sort(key=lambda t: -seen[os.path.abspath(t)][1])
            yield from first
            chosen = set(first)
            for task in tasks:
                if task in chosen:
                    continue
                if task in known or not (_may_need_work(task) or _resolves(task)):
                    emit(work(task))
                else:
                    yield task

        _run_parallel(real_work(), job, jobs, emit)
    else:
        for task in tasks:
            emit(work(task))
    results.sort(key=lambda r: sort_key(r.path))
    return BatchResult(results)
