"""Keras configuration files (``keras.json``): KM401 renames the Keras 1 ordering key,
KM402 reports a removed backend, KM403 a file that is not a JSON object.

Only the bytes of the renamed key and its value change: the file is scanned with the
standard library's JSON decoder to find where each top-level key and value start and end,
and those spans are replaced in the original text (indentation, key order, spacing and the
final newline stay as they were).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.decoder import scanstring

from .api import MigrationResult
from .findings import Finding, Fix
from .options import Options
from .rules.config_files import KM401, KM402, KM403

FILENAME = "keras.json"
ORDERING = {"th": "channels_first", "tf": "channels_last"}
REMOVED_BACKENDS = ("theano", "cntk")
_WS = " \t\r\n"


@dataclass(frozen=True)
class _Entry:
    key: str
    key_start: int
    key_end: int
    value: object
    value_start: int
    value_end: int


class _Invalid(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _entries(text: str) -> list[_Entry]:
    """The top-level members of a JSON object, with their spans in ``text``."""
    decoder = json.JSONDecoder()
    i = _skip(text, 0)
    if i >= len(text) or text[i] != "{":
        raise _Invalid("not a JSON object", i)
    i = _skip(text, i + 1)
    entries: list[_Entry] = []
    if i < len(text) and text[i] == "}":
        i += 1
    else:
        while True:
            if i >= len(text) or text[i] != '"':
                raise _Invalid("expected a key", i)
            key, key_end = scanstring(text, i + 1)
            j = _skip(text, key_end)
            if j >= len(text) or text[j] != ":":
                raise _Invalid("expected ':'", j)
            j = _skip(text, j + 1)
            value, value_end = decoder.raw_decode(text, j)
            entries.append(_Entry(key, i, key_end, value, j, value_end))
            i = _skip(text, value_end)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
                continue
            if i < len(text) and text[i] == "}":
                i += 1
                break
            raise _Invalid("expected ',' or '}'", i)
    if _skip(text, i) != len(text):
        raise _Invalid("extra data after the object", _skip(text, i))
    return entries


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def migrate_keras_json(data: bytes, *, path: str, options: Options) -> MigrationResult:
    """Migrate the bytes of one keras.json; never raises."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        error = Finding(1, 1, KM403.id, f"not UTF-8 text (byte {exc.start})", path)
        return MigrationResult("", False, error=error, data=data)
    try:
        entries = _entries(text)
    except json.JSONDecodeError as exc:
        error = Finding(exc.lineno, exc.colno, KM403.id, f"not valid JSON: {exc.msg}", path)
        return MigrationResult(text, False, error=error, data=data, original=text)
    except _Invalid as exc:
        error = Finding(*_position(text, exc.pos), KM403.id, f"not valid JSON: {exc}", path)
        return MigrationResult(text, False, error=error, data=data, original=text)

    findings: list[Finding] = []
    fixes: list[Fix] = []
    edits: list[tuple[int, int, str]] = []
    keys = {e.key for e in entries}
    for entry in entries:
        line, column = _position(text, entry.key_start)
        if entry.key == "image_dim_ordering" and KM401.id in options.select:
            if "image_data_format" in keys:
                findings.append(
                    Finding(line, column, KM401.id,
                            '"image_dim_ordering" is ignored because "image_data_format" is also set; '
                            "remove it", path)
                )  # fmt: skip
            elif isinstance(entry.value, str) and entry.value in ORDERING:
                edits.append((entry.key_start, entry.key_end, '"image_data_format"'))
                edits.append((entry.value_start, entry.value_end, json.dumps(ORDERING[entry.value])))
                fixes.append(Fix(line, column, KM401.id))
            else:
                findings.append(
                    Finding(line, column, KM401.id,
                            f'"image_dim_ordering": {json.dumps(entry.value)} is not "th" or "tf"; '
                            'set "image_data_format" by hand', path)
                )  # fmt: skip
        elif entry.key == "backend" and entry.value in REMOVED_BACKENDS and KM402.id in options.select:
            vline, vcolumn = _position(text, entry.value_start)
            findings.append(
                Finding(vline, vcolumn, KM402.id,
                        f'the {entry.value} backend no longer exists; set "backend": "tensorflow"', path)
            )  # fmt: skip
    if not edits:
        return MigrationResult(text, False, findings, [], data=data, original=text)
    new = text
    for start, end, replacement in sorted(edits, reverse=True):
        new = new[:start] + replacement + new[end:]
    return MigrationResult(new, True, findings, fixes, data=new.encode(encoding), original=text)
