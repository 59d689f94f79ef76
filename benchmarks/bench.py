"""Repository-scale benchmark: kerasmigrate against the I/O floor, the CST floor and tf_upgrade_v2.

Usage: python benchmarks/bench.py [--files 5000] [--keras-share 0.05] [--out benchmarks/RESULTS.md]

It generates a deterministic tree (seeded), then times, in one run:
  * reading every file (the I/O floor);
  * ``kerasmigrate --check`` with ``--jobs 1`` and with all cores, on the whole tree, and on
    a tree with no Keras at all;
  * LibCST parse + codegen of only the files that mention Keras (the floor for a CST tool);
  * ``tf_upgrade_v2 --intree/--outtree`` on the same tree, when TensorFlow is installed;
  * peak memory (max RSS of the child process) for the full tree and for a tenth of it.
Results are written as a Markdown table with the machine description. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEGACY_KINDS = [
    "from keras import backend as K\n\n\ndef loss_{i}(y_true, y_pred):\n    return K.mean(K.square(y_pred - y_true), axis=-1) + K.common.abs(y_pred).sum()\n",
    "import keras.backend as K\n\nif K.image_dim_ordering() == 'th':\n    AXIS_{i} = 1\nelse:\n    AXIS_{i} = -1\n",
    "from keras.backend import common\n\n\ndef act_{i}(x):\n    return common.relu(x) + common.sigmoid(x)\n",
    "from tensorflow.keras import backend as K\n\n\ndef norm_{i}(x):\n    return K.l2_normalize(x, axis=-1) * K.epsilon()\n",
    "import keras\n\n\ndef build_{i}(shape):\n    keras.backend.set_image_dim_ordering('tf')\n    return keras.backend.concatenate([shape, shape])\n",
]


def ordinary(i: int, rng: random.Random, lines: int) -> str:
    out = [f'"""Module {i}: ordinary code."""', "import os", "import json", ""]
    n = 0
    while len(out) < lines:
        out += [
            f"def f{n}(path, value={rng.randint(0, 99)}):",
            f"    data = {{'k': value * {rng.randint(1, 9)}, 'p': os.path.join(path, 'x{n}')}}",
            "    if value > 10:",
            "        return json.dumps(data)",
            "    return data",
            "",
            "",
        ]
        n += 1
    return "\n".join(out) + "\n"


def make_tree(root: Path, files: int, share: float, seed: int = 7, lines: int = 150) -> int:
    rng = random.Random(seed)
    keras_files = 0
    for i in range(files):
        folder = root / f"pkg{i // 100}" / f"sub{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = ordinary(i, rng, lines)
        if rng.random() < share:
            text = LEGACY_KINDS[i % len(LEGACY_KINDS)].format(i=i) + "\n\n" + text.split("\n", 4)[-1]
            keras_files += 1
        (folder / f"m{i}.py").write_text(text)
    return keras_files


_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one command, measured by a fresh wrapper
    process, so the peak is this command's alone (RUSAGE_CHILDREN keeps the maximum of
    every child a process ever had)."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True)
    wall, rss, code = out.stdout.split()
    return float(wall), int(rss) / 1024, int(code)


def child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def read_all(root: str) -> str:
    return (
        "import os,sys\n"
        f"n=0\nfor d,_,fs in os.walk({root!r}):\n"
        "    for f in fs:\n        n+=len(open(os.path.join(d,f),'rb').read())\n"
    )


def cst_floor(root: str) -> str:
    return (
        "import os, libcst as cst\n"
        f"for d,_,fs in os.walk({root!r}):\n"
        "    for f in fs:\n        b=open(os.path.join(d,f),'rb').read()\n"
        "        if b'keras' in b: cst.parse_module(b).bytes\n"
    )


def kerasmigrate(root: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "kerasmigrate", "--check", "-q", "--jobs", str(jobs), root]


def best(cmd: list[str], repeat: int) -> tuple[float, float, int]:
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--keras-share", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="km-bench-"))
    try:
        full, small, plain = work / "full", work / "small", work / "plain"
        keras_files = make_tree(full, args.files, args.keras_share)
        make_tree(small, args.files // 10, args.keras_share)
        make_tree(plain, args.files, 0.0)
        cores = os.cpu_count() or 1
        rows: list[tuple[str, float, float]] = []

        def run(name: str, cmd: list[str]) -> float:
            wall, peak, _ = best(cmd, args.repeat)
            rows.append((name, wall, peak))
            print(f"{name:<55} {wall:8.2f}s {peak:8.0f} MB", flush=True)
            return wall

        run("read every file (I/O floor)", child(read_all(str(full))))
        read_plain = run("read every file, no-Keras tree", child(read_all(str(plain))))
        floor = run("LibCST parse+codegen of the Keras files (CST floor)", child(cst_floor(str(full))))
        j1 = run("kerasmigrate --check --jobs 1", kerasmigrate(str(full), 1))
        jn = run(f"kerasmigrate --check --jobs {cores}", kerasmigrate(str(full), cores))
        none = run("kerasmigrate --check --jobs 1, no-Keras tree", kerasmigrate(str(plain), 1))
        small_wall, small_peak, _ = best(kerasmigrate(str(small), 1), 1)
        big_peak = next(p for n, _, p in rows if n == "kerasmigrate --check --jobs 1")
        beside = Path(sys.executable).with_name("tf_upgrade_v2")
        tfu = str(beside) if beside.exists() else shutil.which("tf_upgrade_v2")
        peer = None
        if tfu:
            out = work / "tfu-out"
            peer = run(
                "tf_upgrade_v2 --intree --outtree",
                [tfu, "--intree", str(full), "--outtree", str(out), "--reportfile", str(work / "r.txt")],
            )
        startup = best(child("import kerasmigrate.cli"), args.repeat)[0]
        lines = [
            "# Benchmark results",
            "",
            f"Generated by `python benchmarks/bench.py --files {args.files}` on {time.strftime('%Y-%m-%d')}.",
            f"Machine: {platform.machine()}, {cores} cores, {platform.processor() or 'cpu'}, Python {platform.python_version()}, {platform.platform()}.",
            f"Tree: {args.files} files of ~150 lines, {keras_files} of them legacy Keras ({args.keras_share:.0%}); best of {args.repeat} runs; peak memory is the child's max RSS.",
            "",
            "| measurement | seconds | peak MB |",
            "|---|---|---|",
            *[f"| {n} | {w:.2f} | {p:.0f} |" for n, w, p in rows],
            f"| kerasmigrate --check --jobs 1 on {args.files // 10} files (memory reference) | {small_wall:.2f} | {small_peak:.0f} |",
            f"| Python start-up + `import kerasmigrate.cli` (included in every run above) | {startup:.2f} | |",
            "",
            "| target | measured | met |",
            "|---|---|---|",
            f"| no-Keras tree ≤ 1.5× reading it | {none / read_plain:.2f}× | {'yes' if none <= 1.5 * read_plain else 'no'} |",
            f"| Keras files ≤ 1.3× LibCST parse+codegen of them (jobs 1 minus the no-Keras run, over the floor) | {(j1 - none) / floor:.2f}× | {'yes' if j1 - none <= 1.3 * floor else 'no'} |",
            f"| --jobs {cores} ≥ 1.7× faster than --jobs 1 | {j1 / jn:.2f}× | {'yes' if j1 / jn >= 1.7 else 'no'} |",
            f"| ≥ 5× faster than tf_upgrade_v2 | {(peer / j1) if peer else float('nan'):.2f}× | {('yes' if peer / j1 >= 5 else 'no') if peer else 'not measured (no tf_upgrade_v2)'} |",
            f"| peak memory of {args.files} files ≤ 1.2× that of {args.files // 10} | {big_peak / small_peak:.2f}× | {'yes' if big_peak <= 1.2 * small_peak else 'no'} |",
        ]
        Path(args.out).write_text("\n".join(lines) + "\n")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
