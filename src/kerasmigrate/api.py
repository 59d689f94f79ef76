"""The library API: migrate one source text or one file's bytes. Never raises on user code.

Failures come back as data (``MigrationResult.error``), so batch callers and other
refactoring scripts can carry on with the next file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext

from .diagnose import classify_parse_error
from .engine import KerasMigrateCommand, Options
from .findings import Finding, Fix
from .rules.file_errors import KM003, KM005


@dataclass(frozen=True)
class MigrationResult:
    """The outcome for one source.

    ``code`` is the new text (the input itself when nothing changed or on error),
    ``changed`` whether it differs, ``findings`` what is left for a human, ``fixes`` the
    rewrites made, and ``error`` set when the source could not be handled at all.
    """

    code: str
    changed: bool
    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    error: Finding | None = None
    #: the encoded output for byte input (exactly the input bytes when unchanged)
    data: bytes = b""
    #: the decoded input text (for diffs)
    original: str = ""


def _options(
    options: Options | None,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    unsafe_fixes: bool,
    target: str,
) -> Options:
    return options or Options.build(target=target, select=select, ignore=ignore, unsafe_fixes=unsafe_fixes)


def _run(source: str | bytes, path: str, options: Options) -> MigrationResult:
    text = source if isinstance(source, str) else ""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return _failed(source, text, classify_parse_error(source, exc, path))
    except (UnicodeDecodeError, LookupError, SyntaxError) as exc:
        # SyntaxError here comes from tokenize.detect_encoding (a bad coding cookie)
        return _failed(source, text, Finding(1, 1, KM003.id, f"cannot decode the file: {exc}", path))
    original = module.code
    command = KerasMigrateCommand(CodemodContext(filename=path), options=options)
    try:
        new = command.transform_module(module)
        new_code = new.code
        data = new.bytes if isinstance(source, bytes) else b""
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not cost the user a file
        return _failed(
            source, original, Finding(1, 1, KM005.id, f"internal error ({type(exc).__name__}: {exc})", path)
        )
    changed = new_code != original
    if not changed:
        data = source if isinstance(source, bytes) else b""
        new_code = original
    return MigrationResult(
        new_code, changed, command.findings, command.fixes if changed else [], None, data, original
    )


def _failed(source: str | bytes, text: str, error: Finding) -> MigrationResult:
    data = source if isinstance(source, bytes) else b""
    return MigrationResult(text, False, [], [], error, data, text)


def migrate_source(
    code: str,
    *,
    path: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    unsafe_fixes: bool = False,
    target: str = "tf2",
    options: Options | None = None,
) -> MigrationResult:
    """Migrate Python source text. ``path`` only names the source in findings."""
    return _run(code, path or "<string>", _options(options, select, ignore, unsafe_fixes, target))


def migrate_bytes(
    data: bytes,
    *,
    path: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    unsafe_fixes: bool = False,
    target: str = "tf2",
    options: Options | None = None,
) -> MigrationResult:
    """Migrate a file's raw bytes, keeping its encoding, BOM and line endings."""
    return _run(data, path or "<string>", _options(options, select, ignore, unsafe_fixes, target))
