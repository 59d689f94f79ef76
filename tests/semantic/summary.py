"""Counts collected while the semantic tests run, written to .semantic-tally.txt at the end of the
session (printed with ``--semantic-tally``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RowCount:
    rule: str
    name: str
    forms: int = 0  # legacy calls generated
    rewritten: int = 0  # of those, rewritten by default
    rewritten_unsafe_only: int = 0  # rewritten only with unsafe_fixes=True
    compared: int = 0  # (call, inputs) combinations run both ways and compared equal or not
    both_raise: int = 0  # combinations where the legacy call and the rewrite both raised
    failed: int = 0  # combinations that were NOT equivalent
    unsafe_differences: int = 0  # combinations where an unsafe fix differed (its documented corner?)
    #: keras3 only: the legacy call raised (no TF kernel for the dtype, a rank error) and the
    #: rewrite computed a value; no program that ran changes (tests/semantic/test_rows.py)
    legacy_raised: int = 0
    variants: str = ""  # variants exercised / variants that can rewrite


@dataclass
class Summary:
    rows: dict[str, RowCount] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    #: (rule, variant) -> first difference seen with unsafe_fixes=True
    unsafe_examples: dict = field(default_factory=dict)

    def row(self, rule: str, name: str, target: str = "tf2") -> RowCount:
        shown = name if target == "tf2" else f"{name} [{target}]"
        return self.rows.setdefault(f"{rule} {shown}", RowCount(rule, shown))

    def headline(self) -> str:
        """One line: rows proven, rows with non-equivalent rewrites."""
        proven = [c for c in self.rows.values() if c.compared and not c.failed]
        failed = [c.rule for c in self.rows.values() if c.failed]
        return (
            f"{len(proven)} of {len(self.rows)} rows proven equivalent, {len(failed)} with non-equivalent rewrites"
            + (f" ({', '.join(failed)})" if failed else "")
        )

    def render(self) -> list[str]:
        if not self.rows and not self.extra:
            return []
        out = [
            f"{'rule':<6} {'function':<24} {'calls':>5} {'rewr':>5} {'unsafe':>6} "
            f"{'compared':>8} {'both-raise':>10} {'FAILED':>6} {'unsafe-diff':>11} {'legacy-raised':>13}  variants"
        ]
        for c in sorted(self.rows.values(), key=lambda c: (c.rule, c.name)):
            out.append(
                f"{c.rule:<6} {c.name:<24} {c.forms:>5} {c.rewritten:>5} {c.rewritten_unsafe_only:>6} "
                f"{c.compared:>8} {c.both_raise:>10} {c.failed:>6} {c.unsafe_differences:>11} {c.legacy_raised:>13}  {c.variants}"
            )
        proven = [c for c in self.rows.values() if c.compared and not c.failed]
        report_only = [c for c in self.rows.values() if c.variants == "report only"]
        total = sum(c.compared for c in self.rows.values())
        failed = [c for c in self.rows.values() if c.failed]
        out.append(
            f"rows proven equivalent: {len(proven)} of {len(self.rows)} "
            f"({len(report_only)} report-only rows have nothing to prove); "
            f"combinations compared: {total} "
            f"(min per proven row {min((c.compared for c in proven), default=0)}, "
            f"max {max((c.compared for c in proven), default=0)}); "
            f"rows with non-equivalent rewrites: {len(failed)}"
            + (f" ({', '.join(c.rule for c in failed)})" if failed else "")
        )
        if self.unsafe_examples:
            out.append("differences with unsafe_fixes=True (not failures; compare with the caveat):")
            for _key, text in sorted(self.unsafe_examples.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
                out.append(f"  {text}")
        out += self.extra
        return out


SUMMARY = Summary()
