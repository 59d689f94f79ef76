"""KM0xx: files that cannot be migrated. Reported with path and line; the file stays as it was."""

from __future__ import annotations

from ..tables import NO_FIX
from ._base import RuleInfo

FAMILY = "file_errors"

_LEFT = "The file is left byte-for-byte as it was and the run goes on with the other files."

KM001 = RuleInfo(
    "KM001",
    "syntax-error",
    "The file does not parse as Python 3; it is reported and left untouched.",
    NO_FIX,
    FAMILY,
    why="A rewrite needs a syntax tree; guessing at a file that does not parse could corrupt it.",
    fix_safety=_LEFT,
    use_instead="Fix the syntax error at the reported line and column, then run kerasmigrate again.",
)
KM002 = RuleInfo(
    "KM002",
    "python2-syntax",
    "The file is Python 2 source; convert it to Python 3 first, then run kerasmigrate.",
    NO_FIX,
    FAMILY,
    why=(
        "Much Keras 1 code is Python 2 (print statements, `except X, e:`). kerasmigrate only "
        "migrates Keras APIs; the language migration is a separate, well-understood step."
    ),
    fix_safety=_LEFT,
    use_instead="Convert the file with a 2to3-style tool, review it, then run kerasmigrate.",
)
KM003 = RuleInfo(
    "KM003",
    "undecodable-file",
    "The file cannot be decoded with its declared (or the default UTF-8) encoding.",
    NO_FIX,
    FAMILY,
    why="Writing back a file that was not decoded exactly would change bytes the user never saw.",
    fix_safety=_LEFT,
    use_instead="Add a PEP 263 coding cookie naming the real encoding, or re-encode the file as UTF-8.",
)
KM004 = RuleInfo(
    "KM004",
    "tensorflow-name-taken",
    "A rewrite needs the target's import, but both its alias and the module's name mean something else here.",
    NO_FIX,
    FAMILY,
    why=(
        "Emitting a call through the alias (or the module's name) where it is another object "
        "would silently call the wrong thing. The message names both. (The rule keeps its "
        "name, which `--select`/`--ignore` may already use.)"
    ),
    fix_safety="The call is left as it was and reported.",
    use_instead="Rename the local binding of the alias (or of the module's name), then run kerasmigrate again.",
)

KM005 = RuleInfo(
    "KM005",
    "internal-error",
    "kerasmigrate itself failed on this file; it is left untouched (please report it).",
    NO_FIX,
    FAMILY,
    why="A bug in kerasmigrate must never cost the user a file or stop the rest of the run.",
    fix_safety=_LEFT,
    use_instead="Report the message with the file (or a reduced example) so the rule can be fixed.",
)

KM006 = RuleInfo(
    "KM006",
    "unreadable-path",
    "A path does not exist, or a file cannot be read or written; it is reported and skipped.",
    NO_FIX,
    FAMILY,
    why="One bad path must not stop the rest of a batch, and must not pass unnoticed either.",
    fix_safety=_LEFT,
    use_instead="Check the path and its permissions, then run kerasmigrate on it again.",
)

KM007 = RuleInfo(
    "KM007",
    "skipped-ignore-line",
    "A `.gitignore` line git ignores (an invalid pattern), or an ignore file that is not a readable regular file, is skipped with a warning.",
    NO_FIX,
    FAMILY,
    why=(
        "git skips a line it cannot parse (a lone `!`) and goes on; one such line must not stop "
        "a whole run either, but the patterns it meant are not applied, so it is reported. An "
        "ignore file that is a FIFO or a link to a device is never read: it could block or "
        "never end."
    ),
    fix_safety="A warning: it does not change the exit code; the run goes on with the other patterns.",
    use_instead="Fix or remove the line named (git ignores it too), or make the ignore file a regular file.",
)

KM008 = RuleInfo(
    "KM008",
    "too-deeply-nested",
    "Valid Python that the parser cannot follow (nested too deeply, or a chain LibCST's grammar cannot read); it is reported and left untouched.",
    NO_FIX,
    FAMILY,
    why=(
        "LibCST parses, visits and prints a tree recursively. kerasmigrate runs each file on a "
        "thread with a 1 GiB stack and a raised recursion limit, which covers any code a "
        "person writes (thousands of chained `+`, attributes, calls or `not`s); generated code "
        "that goes deeper is refused rather than reported as an internal error. CPython's own "
        "parser runs first, so where LibCST's parser refuses text CPython accepts (5,000 "
        "adjacent string literals), that is this rule too, not a syntax error."
    ),
    fix_safety=_LEFT,
    use_instead="Split the expression (name intermediate results), or regenerate the file with less nesting.",
)

RULES = (KM001, KM002, KM003, KM004, KM005, KM006, KM007, KM008)
