"""Repository-scale benchmark: kerasmigrate against the I/O floor, the CST floor and tf_upgrade_v2.

Usage: python benchmarks/bench.py [--files 2000] [--dense 24] [--repeat 2] [--out benchmarks/RESULTS.md]

It generates deterministic trees (seeded), then times, in one run (issue 14's goals):
  * a sparse tree (``--files`` generated files of ~150 lines, ``--keras-share`` of them with
    a few legacy backend lines), a dense tree (``--dense`` files of 200-2,000 lines in the
    style of real Keras 1/2 projects, ``dense.py``), a mixed tree (the dense files plus
    three times as many ordinary modules) and a tree with no Keras at all;
  * per-file cost over LibCST's whole-file parse + codegen of the same files (the CST
    floor), for the sparse and the dense files separately, start-up subtracted from both;
    the cost per legacy reference (a fix or a finding) of the dense files;
  * ``--jobs 1`` and ``--jobs <cores>`` on the mixed tree, and ``tf_upgrade_v2`` on it
    (when TensorFlow is installed beside this Python);
  * the no-Keras tree against the time to read it;
  * peak memory (max RSS of one process) on the mixed tree and on ten copies of it;
  * per-stage seconds of ``--jobs 1`` on the dense and the sparse trees
    (``KERASMIGRATE_STAGES``, see ``src/kerasmigrate/stages.py``).
Results are written as Markdown with the machine's description. Never run as a test.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dense import make_dense_tree  # noqa: E402

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
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, u.ru_maxrss, code, u.ru_utime + u.ru_stime)\n"
)


def timed(cmd: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MB), exit code and CPU seconds (user + system, the command and
    its workers) of one command, measured by a fresh wrapper process, so the peak is this
    command's alone (RUSAGE_CHILDREN keeps the maximum of every child a process ever had).
    On a shared machine CPU time is the steadier measure of work; wall time is what
    parallelism changes."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True)
    wall, rss, code, cpu = out.stdout.split()
    return float(wall), int(rss) / 1024, int(code), float(cpu)


def child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def read_all(root: str) -> str:
    return (
        "import os,sys\n"
        f"n=0\nfor d,_,fs in os.walk({root!r}):\n"
        "    for f in fs:\n        n+=len(open(os.path.join(d,f),'rb').read())\n"
    )


def cst_floor(root: str) -> str:
    """LibCST's whole-file parse + codegen of every file that mentions Keras."""
    return (
        "import os, libcst as cst\n"
        f"for d,_,fs in os.walk({root!r}):\n"
        "    for f in fs:\n        b=open(os.path.join(d,f),'rb').read()\n"
        "        if b'keras' in b: cst.parse_module(b).bytes\n"
    )


