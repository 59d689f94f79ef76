"""The library API: migrate one source text or one file's bytes. Never raises on user code.

Failures come back as data (``MigrationResult.error``), so batch callers and other
refactoring scripts can carry on with the next file.
"""

from __future__ import annotations

import ast
import gc
import io
import re
import sys
import threading
import tokenize
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import keras1, segment
from .crossfile import EMPTY, FileContext, declared_all
from .diagnose import classify_syntax_error
from .findings import Finding, Fix
from .options import OptionFields, Options
from .rules.file_errors import KM001, KM003, KM005, KM008
from .stages import stage

if TYPE_CHECKING:
    from typing_extensions import Unpack


@dataclass(frozen=True)
class MigrationResult:
    """The outcome for one source.

    ``code`` is the new text (the input itself when nothing changed or on error),
    ``changed`` whether it differs, ``findings`` what is left for a human (positions in the
    input), ``fixes`` the rewrites made, and ``error`` set when the source could not be handled
    at all. For ``migrate_bytes``, ``data`` is what to write back (see there).
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
    #: why the source was left alone without being looked at (``"generated"``), if it was
    skipped: str | None = None


def _decode(data: bytes, path: str) -> tuple[str, str] | Finding:
    """The text of a file as Python would decode it (PEP 263 cookie, BOM) and the encoding,
    or a KM003 finding."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown or inconsistent coding cookie
        return Finding(exc.lineno or 1, 1, KM003.id, f"cannot decode the file: {exc.msg}", path)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Finding(
            line, column, KM003.id, f"cannot decode byte {data[exc.start]:#04x} as {encoding}", path
        )


#: Every reference kerasmigrate rewrites or reports comes from an import whose text
#: contains one of these words (``keras``, ``tensorflow.keras``, ``tf.keras``; ``tensorflow``
#: for the TF 1.x names KM905 reports); a file without them is left alone without being
#: parsed. tests/test_prefilter.py holds every spelling.
PREFILTERS = ("keras", "tensorflow")
#: LibCST's codemod tool skips files carrying this marker; so do we, unless asked.
GENERATED_MARKER = "@" + "generated"


def needs_work(source: str | bytes) -> bool:
    """The cheap text test run before any parse: can this source contain anything to do?"""
    return any(_contains(source, word) for word in PREFILTERS)


def turned_away(source: str | bytes, passes: bool) -> bool:
    """Is the source left unchanged whatever the options, without a parse? ``passes`` is
    :func:`needs_work`'s answer; a NUL byte is reported (KM003), so it is not turned away.
    (Without cross-file context: a file another one resolves through is always read.)"""
    return not passes and not _contains(source, "\x00")


def _contains(source: str | bytes, text: str) -> bool:
    """``text in source`` for text or for raw bytes (ASCII ``text``)."""
    return text.encode() in source if isinstance(source, bytes) else text in source


