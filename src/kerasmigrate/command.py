"""The main command without typer: what a command line means, once its flags are read.

Exit codes: 0 success (also after rewriting files, and for a ``--diff`` preview); 1
``--check`` found files that would change; 2 an error (a file that cannot be parsed, read or written, a missing path, a bad
option). Errors win over changes. Findings alone never change the exit code. 130: interrupted
(Ctrl-C), after one line saying how many files were done.

typer declares the options and parses any command line (``typer_app.py``); a command line
of paths and plain flags only is read here (:func:`_plain`), so that a run over a tree
without Keras imports neither typer nor its click (``cli.main`` decides which).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .api import migrate_bytes
from .batch import migrate_paths
from .config import ConfigError, discover_config, run_options, run_selection
from .diff import unified_diff
from .options import Options
from .positions import relocate
from .report import FORMATS, format_for, render, summary_table
from .results import BatchResult, FileResult
from .rules import UnknownRuleError

if TYPE_CHECKING:  # rich: imported when the first console is made
    from rich.console import Console
    from rich.progress import Progress, TaskID

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it (128 + SIGINT)


class Exit(Exception):  # noqa: N818 - named as typer's, which it stands for
    """The command is done: exit with ``code`` (``typer_app`` turns it into ``typer.Exit``)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _write_stdout(text: str) -> None:
    """Text to stdout as bytes: a file name that is not UTF-8 (held as surrogate escapes)
    goes out as the file system's own bytes, which is what ``git apply`` matches."""
    encoding = sys.stdout.encoding or "utf-8"
    try:
        data = text.encode(encoding, "surrogateescape")
    except UnicodeEncodeError:  # a stdout that cannot show the text (LANG=C): escaped
        data = text.encode(encoding, "backslashreplace")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _shown(text: str) -> str:
    """For a terminal: a name that is not UTF-8 shown with escapes (``bad\\xff.py``)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class _StdoutClosed(Exception):
    pass


def _to_stdout(write: Callable[[], None]) -> None:
    """Run an output step; a closed stdout (``| head -1``) becomes :class:`_StdoutClosed`.
    stdout is pointed at /dev/null, so the interpreter's last flush does not fail again."""
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        raise _StdoutClosed
    try:
        write()
    except BrokenPipeError as exc:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise _StdoutClosed from exc


def _print_diff(text: str, out: Console) -> None:
    if not out.is_terminal:
        _write_stdout(text)
        return
    from rich.text import Text

    for line in _shown(text).splitlines(keepends=True):
        style = (
            "bold"
            if line.startswith(("---", "+++"))
            else "cyan"
            if line.startswith("@@")
            else "green"
            if line.startswith("+")
            else "red"
            if line.startswith("-")
            else ""
        )
        out.print(Text(line.rstrip("\r\n"), style=style), highlight=False)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part for value in values for part in value.split(",") if part.strip()]


def _rules(option: str, values: list[str] | None) -> list[str] | None:
    """``--select``/``--ignore`` values split at commas; an empty part (``--select ''``,
    ``--select KM1,``) names no rule, so it is an error rather than "all rules" or "none"."""
    if not values:
        return None
    parts = [part.strip() for value in values for part in value.split(",")]
    if not all(parts):
        raise ValueError(f"{option}: an empty rule names no rule (in {', '.join(map(repr, values))})")
    return parts


