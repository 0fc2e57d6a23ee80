#!/usr/bin/env python3
"""Scans at scale: generated corpora of 1,000, 2,000 and 4,000 documents.

Usage: cargo build --release && python3 benches/scan_scale.py [RUNS] [SIZES...]
Generates each corpus once with gen-corpus (seed 7) under $TMPDIR, runs
`crosscheck scan --timings` RUNS times (default 5), and prints medians of the dedup stage and of
the whole run, peak RSS, throughput, the growth factor per doubling, and recall/precision
against the generator's answer key, and the alignment stage (tokenize + align). All figures of one
table come from one run of the script.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SIZES = [int(x) for x in sys.argv[2:]] or [1000, 2000, 4000]
BIN = "target/release/crosscheck"
GEN = "target/release/gen-corpus"
TMP = tempfile.gettempdir()


def parse(stderr):
    def grab(name):
        m = re.search(rf"^\s*{name}\s+([\d.]+)", stderr, re.M)
        return float(m.group(1)) if m else float("nan")
    return {"dedup": grab("dedup"), "align": grab(r"tokenize\+align"), "documents": grab("documents"),
            "total": grab("total"), "rss": grab("peak RSS")}


rows = []
for n in SIZES:
    corpus = os.path.join(TMP, f"crosscheck-bench-{n}")
    if not os.path.exists(os.path.join(corpus, "answers.csv")):
        subprocess.run([GEN, "--docs", str(n), "--seed", "7", "--out", corpus], check=True,
                       stderr=subprocess.DEVNULL)
    size_mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)
                  if f.endswith(".txt")) / 1e6
    out = os.path.join(TMP, f"crosscheck-bench-out-{n}")
    samples = []
    for _ in range(RUNS):
        p = subprocess.run([BIN, "scan", corpus, "--out", out, "--quiet", "--timings"],
                           check=True, capture_output=True, text=True)
        samples.append(parse(p.stderr))
    med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    score = subprocess.run([sys.executable, "benches/score_dedup.py", corpus, out],
                           capture_output=True, text=True).stdout.strip()
    rows.append((n, size_mb, med, score))

print(f"| docs | MB | dedup ms | align ms | whole scan ms | MB/s (scan) | peak RSS MB | dedup growth | align growth | scan growth | dedup accuracy |  (median of {RUNS})")
print("|---|---|---|---|---|---|---|---|---|---|---|")
prev = None
for n, mb, med, score in rows:
    growth = ("", "", "") if prev is None else tuple(f"{med[k] / prev[k]:.2f}x" for k in ("dedup", "align", "total"))
    print(f"| {n} | {mb:.1f} | {med['dedup']:.0f} | {med['align']:.0f} | {med['total']:.0f} | "
          f"{mb / (med['total'] / 1000):.1f} | {med['rss']:.0f} | {growth[0]} | {growth[1]} | {growth[2]} | {score} |")
    prev = med
