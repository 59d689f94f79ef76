"""The command line as typer declares it: every option, its help, and the ``rules`` command.

Imported only when a command line needs typer to read it (``cli.main``); the command itself
is :func:`command.run`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperCommand

try:  # typer >= 0.20 vendors click; older releases use the click package
    from typer._click.core import Context
except ImportError:  # pragma: no cover
    from click.core import Context  # type: ignore[no-redef, import-not-found, unused-ignore]

from . import __version__
from .command import EXIT_ERROR, EXIT_OK, Exit, run
from .rules import RULES, UnknownRuleError, expand
from .tables import DEFAULT_TARGET, TARGETS


class _Command(TyperCommand):
    """Usage lines that read ``kerasmigrate [OPTIONS] PATH...``: each argument shows its own
    metavar (typer would print ``{paths}...`` and a ``<list[str]>`` type); the arguments are
    described in the command's help text instead of a section of their own."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(param.metavar or param.name or "")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


migrate_app = typer.Typer(add_completion=False, rich_markup_mode=None)
rules_app = typer.Typer(add_completion=False, rich_markup_mode=None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kerasmigrate {__version__}")
        raise typer.Exit(EXIT_OK)


@migrate_app.command(
    cls=_Command,
    help=(
        "Rewrite legacy Keras backend code in each PATH (a file or a directory; `-` reads stdin) "
        f"so it runs on the target of --target (default {DEFAULT_TARGET}: "
        f"{TARGETS[DEFAULT_TARGET].description}). Rewrites in place unless --diff, --check or --out is given."
    ),
    epilog="Other command: `kerasmigrate rules [RULE]` lists the rules, or prints one rule's page.",
)
def migrate(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", hidden=True, show_default=False),
    ],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any file would change.")
    ] = False,
    out_dir: Annotated[
        str | None,
        typer.Option("--out", metavar="DIR", help="Write the migrated tree to DIR; leave PATH untouched."),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="RULES", help="Only these rule IDs, names or prefixes (KM1)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="RULES", help="Skip these rule IDs or prefixes.")
    ] = None,
    unsafe_fixes: Annotated[
        bool | None, typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply fixes marked unsafe.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", metavar="TARGET", help=f"Target: {', '.join(TARGETS)} (default {DEFAULT_TARGET})."
        ),
    ] = None,
    include_generated: Annotated[
        bool | None,
        typer.Option(
            "--include-generated/--no-include-generated", help="Also migrate files marked @generated."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="PATTERN",
            help="Glob patterns to skip, replacing the built-in list (gitignore syntax).",
        ),
    ] = None,
    extend_exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--extend-exclude",
            metavar="PATTERN",
            help="Glob patterns to skip, in addition to the built-in list.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Parallel processes (default: the CPU count)."),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--output-format", metavar="FORMAT", help="What goes to stdout: text (diffs), json or sarif."
        ),
    ] = "text",
    report_file: Annotated[
        str | None,
        typer.Option(
            "--report", metavar="FILE", help="Also write a report; .json or .sarif picks the format."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="A line per file and a summary table.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Typer's view of :func:`command.run` (the same parameters and defaults)."""
    try:
        run(
            paths,
            diff=diff,
            check=check,
            out_dir=out_dir,
            select=select,
            ignore=ignore,
            unsafe_fixes=unsafe_fixes,
            target=target,
            include_generated=include_generated,
            exclude=exclude,
            extend_exclude=extend_exclude,
            jobs=jobs,
            output_format=output_format,
            report_file=report_file,
            quiet=quiet,
            verbose=verbose,
        )
    except Exit as exc:
        raise typer.Exit(exc.code) from None


@rules_app.command(
    cls=_Command,
    help="List the rules, or print the page of RULE (an ID, name or prefix: `kerasmigrate rules KM201`).",
)
def rules(
    rule: Annotated[str | None, typer.Argument(metavar="[RULE]", hidden=True)] = None,
) -> None:
    from .docs import rule_page

    if rule is None:
        for info in RULES.values():
            typer.echo(f"{info.id}  {info.name:<34} {info.label:<7} {info.summary}")
        return
    try:
        ids = expand([rule])
    except UnknownRuleError as exc:
        typer.echo(f"kerasmigrate: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from exc
    typer.echo("\n\n".join(rule_page(RULES[i]) for i in sorted(ids)), nl=False)
