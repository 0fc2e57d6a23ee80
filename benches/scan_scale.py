#!/usr/bin/env python3
"""Scans at scale: generated corpora of 1,000 to 10,000 documents (BENCHMARKS.md).

Usage: cargo build --release --workspace && python3 benches/scan_scale.py [RUNS] [SIZES...]
Generates each corpus once with gen-corpus (seed 7) under $TMPDIR, runs `crosscheck scan
--timings` RUNS times (default 3) and prints medians: the dedup and alignment stages, the whole
run, peak RSS, MB/s, the growth factor per doubling (normalized to an exact doubling of the
document count), dedup recall/precision against the generator's answer key, and the floor
measured in the same run by `bench-floor` (read + decode, and jieba-rs `cut` over the same text
on the same threads). With THREADS=1,2 in the environment each size also runs on 1 thread.
"""
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SIZES = [int(x) for x in sys.argv[2:]] or [1000, 2000, 4000, 8000, 10000]
THREADS = [int(t) for t in os.environ.get("THREADS", "2").split(",")]
BIN = "target/release/crosscheck"
GEN = "target/release/gen-corpus"
FLOOR = "target/release/bench-floor"
TMP = tempfile.gettempdir()


def parse(stderr):
    def grab(name):
        m = re.search(rf"^\s*{name}\s+([\d.]+)", stderr, re.M)
        return float(m.group(1)) if m else float("nan")
    return {"dedup": grab("dedup"), "align": grab(r"tokenize\+align"), "documents": grab("documents"),
            "report": grab("report"), "total": grab("total"), "rss": grab("peak RSS")}


def floor(corpus, threads):
    p = subprocess.run([FLOOR, corpus, "--threads", str(threads)], check=True, capture_output=True, text=True)
    return {k: float(v) for k, v in (l.split() for l in p.stdout.splitlines())}


rows = []
for n in SIZES:
    corpus = os.path.join(TMP, f"crosscheck-bench-{n}")
    if not os.path.exists(os.path.join(corpus, "answers.csv")):
        subprocess.run([GEN, "--docs", str(n), "--seed", "7", "--out", corpus], check=True,
                       stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    size_mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)
                  if f.endswith(".txt")) / 1e6
    out = os.path.join(TMP, f"crosscheck-bench-out-{n}")
    for threads in THREADS:
        samples = []
        for _ in range(RUNS):
            p = subprocess.run([BIN, "scan", corpus, "--out", out, "--quiet", "--timings",
                                "--threads", str(threads)], check=True, capture_output=True, text=True)
            samples.append(parse(p.stderr))
        med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
        fl = floor(corpus, threads)
        score = subprocess.run([sys.executable, "benches/score_dedup.py", corpus, out],
                               capture_output=True, text=True).stdout.strip()
        rows.append((n, threads, size_mb, med, fl, score))
        print(n, threads, med, fl, file=sys.stderr, flush=True)

print(f"| docs | threads | MB | dedup ms | align ms | report ms | whole scan ms | MB/s | peak RSS MB | growth per doubling | read+decode ms | jieba load+cut ms | scan / jieba floor | dedup accuracy |  (median of {RUNS})")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
prev = {}
for n, threads, mb, med, fl, score in rows:
    growth = ""
    if threads in prev:
        pn, pt = prev[threads]
        # Time ratio scaled to an exact doubling: (t2/t1) ** (1 / log2(n2/n1)).
        growth = f"{(med['total'] / pt) ** (1 / math.log2(n / pn)):.2f}x"
    prev[threads] = (n, med["total"])
    jieba = fl["jieba_load"] + fl["jieba_cut"]
    print(f"| {n} | {threads} | {mb:.1f} | {med['dedup']:.0f} | {med['align']:.0f} | {med['report']:.0f} | "
          f"{med['total']:.0f} | {mb / (med['total'] / 1000):.2f} | {med['rss']:.0f} | {growth} | "
          f"{fl['read'] + fl['decode']:.0f} | {jieba:.0f} | {med['total'] / jieba:.1f}x | {score} |")
