"""Bounded reads from an open descriptor, shared by the file reader (batch.py) and the
ignore/configuration reader (walk.py): a special file such as ``/dev/zero`` never ends, so
no read may go on past the number of bytes its caller can use."""

from __future__ import annotations

import os


def read_upto(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``fd``, fewer at its end (1 MiB reads)."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(limit - total, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