def _console(*, stderr: bool) -> Console:
    """A console that prints text as it is: paths, messages and ``:100:`` positions are never
    read as rich markup (``[bold]``), emoji codes (``:100:``) or highlighted, so editors and CI
    can parse every ``path:line:col:`` line."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True)


def _fail(err: Console, message: str) -> Exit:
    err.print(f"kerasmigrate: error: {message}", markup=False)
    return Exit(EXIT_ERROR)


def run(
    paths: list[str],
    diff: bool = False,
    check: bool = False,
    out_dir: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    unsafe_fixes: bool | None = None,
    target: str | None = None,
    include_generated: bool | None = None,
    exclude: list[str] | None = None,
    extend_exclude: list[str] | None = None,
    jobs: int | None = None,
    output_format: str = "text",
    report_file: str | None = None,
    quiet: bool = False,
    verbose: bool = False,
) -> None:
    """The main command (``typer_app.migrate`` declares its options): ends by raising
    :class:`Exit` with the exit code."""
    err = _console(stderr=True)
    try:
        os.getcwd()
    except OSError as exc:  # relative paths and excludes are anchored at it
        raise _fail(
            err, f"the current directory is gone or unreadable ({exc.strerror}); cd elsewhere"
        ) from exc
    stdin = paths == ["-"]
    if "-" in paths and not stdin:
        raise _fail(err, "`-` (stdin) cannot be combined with other paths")
    if output_format not in FORMATS:
        raise _fail(err, f"--output-format must be one of {', '.join(FORMATS)}")
    report_format = format_for(report_file) if report_file else None
    if report_file and report_format is None:
        raise _fail(err, f"--report {report_file}: the file name must end in .json or .sarif")
    if out_dir is not None and (diff or check):
        raise _fail(err, "--out cannot be combined with --diff or --check")
    if stdin and (out_dir is not None or output_format != "text"):
        raise _fail(err, "reading stdin writes the code to stdout: --out and --output-format do not apply")
    try:
        config = discover_config(None if stdin else paths[0])
        options = run_options(
            config,
            target=target,
            select=_rules("--select", select),
            ignore=_rules("--ignore", ignore),
            unsafe_fixes=unsafe_fixes,
            include_generated=include_generated,
        )
    except (ConfigError, UnknownRuleError, ValueError) as exc:
        raise _fail(err, str(exc)) from exc
    if stdin:
        try:
            code = _stdin(options, err, diff=diff, check=check, quiet=quiet, report_file=report_file)
        except _StdoutClosed as exc:
            raise _fail(err, "stdout was closed (broken pipe); output stopped") from exc
        raise Exit(code)

    try:  # an invalid pattern raises ValueError (the configuration's were checked when read)
        selection = run_selection(config, exclude=_split(exclude), extend_exclude=_split(extend_exclude))
    except ValueError as exc:
        raise _fail(err, f"--exclude/--extend-exclude: {exc}") from exc

    dry = diff or check
    progress = _Progress(err, enabled=not quiet and err.is_terminal)
    done = [0]

    def advance(file: FileResult) -> None:
        done[0] += 1
        progress.advance(file)

    try:
        batch = migrate_paths(
            paths,
            options=options,
            write=not dry,
            diff=diff,
            jobs=jobs or os.cpu_count() or 1,
            selection=selection,
            out=out_dir,
            on_start=progress.start,
            on_result=advance,
        )
    except ValueError as exc:  # --out with a bad directory
        raise _fail(err, str(exc)) from exc
    except KeyboardInterrupt:
        progress.stop()
        # each file is written whole or not at all (atomic_write), so this is the whole story
        err.print(
            f"kerasmigrate: interrupted: {_plural(done[0], 'file')} done, the rest untouched", markup=False
        )
        raise Exit(EXIT_INTERRUPTED) from None
    finally:
        progress.stop()
    written = not dry
    try:
        if output_format == "text":
            out = _console(stderr=False)
            for file in batch.files:
                if file.diff:
                    _to_stdout(lambda d=file.diff: _print_diff(d, out))  # type: ignore[misc]
        else:
            _to_stdout(lambda: _write_stdout(render(batch, output_format, written=written)))
    except _StdoutClosed as exc:
        raise _fail(err, "stdout was closed (broken pipe); output stopped") from exc
    if report_file and report_format:
        try:
            Path(report_file).write_text(render(batch, report_format, written=written), encoding="utf-8")
        except OSError as exc:
            raise _fail(err, f"cannot write the report {report_file}: {exc.strerror or exc}") from exc
    _report(batch, err, quiet=quiet, dry=dry, verbose=verbose, findings=output_format == "text")
    if batch.errors:
        raise Exit(EXIT_ERROR)
    raise Exit(EXIT_CHANGES if check and batch.changed else EXIT_OK)


class _Progress:
    """A rich progress bar on stderr, only on a terminal and only for runs of many files.

    No refresh thread (``auto_refresh=False``): the process pool forks after it starts."""

    THRESHOLD = 50

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.last = 0.0

    def start(self, total: int) -> None:
        if not self.enabled or total <= self.THRESHOLD:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("migrating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=self.console, transient=True, auto_refresh=False,
        )  # fmt: skip
        self.task = self.bar.add_task("files", total=total)
        self.bar.start()

    def advance(self, _file: FileResult) -> None:
        if self.bar is None or self.task is None:
            return
        self.bar.advance(self.task)
        now = time.monotonic()
        if now - self.last > 0.1:
            self.last = now
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _stdin(
    options: Options, err: Console, *, diff: bool, check: bool, quiet: bool, report_file: str | None
) -> int:
    """``kerasmigrate -``: source on stdin, the migrated source (or the diff) on stdout."""
    data = sys.stdin.buffer.read()
    name = "<stdin>"
    result = migrate_bytes(data, path=name, options=options)
    if diff and result.changed:
        _to_stdout(lambda: _write_stdout(unified_diff(result.original, result.code, name)))
    elif not diff and not check:

        def write() -> None:
            sys.stdout.buffer.write(result.data if result.changed else data)
            sys.stdout.flush()

        _to_stdout(write)
    findings = result.findings
    if result.changed and not (diff or check):  # positions in the code written to stdout
        findings = relocate(findings, result.original, result.code)
    file = FileResult(name, result.changed, findings, result.fixes, result.error, skipped=result.skipped)
    batch = BatchResult([file])
    if report_file:
        fmt = format_for(report_file) or "json"
        try:
            Path(report_file).write_text(render(batch, fmt, written=False), encoding="utf-8")
        except OSError as exc:
            err.print(
                f"kerasmigrate: error: cannot write the report {report_file}: {exc.strerror or exc}",
                markup=False,
            )
            return EXIT_ERROR
    _report(batch, err, quiet=quiet, dry=diff or check, verbose=False, findings=True)
    if result.error is not None:
        return EXIT_ERROR
    return EXIT_CHANGES if check and result.changed else EXIT_OK


def _report(
    batch: BatchResult, err: Console, *, quiet: bool, dry: bool, verbose: bool, findings: bool
) -> None:
    if verbose and not quiet:
        for file in batch.files:
            reason = f" ({file.skipped})" if file.skipped else ""
            err.print(f"{file.status:<9} {file.path}{reason}", markup=False)
    lines = [e.format() for e in batch.errors]
    if not quiet and findings:
        lines += [f.format() for file in batch.files for f in file.findings]
    for line in lines:
        err.print(line, markup=False)
    if quiet:
        return
    if verbose:
        summary_table(batch, err, dry=dry)
    verb = "would change" if dry else "changed"
    skipped = f" ({len(batch.skipped)} generated skipped)" if batch.skipped else ""
    err.print(
        f"{_plural(len(batch.changed), 'file')} {verb}, {_plural(len(batch.findings), 'finding')}, "
        f"{_plural(len(batch.errors), 'error')}{skipped}",
        markup=False,
    )


#: the plain flags of the fast path, by spelling: the keyword of :func:`run` each sets
_PLAIN_FLAGS = {
    "--check": "check",
    "--diff": "diff",
    "--quiet": "quiet",
    "-q": "quiet",
    "--verbose": "verbose",
    "-v": "verbose",
}


def _plain(args: list[str]) -> dict[str, object] | None:
    """The keywords of :func:`run` for a command line of paths, plain flags and
    ``--jobs N``/``-j N`` only (``kerasmigrate --check -j 2 src``), else None (typer parses it).

    Building typer's command costs a pydantic type adapter per parameter (about 0.1 s of
    CPU, a quarter of a run over a tree without Keras). Such a command line means the same
    to click: every token that does not start with ``-`` is a path (arguments may come
    between options), each flag sets its keyword to True however often it is given, the
    last ``--jobs`` wins and its value is a positive integer written plainly (``[1-9][0-9]*``,
    which typer reads as that number), and the other parameters keep the defaults of
    :func:`run`'s signature (the same as ``typer_app.migrate``'s), which typer passes for options not given. Anything else (another
    option or spelling, ``--help``, ``-``, ``--``, combined short flags, a completion request)
    goes through typer unchanged."""
    if os.environ.get("_KERASMIGRATE_COMPLETE"):
        return None
    keywords: dict[str, object] = {}
    paths: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if not token.startswith("-"):
            paths.append(token)
        elif token in _PLAIN_FLAGS:
            keywords[_PLAIN_FLAGS[token]] = True
        elif token in ("--jobs", "-j"):
            value = next(tokens, "")
            if not (value[:1] in "123456789" and value.isascii() and value.isdigit()):
                return None
            keywords["jobs"] = int(value)
        else:
            return None
    if not paths or paths[0] == "rules":
        return None
    keywords["paths"] = paths
    return keywords


def _run_plain(keywords: dict[str, object]) -> int:
    """:func:`run` called as typer's ``main`` calls the command (typer/core.py ``_main`` with
    ``standalone_mode=False``): :class:`Exit` gives the code, Ctrl-C exit 130, a broken
    pipe exit 1."""
    try:
        try:
            run(**keywords)  # type: ignore[arg-type]
        except KeyboardInterrupt as exc:
            raise Exit(EXIT_INTERRUPTED) from exc
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            try:
                from typer._click.utils import PacifyFlushWrapper
            except ImportError:  # pragma: no cover - older typer: the click package
                from click.utils import PacifyFlushWrapper  # type: ignore[no-redef, import-not-found, unused-ignore]

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.stderr = PacifyFlushWrapper(sys.stderr)
            return 1
    except Exit as exc:
        return exc.code
    return EXIT_OK
