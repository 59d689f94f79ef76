"""Batches: find the files, migrate each, write atomically, make diffs. No CLI concerns here."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .api import migrate_bytes
from .engine import Options
from .findings import Finding, Fix
from .rules.file_errors import KM006

#: Directories never entered when walking (ruff's defaults plus build outputs and caches).
DEFAULT_EXCLUDES = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
        ".mypy_cache", ".nox", ".pants.d", ".pytest_cache", ".pytype", ".ruff_cache", ".svn",
        ".tox", ".venv", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
        "node_modules", "site-packages", "venv",
    }
)  # fmt: skip


def _excluded_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name in DEFAULT_EXCLUDES or name.endswith(".egg-info"):
        return True
    # any virtual environment, whatever it is called
    return os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))


@dataclass
class FileResult:
    path: str
    changed: bool = False
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    error: Finding | None = None
    diff: str = ""
    skipped: str | None = None


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


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Finding]:
    """Yield each Python file once (in a stable order), or a finding for a bad path.

    Files named explicitly are always taken. Directories are walked for ``*.py`` without
    following directory symlinks; a symlinked file inside the tree is taken once, by its
    real path, and only if that real path is inside one of the trees given.
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            yield Finding(1, 1, KM006.id, "no such file or directory", str(path))
            continue
        if not path.is_dir():
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield path
            continue
        root = os.path.realpath(path)
        for file in _walk(path):
            if isinstance(file, Finding):
                yield file
                continue
            real = os.path.realpath(file)
            inside = real == root or real.startswith(root.rstrip(os.sep) + os.sep)
            if inside and real not in seen:
                seen.add(real)
                yield file


def _walk(top: Path) -> Iterator[Path | Finding]:
    try:
        with os.scandir(top) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield Finding(1, 1, KM006.id, f"cannot list directory: {exc.strerror or exc}", str(top))
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if not _excluded_dir(entry):
                yield from _walk(Path(entry.path))
        elif entry.name.endswith(".py") and entry.is_file():
            yield Path(entry.path)


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


def process_file(path: Path, options: Options, *, write: bool, diff: bool) -> FileResult:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(name, error=Finding(1, 1, KM006.id, f"cannot read: {exc.strerror or exc}", name))
    result = migrate_bytes(data, path=name, options=options)
    out = FileResult(
        name, result.changed, result.findings, result.fixes, result.error, skipped=result.skipped
    )
    if not result.changed:
        return out
    if diff:
        out.diff = unified_diff(result.original, result.code, name)
    if write:
        try:
            atomic_write(path, result.data)
        except OSError as exc:
            out.changed = False
            out.error = Finding(1, 1, KM006.id, f"cannot write: {exc.strerror or exc}", name)
    return out


def migrate_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    options: Options | None = None,
    write: bool = True,
    diff: bool = False,
) -> BatchResult:
    """Migrate files and directory trees. ``write=False`` only reports (for --diff/--check)."""
    options = options or Options.build()
    batch = BatchResult()
    for item in discover(paths):
        if isinstance(item, Finding):
            batch.files.append(FileResult(item.path, error=item))
        else:
            batch.files.append(process_file(item, options, write=write, diff=diff))
    return batch
