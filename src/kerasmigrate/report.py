"""Machine-readable reports (JSON, SARIF 2.1.0) and the end-of-run summary table.

The JSON schema is documented in docs/report-schema.md; bump ``REPORT_VERSION`` on any
change that is not a pure addition.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import __version__
from .findings import Finding, Fix
from .results import BatchResult, FileResult
from .rules import RULES

if TYPE_CHECKING:  # rich is needed only for the --verbose summary
    from rich.console import Console

REPORT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FORMATS = ("text", "json", "sarif")


def _safety(rule: str) -> str | None:
    info = RULES.get(rule)
    return info.label if info else None


def _name(rule: str) -> str | None:
    info = RULES.get(rule)
    return info.name if info else None


def _item(
    path: str, rule: str, cell: int, line: int, column: int, message: str, safety: str | None = None
) -> dict[str, Any]:
    return {
        "rule": rule,
        "name": _name(rule),
        "path": path,
        "cell": cell or None,
        "line": line,
        "column": column,
        "message": message,
        "fix_safety": safety or _safety(rule),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return _item(f.path, f.rule, f.cell, f.line, f.column, f.message)


def _change(file: FileResult, fix: Fix) -> dict[str, Any]:
    info = RULES.get(fix.rule)
    summary = info.summary if info else fix.rule
    # labelled with what was applied: a safe variant of a rule that also has unsafe ones is "safe"
    return _item(file.path, fix.rule, fix.cell, fix.line, fix.column, summary, fix.safety)


def to_json(batch: BatchResult, *, written: bool) -> dict[str, Any]:
    """The report as a JSON-ready dict (schema: docs/report-schema.md)."""
    files = []
    for file in batch.files:
        entry: dict[str, Any] = {
            "path": file.path,
            "kind": file.kind,
            "status": file.status,
            "changes": len(file.fixes),
            "findings": len(file.findings),
        }
        if file.skipped:
            entry["skipped_reason"] = file.skipped
        if file.diff:
            entry["diff"] = file.diff
        files.append(entry)
    statuses = Counter(f.status for f in batch.files)
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "kerasmigrate", "version": __version__},
        "written": written,
        "files": files,
        "changes": [_change(file, fix) for file in batch.files for fix in file.fixes if file.changed],
        "findings": [_finding(f) for file in batch.files for f in file.findings],
        "errors": [_finding(e) for e in batch.errors],
        "summary": {
            "files": len(batch.files),
            "changed": statuses["changed"],
            "unchanged": statuses["unchanged"],
            "skipped": statuses["skipped"],
            "failed": statuses["failed"],
            "changes": sum(len(f.fixes) for f in batch.changed),
            "findings": len(batch.findings),
            "errors": len(batch.errors),
        },
    }


# --- SARIF --------------------------------------------------------------------------------


def _uri(path: str) -> str:
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(os.fsencode(Path(path).as_posix()))  # bytes: a name that is not UTF-8 too


def _result(rule_index: dict[str, int], rule: str, level: str, message: str, path: str, cell: int,
            line: int, column: int) -> dict[str, Any]:  # fmt: skip
    if cell:
        # a notebook: the region is the file's first line; the cell is named in the message
        message = f"cell {cell}, line {line}: {message}"
        region = {"startLine": 1}
    else:
        region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    result: dict[str, Any] = {
        "ruleId": rule,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}],
    }
    if rule in rule_index:
        result["ruleIndex"] = rule_index[rule]
    if cell:
        result["properties"] = {"cell": cell, "cellLine": line, "cellColumn": column}
    return result


def to_sarif(batch: BatchResult, *, written: bool) -> dict[str, Any]:
    """SARIF 2.1.0 for GitHub code scanning: findings are warnings, files that could not be
    handled errors, and, when nothing was written (``--diff``/``--check``), each pending
    rewrite a note."""
    used = sorted(
        {f.rule for f in batch.findings}
        | {e.rule for e in batch.errors}
        | ({fix.rule for file in batch.changed for fix in file.fixes} if not written else set())
    )
    rules = []
    for rule in used:
        info = RULES.get(rule)
        if info is None:
            continue
        descriptor: dict[str, Any] = {
            "id": info.id,
            "name": info.name,
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": info.why or info.summary},
            "help": {"text": info.use_instead or info.summary},
            "defaultConfiguration": {"level": "error" if info.id.startswith("KM0") else "warning"},
            "properties": {"fix_safety": info.label, "family": info.family},
        }
        rules.append(descriptor)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for file in batch.files:
        if file.error is not None:
            e = file.error
            results.append(_result(index, e.rule, "error", e.message, e.path, e.cell, e.line, e.column))
        for f in file.findings:
            results.append(_result(index, f.rule, "warning", f.message, f.path, f.cell, f.line, f.column))
        if not written and file.changed:
            for fix in file.fixes:
                info = RULES.get(fix.rule)
                message = f"would be rewritten: {info.summary if info else fix.rule}"
                note = _result(index, fix.rule, "note", message, file.path, fix.cell, fix.line, fix.column)
                note.setdefault("properties", {})["fix_safety"] = fix.safety
                results.append(note)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "kerasmigrate", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }


def render(batch: BatchResult, fmt: str, *, written: bool) -> str:
    data = to_sarif(batch, written=written) if fmt == "sarif" else to_json(batch, written=written)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # a file name that is not UTF-8 holds lone surrogates (Python's surrogateescape), which
    # no UTF-8 stream accepts: written as JSON escapes ("\udcff"), they decode to the same name
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def format_for(path: str) -> str | None:
    """The report format a ``--report`` file name asks for (by extension), or None."""
    suffix = Path(path).suffix.lower()
    return {".json": "json", ".sarif": "sarif"}.get(suffix)


# --- the summary table (--verbose) --------------------------------------------------------


def summary_table(batch: BatchResult, console: Console, *, dry: bool) -> None:
    """Rules applied, files by status and findings by rule, as small tables."""
    from rich.table import Table

    fixes = Counter(fix.rule for file in batch.changed for fix in file.fixes)
    findings = Counter(f.rule for f in batch.findings) + Counter(e.rule for e in batch.errors)
    statuses = Counter(f.status for f in batch.files)

    files = Table(title="files", title_justify="left", show_header=False, box=None, padding=(0, 2))
    for status in ("changed", "unchanged", "skipped", "failed"):
        label = "would change" if dry and status == "changed" else status
        files.add_row(label, str(statuses[status]))
    console.print(files)
    for title, counts in (("rules applied", fixes), ("findings and errors by rule", findings)):
        if not counts:
            continue
        table = Table(title=title, title_justify="left", box=None, padding=(0, 2))
        table.add_column("rule")
        table.add_column("name")
        table.add_column("count", justify="right")
        for rule, count in sorted(counts.items()):
            table.add_row(rule, _name(rule) or "", str(count))
        console.print(table)
