"""Discovery of the fixture pairs under fixtures/ (shared by the tests and the TF suite).

Layout: ``fixtures/<GROUP>/<case>.in.py`` is the input; ``<case>.out.py`` the expected
output, byte for byte (absent: the file must come back unchanged); ``<case>.findings``
the expected findings, one ``line:col: KMnnn`` per line (absent: none expected);
``<case>.error`` the expected error for files that cannot be migrated; ``<case>.options``
keyword options for the run (``unsafe_fixes=true``, ``select=KM2``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@dataclass(frozen=True)
class Case:
    source: Path

    @property
    def stem(self) -> str:
        return self.source.name.removesuffix(".in.py")

    @property
    def id(self) -> str:
        return f"{self.source.parent.name}/{self.stem}"

    def sibling(self, suffix: str) -> Path:
        return self.source.with_name(self.stem + suffix)

    @property
    def expected(self) -> Path | None:
        out = self.sibling(".out.py")
        return out if out.exists() else None

    def lines(self, suffix: str) -> list[str]:
        path = self.sibling(suffix)
        if not path.exists():
            return []
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]

    def options(self) -> dict[str, object]:
        opts: dict[str, object] = {}
        for line in self.lines(".options"):
            key, _, value = line.partition("=")
            key, value = key.strip(), value.strip()
            if key in ("select", "ignore"):
                opts[key] = [v.strip() for v in value.split(",")]
            elif key == "target":
                opts[key] = value
            else:
                opts[key] = value.lower() == "true"
        return opts


def cases() -> list[Case]:
    return [Case(p) for p in sorted(FIXTURES.rglob("*.in.py"))]


def parseable_cases() -> list[Case]:
    """The inputs LibCST parses: what the tests that compare a shortcut with LibCST's own
    answer run on (inputs it refuses are the file-error fixtures, covered elsewhere)."""
    import libcst as cst

    found = []
    for case in cases():
        if case.source.suffix != ".py":
            continue
        try:
            cst.parse_module(case.source.read_bytes())
        except Exception:  # noqa: BLE001 - any refusal
            continue
        found.append(case)
    return found
