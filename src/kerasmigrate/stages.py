"""Opt-in per-stage timing, for ``benchmarks/bench.py`` (issue 14 §2).

With ``KERASMIGRATE_STAGES=<file>`` in the environment, every process of a run adds the
seconds it spent in each stage (prefilter, read, parse, scopes, analysis, transform,
imports, codegen, write) to one JSON line appended to ``<file>`` when the run ends
(workers: after each file, as a pool worker never runs ``atexit``). Stages nest: time is
charged to the innermost one only, so the numbers add up to the time spent. Without the
variable, :func:`stage` returns one shared no-op context manager: a dictionary-free
``with`` per stage and per file is all it costs.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

_OUT = os.environ.get("KERASMIGRATE_STAGES") or None
ENABLED = _OUT is not None
_NOOP: AbstractContextManager[None] = nullcontext()
_totals: dict[str, float] = {}
_stack: list[list[object]] = []  # [name, started] of the stages entered and not left
_pid = _owner = os.getpid()


@contextmanager
def _timed(name: str) -> Iterator[None]:
    global _owner
    if os.getpid() != _owner:  # a forked worker: what the parent had counted is not ours
        _owner = os.getpid()
        _totals.clear()
        _stack.clear()
    now = time.perf_counter()
    if _stack:  # the outer stage is paused while this one runs
        outer = _stack[-1]
        _totals[str(outer[0])] = _totals.get(str(outer[0]), 0.0) + now - float(outer[1])  # type: ignore[arg-type]
    _stack.append([name, now])
    try:
        yield
    finally:
        end = time.perf_counter()
        _, started = _stack.pop()
        _totals[name] = _totals.get(name, 0.0) + end - float(started)  # type: ignore[arg-type]
        if _stack:
            _stack[-1][1] = end


def stage(name: str) -> AbstractContextManager[None]:
    """Charge the time spent inside the ``with`` to ``name`` (a no-op unless enabled)."""
    return _timed(name) if ENABLED else _NOOP


def flush() -> None:
    """Append this process's totals to the file (and start again from zero)."""
    if not ENABLED or not _totals or _stack:
        return
    assert _OUT is not None
    with open(_OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps({"pid": os.getpid(), **_totals}) + "\n")
    _totals.clear()


def flush_in_worker() -> None:
    """After each file in a pool worker (``atexit`` does not run there)."""
    if ENABLED and os.getpid() != _pid:
        flush()


if ENABLED:
    atexit.register(flush)
