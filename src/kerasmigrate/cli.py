"""The command line: flags in, library calls, text out, exit code. Nothing else lives here.

Exit codes: 0 success (also after rewriting files, and for a ``--diff`` preview); 1
``--check`` found files that would change; 2 an error (a file that cannot be parsed, read or written, a missing path, a bad
option). Errors win over changes. Findings alone never change the exit code. 130: interrupted
(Ctrl-C), after one line saying how many files were done. Whatever the input or environment
(a closed stdout, a deleted working directory, a file name that is not UTF-8), a failure is
one ``kerasmigrate: error: ...`` line and exit 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .command import (
    EXIT_CHANGES,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    _plain,
    _run_plain,
    _shown,
)

__all__ = ["EXIT_CHANGES", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (so tests can call it directly).

    A command line of paths and plain flags runs without typer (``command._plain``); any
    other is read by typer (``typer_app``), imported only then."""
    args = list(sys.argv[1:] if argv is None else argv)
    plain = _plain(args)
    rules = args[:1] == ["rules"]
    if rules:
        args = args[1:]
    prog = "kerasmigrate rules" if rules else "kerasmigrate"
    try:
        if plain is not None:
            return _run_plain(plain)
        import typer.main

        try:  # typer >= 0.20 vendors click; older releases use the click package
            from typer._click.exceptions import ClickException
        except ImportError:  # pragma: no cover
            from click.exceptions import ClickException  # type: ignore[no-redef, import-not-found, unused-ignore]

        from .typer_app import migrate_app, rules_app

        try:
            app = rules_app if rules else migrate_app
            code = typer.main.get_command(app).main(args=args, prog_name=prog, standalone_mode=False)
        except ClickException as exc:  # a usage error: the same one-line form as our own checks
            typer.echo(f"kerasmigrate: error: {exc.format_message()} (see `{prog} --help`)", err=True)
            return EXIT_ERROR
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_ERROR)
    except KeyboardInterrupt:  # Ctrl-C outside the batch (which reports its own count)
        print("kerasmigrate: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line and exit 2, not a traceback and 1
        message = f"internal error ({type(exc).__name__}: {exc}); please report it"
        print(f"kerasmigrate: error: {_shown(message)}", file=sys.stderr)
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
