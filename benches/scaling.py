#!/usr/bin/env python3
"""Does doubling a repeated input at most double the time? The guard against quadratic loops.

Usage: cargo build --release && python3 benches/scaling.py [RUNS] [--quick] [SHAPE...]

For each shape — one line (or passage) repeated n times, the form every superlinear loop found
so far needed (issue 22: repeated headings, target sentences) — it runs `crosscheck scan` (and
`lint`, `inspect`, `index` for one shape) at n, 2n and 4n with the per-document budget out of
the way, RUNS times each (default 3), and prints the median user CPU seconds (the work the
program does, summed over its threads), the median wall seconds, and the growth of CPU time per
doubling over the two doublings, (t(4n) / t(n)) ** ½. A shape whose growth is above 2.2 is
reported as FAIL and the script exits 1: a quadratic loop gives 4, a linear one 2 or a little
less (fixed start-up cost).

User CPU time, not wall time, because the kernel's zeroing of fresh pages (a third of a
160,000-heading scan) and the other core's load make wall time grow unevenly from one size to
the next; this machine has no hardware instruction counter (`perf stat` says not supported).
`--quick` uses a smaller n.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(os.environ.get("CROSSCHECK", "target/release/crosscheck"))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS and ARGS[0].isdigit() else 3
WANTED = [a for a in ARGS if not a.isdigit()]
QUICK = "--quick" in sys.argv
N = 10_000 if QUICK else 40_000
LIMIT = 2.2
NO_BUDGET = ["--max-chars", "1000000000", "--max-sections", "1000000000", "--max-targets", "1000000000"]

SHAPES = {
    "heading 一、": "一、标题\n",
    "heading （一）": "（一）标题\n",
    "numbered 1.": "1. 标题\n",
    "box 专栏1": "专栏1：标题\n",
    "table row": "| 1 | 标题 | 个 |\n",
    "target pair": "2020年，全市规上工业企业数量达到100家。到2025年，全市规上工业企业数量达到200家。\n",
    "same passage": "加快推进质量强市建设，深入实施标准化战略，全面提升产品和服务质量水平。\n\n",
    "toc entries": "目录\n" + "第一章 总体要求……1\n",
    "bullets": "●推进质量提升\n",
}
COMMANDS = {
    "scan": lambda d, f: ["scan", f, "--out", os.path.join(d, "out"), "-q", *NO_BUDGET],
    "lint": lambda d, f: ["lint", f, "--against", os.path.join(d, "corpus"), *NO_BUDGET],
    "inspect": lambda d, f: ["inspect", f, *NO_BUDGET],
    "index": lambda d, f: ["index", f, "--out", os.path.join(d, "x.ccindex"), *NO_BUDGET],
}


def timed(args):
    """(user CPU seconds, wall seconds) of one run."""
    start = time.monotonic()
    p = subprocess.Popen([BIN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_utime, time.monotonic() - start


def measure(shape, command):
    line = SHAPES[shape]
    d = tempfile.mkdtemp(prefix="scaling-")
    os.makedirs(os.path.join(d, "corpus"))
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "seeds", "004_137a58ff13e322c8.txt"),
                os.path.join(d, "corpus", "good.txt"))
    cpu, wall = [], []
    for n in (N, 2 * N, 4 * N):
        f = os.path.join(d, f"flood-{n}.txt")
        with open(f, "w", encoding="utf-8") as out:
            if line.startswith("目录\n"):
                out.write("目录\n" + line[3:] * n)
            else:
                out.write(line * n)
        runs = [timed(COMMANDS[command](d, f)) for _ in range(RUNS)]
        cpu.append(statistics.median(r[0] for r in runs))
        wall.append(statistics.median(r[1] for r in runs))
    shutil.rmtree(d, ignore_errors=True)
    growth = (cpu[2] / cpu[0]) ** 0.5 if cpu[0] > 0 else float("inf")
    return cpu, wall, growth


def main():
    cases = [(s, "scan") for s in SHAPES] + [("heading 一、", c) for c in ("lint", "inspect", "index")]
    failed = 0
    print(f"n = {N}, {2 * N}, {4 * N} repeats; median of {RUNS} runs; CPU growth per doubling must stay ≤ {LIMIT}")
    print(f"{'shape':16} {'command':8} {'cpu n':>7} {'2n':>7} {'4n':>7} {'wall n':>7} {'2n':>7} {'4n':>7} {'growth':>7}  verdict")
    for shape, command in cases:
        if WANTED and not any(w in shape or w == command for w in WANTED):
            continue
        cpu, wall, growth = measure(shape, command)
        bad = growth > LIMIT
        failed += bad
        print(f"{shape:16} {command:8} {cpu[0]:7.2f} {cpu[1]:7.2f} {cpu[2]:7.2f} {wall[0]:7.2f} {wall[1]:7.2f} "
              f"{wall[2]:7.2f} {growth:7.2f}  {'FAIL' if bad else 'ok'}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