def ordinary_tree(root: Path, files: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(files):
        folder = root / f"lib{i % 9}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"util{i}.py").write_text(ordinary(i, rng, rng.randint(60, 400)))


def references(root: Path) -> int:
    """Fixes plus findings of a check run over ``root`` (not timed)."""
    from kerasmigrate.batch import migrate_paths

    batch = migrate_paths([str(root)], write=False)
    return sum(len(f.fixes) + len(f.findings) for f in batch.files)


def stage_split(root: str) -> dict[str, float]:
    """Per-stage seconds of one ``--jobs 1`` check run (stages.py)."""
    out = Path(tempfile.mkdtemp(prefix="km-stages-")) / "stages.jsonl"
    env = {**os.environ, "KERASMIGRATE_STAGES": str(out)}
    subprocess.run(kerasmigrate(root, 1), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    totals: dict[str, float] = {}
    for line in out.read_text().splitlines():
        for k, v in json.loads(line).items():
            if k != "pid":
                totals[k] = totals.get(k, 0.0) + v
    shutil.rmtree(out.parent, ignore_errors=True)
    return totals


def copies(source: Path, dest: Path, n: int) -> None:
    for i in range(n):
        shutil.copytree(source, dest / f"copy{i}")


def kerasmigrate(root: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "kerasmigrate", "--check", "-q", "--jobs", str(jobs), root]


def best(cmd: list[str], repeat: int) -> tuple[float, float, int, float]:
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2], min(r[3] for r in runs)


STAGES = (
    "crossfile",
    "read",
    "prefilter",
    "parse",
    "segment",
    "scopes",
    "analysis",
    "transform",
    "imports",
    "codegen",
    "write",
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000, help="files of the sparse tree")
    parser.add_argument("--keras-share", type=float, default=0.05)
    parser.add_argument("--dense", type=int, default=24, help="dense legacy files")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--note", default="", help="a sentence on the machine's load, for the results")
    parser.add_argument("--out", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="km-bench-"))
    try:
        sparse, plain, dense, mixed, empty = (
            work / n for n in ("sparse", "plain", "dense", "mixed", "empty")
        )
        keras_files = make_tree(sparse, args.files, args.keras_share)
        make_tree(plain, args.files, 0.0)
        dense_lines = make_dense_tree(dense, args.dense)
        make_dense_tree(mixed / "models", args.dense)
        ordinary_tree(mixed / "lib", 3 * args.dense)
        mixed10 = work / "mixed10"
        copies(mixed, mixed10, 10)
        empty.mkdir()
        tiny = work / "tiny"  # one trivial Keras file: start-up with LibCST imported and used once
        tiny.mkdir()
        (tiny / "m.py").write_text("import keras\n")
        cores = os.cpu_count() or 1
        rows: list[tuple[str, float, float, float]] = []
        cpu: dict[str, float] = {}

        def run(name: str, cmd: list[str], repeat: int = args.repeat) -> tuple[float, float]:
            wall, peak, _, seconds = best(cmd, repeat)
            rows.append((name, wall, seconds, peak))
            cpu[name] = seconds
            print(f"{name:<62} {wall:8.2f}s {seconds:8.2f}s CPU {peak:8.0f} MB", flush=True)
            return wall, peak

        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        # measured as installed: pip byte-compiles a package when it installs it, but an
        # editable checkout under PYTHONDONTWRITEBYTECODE=1 would compile ~50 of our modules
        # again on every start (about 45 ms on this machine)
        package = importlib.util.find_spec("kerasmigrate")
        assert package is not None and package.origin is not None
        compileall.compile_dir(str(Path(package.origin).parent), quiet=1)
        load_before = os.getloadavg()
        run("kerasmigrate --check on an empty directory (start-up)", kerasmigrate(str(empty), 1))
        start_cst = run("Python start-up + `import libcst` (the floor's start-up)", child("import libcst"))[0]
        run("Python start-up + `import kerasmigrate.cli`", child("import kerasmigrate.cli"))
        # what the no-Keras ratio cannot go below: the interpreter, and the console the
        # summary is printed with (typer is not imported by a plain command line)
        run("Python start-up alone", child("pass"))
        run("Python start-up + `import rich.console`", child("import rich.console"))
        run(
            "kerasmigrate --check on one trivial Keras file (start-up with LibCST)",
            kerasmigrate(str(tiny), 1),
        )
        floor_dense = run("LibCST parse+codegen, dense tree (CST floor)", child(cst_floor(str(dense))))[0]
        km_dense = run("kerasmigrate --check --jobs 1, dense tree", kerasmigrate(str(dense), 1))[0]
        run("LibCST parse+codegen, Keras files of the sparse tree", child(cst_floor(str(sparse))))[0]
        run("kerasmigrate --check --jobs 1, sparse tree", kerasmigrate(str(sparse), 1))[0]
        read_plain = run("read every file, no-Keras tree", child(read_all(str(plain))))[0]
        km_plain = run("kerasmigrate --check --jobs 1, no-Keras tree", kerasmigrate(str(plain), 1))[0]
        run("read every file, mixed tree", child(read_all(str(mixed))))
        j1, mem1 = run("kerasmigrate --check --jobs 1, mixed tree", kerasmigrate(str(mixed), 1))
        jn = run(
            f"kerasmigrate --check --jobs {cores} (default), mixed tree", kerasmigrate(str(mixed), cores)
        )[0]
        beside = Path(sys.executable).with_name("tf_upgrade_v2")
        tfu = str(beside) if beside.exists() else shutil.which("tf_upgrade_v2")
        peer = None
        if tfu:
            out = work / "tfu-out"

            def tfu_cmd() -> list[str]:
                shutil.rmtree(out, ignore_errors=True)
                return [
                    tfu,
                    "--intree",
                    str(mixed),
                    "--outtree",
                    str(out),
                    "--reportfile",
                    str(work / "r.txt"),
                ]

            runs = []
            for _ in range(args.repeat):
                runs.append(timed(tfu_cmd()))
            peer = min(r[0] for r in runs)
            rows.append(
                (
                    "tf_upgrade_v2 --intree --outtree, mixed tree",
                    peer,
                    min(r[3] for r in runs),
                    max(r[1] for r in runs),
                )
            )
            print(f"tf_upgrade_v2: {peer:.2f}s", flush=True)
        mem10 = run(
            "kerasmigrate --check --jobs 1, 10 copies of the mixed tree", kerasmigrate(str(mixed10), 1), 1
        )[1]
        load_after = os.getloadavg()
        refs = references(dense)
        split_dense = stage_split(str(dense))
        split_sparse = stage_split(str(sparse))

        def ratio(a: float, b: float) -> float:
            return a / b if b > 0 else float("nan")

        # work over work: CPU seconds (steadier than wall time on a shared machine)
        c_start_km = cpu["kerasmigrate --check on one trivial Keras file (start-up with LibCST)"]
        c_libcst = c_start_km - cpu["kerasmigrate --check on an empty directory (start-up)"]
        c_start_cst = cpu["Python start-up + `import libcst` (the floor's start-up)"]
        c_floor_dense = cpu["LibCST parse+codegen, dense tree (CST floor)"]
        c_km_dense = cpu["kerasmigrate --check --jobs 1, dense tree"]
        c_floor_sparse = cpu["LibCST parse+codegen, Keras files of the sparse tree"]
        c_km_sparse = cpu["kerasmigrate --check --jobs 1, sparse tree"]
        c_km_plain = cpu["kerasmigrate --check --jobs 1, no-Keras tree"]
        dense_ratio = ratio(c_km_dense - c_start_km, c_floor_dense - c_start_cst)
        sparse_ratio = ratio(c_km_sparse - c_km_plain - c_libcst, c_floor_sparse - c_start_cst)
        wall_dense_ratio = ratio(
            km_dense
            - rows[
                [r[0] for r in rows].index(
                    "kerasmigrate --check on one trivial Keras file (start-up with LibCST)"
                )
            ][1],
            floor_dense - start_cst,
        )
        goals = [
            (
                "dense legacy files, `-j 1`, over the whole-file LibCST parse + codegen floor (CPU seconds; start-up with LibCST imported subtracted from both)",
                f"{dense_ratio:.2f}× (wall: {wall_dense_ratio:.2f}×)",
                "≤ 1.5×",
                dense_ratio <= 1.5,
            ),
            (
                "mixed tree, default jobs, `tf_upgrade_v2` time ÷ kerasmigrate time",
                f"{ratio(peer, jn):.2f}" if peer else "not measured",
                "≥ 2",
                bool(peer) and ratio(peer, jn) >= 2,
            ),
            (
                f"`-j 1` ÷ `-j {cores}` on the mixed tree",
                f"{ratio(j1, jn):.2f}",
                "≥ 1.8",
                ratio(j1, jn) >= 1.8,
            ),
            (
                "tree without Keras, over the time to read it",
                f"{ratio(km_plain, read_plain):.2f}×",
                "≤ 2×",
                ratio(km_plain, read_plain) <= 2,
            ),
            (
                "peak memory, 10× the files (10 copies of the mixed tree over one)",
                f"{ratio(mem10, mem1):.2f}×",
                "flat (≤ 1.2×)",
                ratio(mem10, mem1) <= 1.2,
            ),
        ]
        lines = [
            "# Benchmark results",
            "",
            f"Generated by `python benchmarks/bench.py --files {args.files} --dense {args.dense} --repeat {args.repeat}` at {started}.",
            f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.platform()}.",
            f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; after: {', '.join(f'{x:.2f}' for x in load_after)}. {args.note}",
            "",
            f"Trees: sparse, {args.files} generated files of ~150 lines, {keras_files} of them with legacy Keras lines; "
            f"dense, {args.dense} files in the style of Keras 1/2 projects ({dense_lines} lines, {refs} legacy references: fixes plus findings); "
            f"mixed, the dense files plus {3 * args.dense} ordinary modules; no-Keras, {args.files} ordinary files. "
            f"Each time is the best of {args.repeat} runs of a fresh process (start-up included, kerasmigrate's modules byte-compiled as an install has them); peak memory is the largest child's max RSS.",
            "",
            "## Goals (issue 14)",
            "",
            "| measure | measured | goal | met |",
            "|---|---|---|---|",
            *[f"| {m} | {v} | {g} | {'yes' if ok else 'no'} |" for m, v, g, ok in goals],
            "",
            "| per file | value |",
            "|---|---|",
            f"| sparse Keras files over the floor (CPU: `-j 1` sparse minus the no-Keras tree and LibCST's import, over the floor minus `import libcst`) | {sparse_ratio:.2f}× |",
            f"| dense files over the floor | {dense_ratio:.2f}× |",
            f"| cost per legacy reference in the dense files (`-j 1` CPU minus start-up, ÷ {refs}) | {1000 * (c_km_dense - c_start_km) / max(refs, 1):.2f} ms |",
            f"| floor per legacy reference (the floor's CPU minus `import libcst`, ÷ {refs}) | {1000 * (c_floor_dense - c_start_cst) / max(refs, 1):.2f} ms |",
            f"| floor per dense line | {1e6 * (c_floor_dense - c_start_cst) / dense_lines:.1f} µs |",
            "",
            "## Every measurement",
            "",
            "| measurement | wall s | CPU s | peak MB |",
            "|---|---|---|---|",
            *[f"| {n} | {w:.2f} | {c:.2f} | {p:.0f} |" for n, w, c, p in rows],
            "",
            "## Per stage, `--jobs 1` (seconds, one run each; `KERASMIGRATE_STAGES`)",
            "",
            "| stage | dense tree | sparse tree |",
            "|---|---|---|",
            *[f"| {s} | {split_dense.get(s, 0.0):.3f} | {split_sparse.get(s, 0.0):.3f} |" for s in STAGES],
            f"| sum of stages | {sum(split_dense.values()):.3f} | {sum(split_sparse.values()):.3f} |",
        ]
        Path(args.out).write_text("\n".join(lines) + "\n")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
