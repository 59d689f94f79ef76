"""Finding the files to migrate: which directories are entered, which files are taken.

A directory is walked (in name order, without following directory symlinks) for Python
files (``*.py``), notebooks (``*.ipynb``) and Keras configuration files (``keras.json``).
It skips:

* the built-in excludes (:data:`DEFAULT_EXCLUDES`, ``*.egg-info`` and any virtual
  environment, i.e. a directory holding ``pyvenv.cfg``), unless ``exclude`` replaces them;
* paths matching ``exclude``/``extend-exclude`` patterns (gitignore syntax: ``legacy/``,
  ``*_pb2.py``, ``docs/**/*.py``), anchored at the directory they were given for (the
  current directory for the command line, the pyproject.toml's directory for the
  configuration); a pattern without a slash matches a name at any depth;
* paths ignored by ``.gitignore`` files: every ``.gitignore`` in the walked tree, those
  above it up to the root of its git repository, and ``.git/info/exclude``. A deeper file
  wins over a shallower one, as in git. A line git would ignore (an invalid pattern such
  as a lone ``!``) is ignored here too, with a KM007 warning naming the file and line; so is
  an ignore file that is not a readable regular file (a FIFO, a link to a device).

A file named explicitly is always taken, whatever the excludes say. One bad entry (a
symlink that loops, a broken ignore file) never stops the walk.

Ignore and configuration files are read with :func:`read_regular`: only regular files, and
at most :data:`MAX_CONFIG_BYTES`, so a FIFO or a link to ``/dev/zero`` cannot hang the run
or fill memory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .findings import Finding
from .reading import read_upto
from .rules.file_errors import KM006, KM007

if TYPE_CHECKING:  # pathspec is imported when the first ignore pattern is compiled
    import pathspec

#: Directories never entered when walking (ruff's defaults plus build outputs and caches).
DEFAULT_EXCLUDES = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
        ".mypy_cache", ".nox", ".pants.d", ".pytest_cache", ".pytype", ".ruff_cache", ".svn",
        ".tox", ".venv", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
        "node_modules", "site-packages", "venv",
    }
)  # fmt: skip

PYTHON, NOTEBOOK, KERAS_JSON = "python", "notebook", "keras-json"


#: The largest ignore or configuration file read; a bigger one is refused, not read to the end.
MAX_CONFIG_BYTES = 4 * 1024 * 1024


def read_regular(path: str | os.PathLike[str], limit: int = MAX_CONFIG_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else OSError.

    Opened non-blocking (opening a FIFO for reading would wait for a writer forever), then
    checked with ``fstat`` on the open descriptor (so a link swapped in meanwhile cannot
    slip through), then read up to one byte past the limit (``/dev/zero`` never ends)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = read_upto(fd, limit + 1)
        if len(data) > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
        return data
    finally:
        os.close(fd)


def bad_pattern(patterns: Iterable[str]) -> str | None:
    """Why the first invalid gitignore-style pattern is invalid (naming it), or None."""
    from pathspec import GitIgnoreSpec

    for pattern in patterns:
        try:
            GitIgnoreSpec.from_lines([pattern])
        except ValueError:
            return f"invalid pattern {pattern!r}"
    return None


def kind_of(path: str | os.PathLike[str]) -> str:
    """How a file is migrated: by its name (a file named explicitly is Python otherwise)."""
    name = os.path.basename(path)
    if name.endswith(".ipynb"):
        return NOTEBOOK
    if name == "keras.json":
        return KERAS_JSON
    return PYTHON


def _wanted(name: str) -> bool:
    return name.endswith((".py", ".ipynb")) or name == "keras.json"


@dataclass(frozen=True)
class Patterns:
    """gitignore-style patterns anchored at a directory."""

    patterns: tuple[str, ...]
    anchor: str = field(default_factory=os.getcwd)

    def __post_init__(self) -> None:
        """Raises ValueError (naming the pattern) for an invalid pattern: before the walk."""
        object.__setattr__(self, "anchor", os.path.abspath(self.anchor))
        problem = bad_pattern(self.patterns)
        if problem is not None:
            raise ValueError(problem)

    @property
    def spec(self) -> pathspec.GitIgnoreSpec:
        return _spec(self.patterns)

    def matches(self, path: str, is_dir: bool) -> bool:
        full = os.path.abspath(path)
        if full == self.anchor or full.startswith(self.anchor.rstrip(os.sep) + os.sep):
            rel = os.path.relpath(full, self.anchor)
        else:
            rel = os.path.basename(full)
        rel = rel.replace(os.sep, "/") + ("/" if is_dir else "")
        return bool(self.spec.match_file(rel))


_SPECS: dict[tuple[str, ...], pathspec.GitIgnoreSpec] = {}


def _spec(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    key = tuple(lines)
    if key not in _SPECS:
        _SPECS[key] = GitIgnoreSpec.from_lines(key)
    return _SPECS[key]


@dataclass(frozen=True)
class Selection:
    """What a walk skips. ``default_excludes=False`` is ``--exclude`` replacing the built-ins."""

    excludes: tuple[Patterns, ...] = ()
    default_excludes: bool = True
    respect_gitignore: bool = True

    def excluded(self, path: str, name: str, is_dir: bool) -> bool:
        if self.default_excludes and is_dir and _builtin_excluded(path, name):
            return True
        return any(p.matches(path, is_dir) for p in self.excludes)


def _builtin_excluded(path: str, name: str) -> bool:
    if name in DEFAULT_EXCLUDES or name.endswith(".egg-info"):
        return True
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))  # any virtual environment


# --- .gitignore ---------------------------------------------------------------------------

_Ignores: TypeAlias = "tuple[tuple[str, pathspec.GitIgnoreSpec], ...]"  # (directory, spec), shallow to deep


def _read_ignore(
    directory: str, warnings: list[Finding], name: str = ".gitignore"
) -> pathspec.GitIgnoreSpec | None:
    """The spec of one ignore file (None if it has no patterns). What git would skip (an
    invalid line, a file that is not a readable regular file) is skipped, with a warning."""
    path = os.path.join(directory, name)
    try:
        text = read_regular(path).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ENOENT):
            return None
        warnings.append(Finding(1, 1, KM007.id, f"ignore file skipped: {exc.strerror or exc}", path))
        return None
    lines = text.splitlines()
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    try:
        return _spec(lines)
    except ValueError:
        pass
    good = []
    for number, line in enumerate(lines, 1):
        problem = bad_pattern([line])
        if problem is None:
            good.append(line)
        else:
            warnings.append(Finding(number, 1, KM007.id, f"{problem}: line skipped, as git does", path))
    return _spec(good)


def _git_root(directory: str) -> str | None:
    current = directory
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _ancestor_ignores(top: str, warnings: list[Finding]) -> _Ignores:
    """The ignore files that apply to ``top`` from above it (up to its git repository's root)."""
    root = _git_root(top)
    if root is None:
        return ()
    found: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    info = os.path.join(root, ".git", "info")
    if os.path.isdir(info):
        spec = _read_ignore(info, warnings, "exclude")
        if spec is not None:
            found.append((root, spec))
    chain = []
    current = os.path.dirname(top) if top != root else None
    while current is not None and (current == root or current.startswith(root.rstrip(os.sep) + os.sep)):
        chain.append(current)
        current = os.path.dirname(current) if current != root else None
    for directory in reversed(chain):
        spec = _read_ignore(directory, warnings)
        if spec is not None:
            found.append((directory, spec))
    return tuple(found)


def _ignored(ignores: _Ignores, path: str, is_dir: bool) -> bool:
    for directory, spec in reversed(ignores):  # the deepest file that says anything wins
        rel = os.path.relpath(path, directory).replace(os.sep, "/") + ("/" if is_dir else "")
        result = spec.check_file(rel)
        if result.include is not None:
            return bool(result.include)
    return False


# --- discovery ----------------------------------------------------------------------------


def discover(
    paths: Iterable[str | os.PathLike[str]], selection: Selection | None = None
) -> Iterator[Path | Finding]:
    """Yield each file to migrate once (in a stable order), or a finding for a bad path
    (KM006, an error) or a skipped ignore file or line (KM007, a warning).

    Files named explicitly are always taken. A symlinked file inside a tree is taken once,
    by its real path, and only if that real path is inside one of the trees given.
    """
    selection = selection or Selection()
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
        warnings: list[Finding] = []
        ignores = _ancestor_ignores(os.path.abspath(path), warnings) if selection.respect_gitignore else ()
        yield from warnings
        for item in _walk(path, selection, ignores, root):
            if isinstance(item, Finding):
                yield item
                continue
            file, real = item
            inside = real == root or real.startswith(root.rstrip(os.sep) + os.sep)
            if inside and real not in seen:
                seen.add(real)
                yield file


def _walk(
    top: Path, selection: Selection, ignores: _Ignores, real_top: str
) -> Iterator[tuple[Path, str] | Finding]:
    """Files under ``top`` with their real paths. ``real_top`` is ``top``'s real path, so only
    symlinks need ``os.path.realpath`` (a system call per path component)."""
    try:
        with os.scandir(top) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield Finding(1, 1, KM006.id, f"cannot list directory: {exc.strerror or exc}", str(top))
        return
    if selection.respect_gitignore:
        warnings: list[Finding] = []
        spec = _read_ignore(str(top), warnings)
        yield from warnings
        if spec is not None:
            ignores = (*ignores, (os.path.abspath(top), spec))
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            if not is_dir and not (_wanted(entry.name) and entry.is_file()):
                continue
        except OSError:  # a link that loops (ELOOP): like a dangling link, not a file
            continue
        if selection.excluded(entry.path, entry.name, is_dir):
            continue
        if ignores and _ignored(ignores, os.path.abspath(entry.path), is_dir):
            continue
        if is_dir:  # a real directory: symlinked ones are never entered
            yield from _walk(Path(entry.path), selection, ignores, os.path.join(real_top, entry.name))
        else:
            real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_top, entry.name)
            yield Path(entry.path), real


def sort_key(path: str) -> tuple[str, ...]:
    """Paths in walk order (component by component), whatever order they were produced in."""
    return tuple(Path(path).parts)
