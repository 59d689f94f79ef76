"""``[tool.kerasmigrate]`` in pyproject.toml: the project's defaults for the command line.

The file used is the nearest ``pyproject.toml`` that has a ``[tool.kerasmigrate]`` table,
looking from the first path given (the directory itself, or a file's directory) up to the
filesystem root; for stdin, from the current directory. Keys (kebab-case, as in ruff)::

    [tool.kerasmigrate]
    select = ["KM1", "KM2"]          # rule IDs, names or prefixes
    ignore = ["KM102"]
    exclude = ["legacy/"]            # replaces the built-in excludes
    extend-exclude = ["*_pb2.py"]    # adds to them
    unsafe-fixes = false
    target = "tf2"
    include-generated = false

A command-line option always wins over the same key here. ``exclude`` patterns are
anchored at the directory of the pyproject.toml.

Every pyproject.toml met on the way up is read, and one that cannot be read or parsed is
an error (naming the file and position), never skipped: it may be the one whose
``extend-exclude`` keeps vendored code out of the run.

The merge of the two lives here, not in the CLI, so a library caller gets exactly what the
command line gets: ``migrate_paths(paths, **settings(paths).run_arguments())``.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .options import Options
from .walk import Patterns, Selection, bad_pattern, read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KEYS = {"select", "ignore", "exclude", "extend-exclude", "unsafe-fixes", "target", "include-generated"}


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    unsafe_fixes: bool | None = None
    target: str | None = None
    include_generated: bool | None = None

    @property
    def root(self) -> str:
        """The directory the ``exclude`` patterns are anchored at."""
        return str(self.path.parent) if self.path else os.getcwd()


def _load(path: Path) -> dict[str, Any] | None:
    """The parsed file; None when there is no such file (a dangling link counts as none).
    Anything else that stops it being read (a FIFO, a device, a huge or unreadable file,
    bad UTF-8, bad TOML) is a ConfigError naming the file (and the position)."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            return None
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}: not UTF-8 (line {line}, byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line L, column C)"
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.kerasmigrate]`` table, or None."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if not os.path.lexists(candidate) or os.path.isdir(candidate):
            continue
        data = _load(candidate)
        if data is not None and isinstance(data.get("tool"), dict) and "kerasmigrate" in data["tool"]:
            return candidate
    return None


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...] | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: [tool.kerasmigrate] {key} must be a list of strings")
    if key in ("select", "ignore") and any(not v.strip() for v in value):
        raise ConfigError(f'{path}: [tool.kerasmigrate] {key}: an empty rule ("") names no rule')
    if key in ("exclude", "extend-exclude"):
        problem = bad_pattern(value)
        if problem is not None:
            raise ConfigError(f"{path}: [tool.kerasmigrate] {key}: {problem}")
    return tuple(value)


def _bool(table: dict[str, Any], key: str, path: Path) -> bool | None:
    if key not in table:
        return None
    if not isinstance(table[key], bool):
        raise ConfigError(f"{path}: [tool.kerasmigrate] {key} must be true or false")
    return bool(table[key])


def load_config(path: Path) -> Config:
    """Read and check ``[tool.kerasmigrate]``; unknown keys are errors (typos must not pass)."""
    data = _load(path)
    if data is None:
        raise ConfigError(f"{path}: no such file")
    table = data.get("tool", {}).get("kerasmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerasmigrate] must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown [tool.kerasmigrate] key(s): {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}"
        )
    target = table.get("target")
    if target is not None and not isinstance(target, str):
        raise ConfigError(f"{path}: [tool.kerasmigrate] target must be a string")
    return Config(
        path=path,
        select=_strings(table, "select", path),
        ignore=_strings(table, "ignore", path),
        exclude=_strings(table, "exclude", path),
        extend_exclude=_strings(table, "extend-exclude", path) or (),
        unsafe_fixes=_bool(table, "unsafe-fixes", path),
        target=target,
        include_generated=_bool(table, "include-generated", path),
    )


def discover_config(start: str | os.PathLike[str] | None = None) -> Config:
    """The configuration for a run starting at ``start`` (empty when there is none)."""
    path = find_config(start)
    return load_config(path) if path is not None else Config()


def run_options(
    config: Config,
    *,
    target: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    unsafe_fixes: bool | None = None,
    include_generated: bool | None = None,
) -> Options:
    """The run's options: each argument given (not None, not empty) wins over its key.

    Raises ConfigError/UnknownRuleError/ValueError for an unknown target or rule."""
    return Options.build(
        target=target or config.target,
        select=select if select else config.select,
        ignore=ignore if ignore else config.ignore,
        unsafe_fixes=unsafe_fixes if unsafe_fixes is not None else bool(config.unsafe_fixes),
        include_generated=(
            include_generated if include_generated is not None else bool(config.include_generated)
        ),
    )


def run_selection(
    config: Config, *, exclude: Sequence[str] | None = None, extend_exclude: Sequence[str] | None = None
) -> Selection:
    """What the walk skips: ``exclude`` replaces the built-in list (and the configured one),
    ``extend-exclude`` patterns of both add to it. Given patterns are anchored at the current
    directory, configured ones at the pyproject.toml's."""
    excludes: list[Patterns] = []
    if exclude:
        excludes.append(Patterns(tuple(exclude)))
    elif config.exclude is not None:
        excludes.append(Patterns(config.exclude, config.root))
    if config.extend_exclude:
        excludes.append(Patterns(config.extend_exclude, config.root))
    if extend_exclude:
        excludes.append(Patterns(tuple(extend_exclude)))
    return Selection(tuple(excludes), default_excludes=not (exclude or config.exclude is not None))


@dataclass(frozen=True)
class Settings:
    """A run as the command line configures it: the configuration file and the merged result."""

    config: Config
    options: Options
    selection: Selection

    def run_arguments(self) -> dict[str, Any]:
        """Keyword arguments for :func:`kerasmigrate.batch.migrate_paths`."""
        return {"options": self.options, "selection": self.selection}


def settings(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    target: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    unsafe_fixes: bool | None = None,
    include_generated: bool | None = None,
    exclude: Sequence[str] | None = None,
    extend_exclude: Sequence[str] | None = None,
) -> Settings:
    """The nearest configuration (looked up from the first path, else the current directory)
    merged with the given values, exactly as ``kerasmigrate PATHS`` does."""
    config = discover_config(paths[0] if paths else None)
    options = run_options(
        config,
        target=target,
        select=select,
        ignore=ignore,
        unsafe_fixes=unsafe_fixes,
        include_generated=include_generated,
    )
    return Settings(config, options, run_selection(config, exclude=exclude, extend_exclude=extend_exclude))
