"""The command line: flags in, library calls, text out, exit code. Nothing else lives here.

Exit codes: 0 success (also after rewriting files, and for a ``--diff`` preview); 1
``--check`` found files that would change; 2 an error (a file that cannot be parsed, read or written, a missing path, a bad
option). Errors win over changes. Findings alone never change the exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from . import __version__
from .engine import Options
from .files import BatchResult, migrate_paths
from .rules import RULES, UnknownRuleError, expand
from .tables import TARGETS

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2

migrate_app = typer.Typer(add_completion=False, rich_markup_mode=None)
rules_app = typer.Typer(add_completion=False, rich_markup_mode=None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _print_diff(text: str, out: Console) -> None:
    if not out.is_terminal:
        sys.stdout.write(text)
        return
    for line in text.splitlines(keepends=True):
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kerasmigrate {__version__}")
        raise typer.Exit(EXIT_OK)


@migrate_app.command(
    help=(
        "Rewrite legacy Keras backend code in PATHS (files or directories) so it runs on "
        "TensorFlow 2. Rewrites in place unless --diff or --check is given. "
        "`kerasmigrate rules [ID]` lists the rules."
    )
)
def migrate(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to migrate.")],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any file would change.")
    ] = False,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="Only these rule IDs, names or prefixes (KM1).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rule IDs or prefixes.")
    ] = None,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes marked unsafe.")
    ] = False,
    target: Annotated[str, typer.Option("--target", help=f"Target: {', '.join(TARGETS)}.")] = "tf2",
    include_generated: Annotated[
        bool, typer.Option("--include-generated", help="Also migrate files marked @generated.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        options = Options.build(
            target=target,
            select=_split(select),
            ignore=_split(ignore),
            unsafe_fixes=unsafe_fixes,
            include_generated=include_generated,
        )
    except (UnknownRuleError, ValueError) as exc:
        err.print(f"kerasmigrate: error: {exc}", markup=False)
        raise typer.Exit(EXIT_ERROR) from exc
    dry = diff or check
    batch = migrate_paths(paths, options=options, write=not dry, diff=diff)
    out = Console(highlight=False, soft_wrap=True)
    for file in batch.files:
        if file.diff:
            _print_diff(file.diff, out)
    _report(batch, err, quiet=quiet, dry=dry)
    if batch.errors:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_CHANGES if check and batch.changed else EXIT_OK)


def _report(batch: BatchResult, err: Console, *, quiet: bool, dry: bool) -> None:
    lines = [e.format() for e in batch.errors]
    if not quiet:
        lines += [f.format() for file in batch.files for f in sorted(file.findings)]
    for line in lines:
        err.print(line, markup=False)
    if quiet:
        return
    verb = "would change" if dry else "changed"
    skipped = f" ({len(batch.skipped)} generated skipped)" if batch.skipped else ""
    err.print(
        f"{_plural(len(batch.changed), 'file')} {verb}, {_plural(len(batch.findings), 'finding')}, "
        f"{_plural(len(batch.errors), 'error')}{skipped}",
        markup=False,
    )


@rules_app.command(help="List the rules, or print one rule's page (`kerasmigrate rules KM201`).")
def rules(rule: Annotated[str | None, typer.Argument(help="A rule ID or name.")] = None) -> None:
    from .docs import rule_page

    if rule is None:
        for info in RULES.values():
            typer.echo(f"{info.id}  {info.name:<34} {info.safety.value:<7} {info.summary}")
        return
    try:
        ids = expand([rule])
    except UnknownRuleError as exc:
        typer.echo(f"kerasmigrate: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from exc
    typer.echo("\n\n".join(rule_page(RULES[i]) for i in sorted(ids)), nl=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (so tests can call it directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    app = rules_app if args[:1] == ["rules"] else migrate_app
    if app is rules_app:
        args = args[1:]
    try:
        app(args=args, prog_name="kerasmigrate")
    except SystemExit as exc:  # typer exits with the command's code (2 for usage errors)
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
