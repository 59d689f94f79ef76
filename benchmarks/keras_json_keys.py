"""Time migrating a crafted keras.json with many top-level keys (issue 15, item 11).

    python benchmarks/keras_json_keys.py [KEYS]

Each key's line and column used to be found by rescanning the text from its start, so the
time grew with the square of the size; it is now one pass. Prints the seconds taken."""

from __future__ import annotations

import sys
import time

from kerasmigrate.kerasjson import migrate_keras_json
from kerasmigrate.options import Options


def crafted(keys: int) -> bytes:
    members = [f'    "key_{i}": {i}' for i in range(keys)]
    members.insert(keys // 2, '    "image_dim_ordering": "th"')
    return ("{\n" + ",\n".join(members) + "\n}\n").encode()


def main() -> None:
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 80_000
    data = crafted(keys)
    start = time.perf_counter()
    result = migrate_keras_json(data, path="keras.json", options=Options.build())
    elapsed = time.perf_counter() - start
    assert result.changed and result.fixes
    print(f"{keys} keys ({len(data)} bytes): {elapsed:.2f} s")


if __name__ == "__main__":
    main()