def _unchanged(source: str | bytes, skipped: str | None = None) -> MigrationResult:
    if isinstance(source, bytes):
        return MigrationResult("", False, data=source, skipped=skipped)
    return MigrationResult(source, False, original=source, skipped=skipped)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """While a file is migrated its AST is alive: millions of objects for a big file, which
    every pass of the cyclic garbage collector walks again (a 10 MB file: 14 s with it,
    6 s without). The trees are acyclic and freed by reference counting; any cycles made
    meanwhile are collected once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: The stack of the thread a file is migrated on, and the recursion limit while it runs.
#: LibCST's parser, visitors and code generator recurse once per nesting level, so a valid
#: ``a + a + ... + a`` of 350 terms overflowed the default limit (1,000 frames). The stack
#: is only reserved address space: the pages a shallow file never touches cost nothing.
STACK_BYTES = 1024 * 1024 * 1024
RECURSION_LIMIT = 120_000
_deep = threading.Lock()
_deep_runs = [0, 0]  # active runs, the limit to restore when the last one ends


@contextmanager
def _recursion_raised() -> Iterator[None]:
    """The interpreter-wide recursion limit raised while any deep run is active."""
    with _deep:
        if _deep_runs[0] == 0:
            _deep_runs[1] = sys.getrecursionlimit()
            sys.setrecursionlimit(max(RECURSION_LIMIT, _deep_runs[1]))
        _deep_runs[0] += 1
    try:
        yield
    finally:
        with _deep:
            _deep_runs[0] -= 1
            if _deep_runs[0] == 0:
                sys.setrecursionlimit(_deep_runs[1])


def _run(
    source: str | bytes, path: str, options: Options, context: FileContext | None = None
) -> MigrationResult:
    """Migrate on a thread with a large stack (so deep nesting is handled, not an error);
    on the calling thread if no thread can be started (a process limit).

    A source the prefilter turns away is answered here, before any thread: starting one
    costs more than the text search (about 0.16 ms, most of a tree without Keras)."""
    context = context or EMPTY
    if not context.resolves:
        with stage("prefilter"):
            passes = needs_work(source)
        if turned_away(source, passes):
            return _unchanged(source)
    outcome: list[MigrationResult] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            with _recursion_raised():
                outcome.append(_guarded(source, path, options, context))
        except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
            failure.append(exc)

    try:
        with _stack_size(STACK_BYTES):
            thread = threading.Thread(target=target, name="kerasmigrate-file", daemon=True)
            thread.start()
    except (RuntimeError, ValueError, MemoryError):
        return _guarded(source, path, options, context)
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


@contextmanager
def _stack_size(size: int) -> Iterator[None]:
    previous = threading.stack_size(size)
    try:
        yield
    finally:
        threading.stack_size(previous)


def _guarded(source: str | bytes, path: str, options: Options, context: FileContext) -> MigrationResult:
    """Valid input nested deeper than even the raised limits allow is KM008, never an
    internal error (and never an exception: the API does not raise on user code)."""
    try:
        with _collector_paused():
            return _run_paused(source, path, options, context)
    except (RecursionError, MemoryError):
        text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
        return _failed(source, text, _too_deep(path))


def _too_deep(path: str) -> Finding:
    return Finding(1, 1, KM008.id, "too deeply nested for the parser; the file is left untouched", path)


def _run_paused(source: str | bytes, path: str, options: Options, context: FileContext) -> MigrationResult:
    # (a source the prefilter turns away never gets here: ``_run`` answers it)
    if _contains(source, "\x00"):
        return _failed(source, "", Finding(1, 1, KM003.id, "not a text file (it contains NUL bytes)", path))
    if not options.include_generated and _contains(source, GENERATED_MARKER):
        return _unchanged(source, skipped="generated")
    encoding = "utf-8"
    if isinstance(source, bytes):
        decoded = _decode(source, path)
        if isinstance(decoded, Finding):
            return _failed(source, "", decoded)
        text, encoding = decoded
    else:
        text = source
    # CPython's own parser first: it is fast, its messages and positions are exact, and it
    # refuses what this Python cannot run even where LibCST's grammar is more lenient.
    try:
        with stage("parse"):
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _failed(source, text, classify_syntax_error(text, exc, path))
    except (RecursionError, MemoryError):
        return _failed(source, text, _too_deep(path))
    except ValueError as exc:
        return _failed(source, text, Finding(1, 1, KM001.id, f"cannot parse: {exc}", path))
    # a module's own ``__all__`` names what ``from it import *`` exports: those imports stay
    declared = declared_all(tree)
    if declared:
        context = context.with_exports(declared)
    with stage("analysis"):
        context = context.with_keras1(keras1.evidence(tree, keras1.callees()))
    # names reached through other files are not seen by the segmenter: read those files whole
    segmented = (
        None if context.resolves else _run_segmented(source, text, encoding, tree, path, options, context)
    )
    return segmented if segmented is not None else _run_whole(source, text, path, options, context)


def _run_segmented(
    source: str | bytes,
    text: str,
    encoding: str,
    tree: ast.Module,
    path: str,
    options: Options,
    context: FileContext = EMPTY,
) -> MigrationResult | None:
    """Only the statements that can matter go through LibCST (segment.py); None when
    segmenting would not pay or cannot be trusted, and the whole file is migrated instead."""

    def run(reduced: str) -> segment.Outcome:
        result = _run_whole(reduced, reduced, path, options, context)
        if result.error is not None:
            raise segment.Fallback(result.error.message)
        return segment.Outcome(result.code, result.findings, result.fixes)

    try:
        with stage("segment"):
            outcome = segment.migrate_segments(text, tree, run)
    except segment.Fallback:
        return None
    if outcome is None:
        return None
    body = _without_bom(text)
    changed = outcome.code != body
    if not changed:
        return MigrationResult(body, False, outcome.findings, [], None, _as_bytes(source), body)
    data = b""
    if isinstance(source, bytes):
        bom = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
        data = bom + outcome.code.encode(encoding.removesuffix("-sig"))
    return MigrationResult(outcome.code, True, outcome.findings, outcome.fixes, None, data, body)


def _without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _as_bytes(source: str | bytes) -> bytes:
    return source if isinstance(source, bytes) else b""


def _run_whole(
    source: str | bytes, text: str, path: str, options: Options, context: FileContext = EMPTY
) -> MigrationResult:
    # LibCST (about 0.4 s to import) is loaded by the first file that passes the prefilter:
    # a run over files without Keras never pays for it
    import libcst as cst
    from libcst.codemod import CodemodContext

    from .engine import KerasMigrateCommand

    try:
        with stage("parse"):
            module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        # CPython's own parser accepted this text (it ran first), so this is LibCST's limit,
        # not the user's error: 5,000 adjacent string literals, for one
        message = f"valid Python that LibCST's parser cannot read ({exc.message}); the file is left untouched"
        return _failed(source, text, Finding(exc.raw_line, exc.raw_column + 1, KM008.id, message, path))
    except (RecursionError, MemoryError):
        return _failed(source, text, _too_deep(path))
    except Exception as exc:  # noqa: BLE001 - LibCST failing must not cost the user a file
        return _failed(
            source, text, Finding(1, 1, KM005.id, f"internal error ({type(exc).__name__}: {exc})", path)
        )
    # LibCST reproduces every byte of almost every file; where it does not (it drops the
    # final newline of a CR-only file), the missing tail is put back, and a file it cannot
    # reproduce at all is refused rather than rewritten.
    decoded = _without_bom(text)
    with stage("codegen"):
        reproduced = module.code
    if not decoded.startswith(reproduced):
        return _failed(source, text, _unreproducible(decoded, reproduced, path))
    tail = decoded[len(reproduced) :]
    original = decoded
    command = KerasMigrateCommand(CodemodContext(filename=path), options=options, crossfile=context)
    command._private_tree = True  # we just parsed it: no copies needed
    command._source_code = reproduced  # and generated its code
    try:
        new = command.transform_module(module)
        with stage("codegen"):
            # an unchanged tree is the code just generated (LibCST's ``bytes`` is ``code``
            # encoded: generated once, not twice)
            generated = reproduced if new is module else new.code
        new_code = generated + tail
        # (the tail is encoded without a codec's signature: "".encode("utf-8-sig") is a BOM)
        data = new_code.encode(new.encoding) if isinstance(source, bytes) else b""
    except (RecursionError, MemoryError):
        return _failed(source, original, _too_deep(path))
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not cost the user a file
        error = Finding(1, 1, KM005.id, f"internal error ({type(exc).__name__}: {exc})", path)
        return _failed(source, original, error)
    changed = new_code != original
    if not changed:
        data = _as_bytes(source)
        new_code = original
    fixes = command.fixes if changed else []
    return MigrationResult(new_code, changed, command.findings, fixes, None, data, original)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _unreproducible(original: str, regenerated: str, path: str) -> Finding:
    """Where LibCST's round trip first differs, and the one cause known (LibCST 1.9 drops a
    form feed that precedes code on the same line)."""
    same = 0
    for a, b in zip(original, regenerated, strict=False):
        if a != b:
            break
        same += 1
    index = len(_LINE_BREAK.split(original[:same])) - 1
    text = _LINE_BREAK.split(original)[index]
    line = index + 1
    message = "LibCST cannot reproduce this line byte for byte; the file is left untouched"
    if "\x0c" in text and text.lstrip(" \t\x0c"):
        message = (
            "a form feed before code on the same line, which LibCST drops; the file is left "
            "untouched (put the form feed on a line of its own)"
        )
    return Finding(line, 1, KM005.id, message, path)


def _failed(source: str | bytes, text: str, error: Finding) -> MigrationResult:
    if isinstance(source, str):
        return MigrationResult(source, False, error=error, original=source)
    return MigrationResult(text, False, error=error, data=source, original=text)


def migrate_source(
    code: str,
    *,
    path: str | None = None,
    options: Options | None = None,
    context: FileContext | None = None,
    **fields: Unpack[OptionFields],
) -> MigrationResult:
    """Migrate Python source text. ``path`` only names the source in findings.

    What to apply is ``options=`` (one :class:`Options` for a whole run) or the keywords of
    :class:`~kerasmigrate.options.OptionFields` (``select=``, ``ignore=``, ``target=``,
    ``unsafe_fixes=``, ``include_generated=``), not both.

    ``context`` is what other files of a batch import from this one and it from them
    (:func:`kerasmigrate.crossfile.analyse` computes it; without it the source is
    migrated on its own, see the README)."""
    return _run(code, path or "<string>", Options.of(options, **fields), context)


def migrate_bytes(
    data: bytes,
    *,
    path: str | None = None,
    options: Options | None = None,
    context: FileContext | None = None,
    **fields: Unpack[OptionFields],
) -> MigrationResult:
    """Migrate a file's raw bytes, keeping its encoding, BOM and line endings.

    Write ``result.data`` back: the migrated file encoded as the input was (PEP 263 cookie or
    BOM, line endings kept), or exactly the input bytes when nothing changed or the file was
    refused (``result.error``). ``result.code`` is the same text decoded. Finding positions are
    in the input. ``context``: as for :func:`migrate_source`."""
    return _run(data, path or "<string>", Options.of(options, **fields), context)
