"""Keras configuration files (``keras.json``): KM401 renames the Keras 1 ordering key,
KM402 reports a removed backend, KM403 a file that is not a JSON object.

Only the bytes of the renamed key and its value change: the file is scanned with the
standard library's JSON decoder to find where each top-level key and value start and end,
and those spans are replaced in the original text (indentation, key order, spacing and the
final newline stay as they were).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]  # CPython has it; typeshed omits it

from .api import MigrationResult
from .catalogue import ORDERING_VALUES
from .findings import Finding, Fix
from .options import Options
from .rules.config_files import KM401, KM402, KM403

FILENAME = "keras.json"
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


class _Lines:
    """1-based (line, column) of offsets in one text: the line starts are found once, then
    each position is a binary search (counting newlines from the start for every key made
    a file with 80,000 keys take minutes)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        index = text.find("\n")
        while index != -1:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _position(text: str, offset: int) -> tuple[int, int]:
    return _Lines(text).position(offset)


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
    except RecursionError:  # valid JSON, but nested deeper than Python's decoder goes
        error = Finding(1, 1, KM403.id, "JSON nested too deeply to be read; left untouched", path)
        return MigrationResult(text, False, error=error, data=data, original=text)

    findings: list[Finding] = []
    fixes: list[Fix] = []
    edits: list[tuple[int, int, str]] = []
    keys = {e.key for e in entries}
    lines = _Lines(text)
    for entry in entries:
        line, column = lines.position(entry.key_start)
        if entry.key == "image_dim_ordering" and KM401.id in options.select:
            if "image_data_format" in keys:
                findings.append(
                    Finding(line, column, KM401.id,
                            '"image_dim_ordering" is ignored because "image_data_format" is also set; '
                            "remove it", path)
                )  # fmt: skip
            elif isinstance(entry.value, str) and entry.value in ORDERING_VALUES:
                edits.append((entry.key_start, entry.key_end, '"image_data_format"'))
                edits.append((entry.value_start, entry.value_end, json.dumps(ORDERING_VALUES[entry.value])))
                fixes.append(Fix(line, column, KM401.id))
            else:
                findings.append(
                    Finding(line, column, KM401.id,
                            f'"image_dim_ordering": {json.dumps(entry.value)} is not "th" or "tf"; '
                            'set "image_data_format" by hand', path)
                )  # fmt: skip
        elif entry.key == "backend" and entry.value in REMOVED_BACKENDS and KM402.id in options.select:
            vline, vcolumn = lines.position(entry.value_start)
            findings.append(
                Finding(vline, vcolumn, KM402.id,
                        f'the {entry.value} backend no longer exists; set "backend": "tensorflow"', path)
            )  # fmt: skip
    if not edits:
        return MigrationResult(text, False, findings, [], data=data, original=text)
    pieces, done = [], 0  # one pass: a file with a thousand renamed keys stays linear
    for start, end, replacement in sorted(edits):
        pieces += [text[done:start], replacement]
        done = end
    new = "".join(pieces) + text[done:]
    return MigrationResult(new, True, findings, fixes, data=new.encode(encoding), original=text)
