#!/usr/bin/env python3
"""`lint` of one draft against a saved index of a large generated corpus, and against the same
corpus read whole: median, min and max of N runs; wall time and peak RSS of `crosscheck index`.

Usage: cargo build --release --workspace && python3 benches/lint_index.py [DOCS] [N]
Defaults: 10000 documents (gen-corpus seed 7, ~90 MB, generated once under $TMPDIR), N = 5.
Drafts: the county draft fixture (a county plan copying the province, 44 lines), and one
generated plan (`gen-draft.txt`, plan 5000 of the corpus copied out: it shares text and targets
with much of the corpus, the heavy case). All figures of one table come from one run.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DOCS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
N = int(sys.argv[2]) if len(sys.argv) > 2 else 5
BIN = "target/release/crosscheck"
GEN = "target/release/gen-corpus"
TMP = tempfile.gettempdir()
corpus = os.path.join(TMP, f"crosscheck-bench-{DOCS}")
if not os.path.isdir(corpus):
    subprocess.run([GEN, "--docs", str(DOCS), "--seed", "7", "--out", corpus], check=True,
                   stdout=subprocess.DEVNULL)
work = tempfile.mkdtemp(prefix="crosscheck-lint-index-")
index = os.path.join(work, "corpus.ccx")
draft = os.path.join(work, "gen-draft.txt")
shutil.copy(os.path.join(corpus, f"{DOCS // 2:05d}.txt"), draft)
COUNTY = "tests/fixtures/lint/county-draft"


def timed(cmd):
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited with {p.returncode}: {p.stderr}")
    rss_kb = int(p.stderr.strip().splitlines()[-1])
    loaded = re.search(r"loaded (\d+) of (\d+)", p.stderr)
    return wall, rss_kb, loaded.group(1) if loaded else "all"


wall, rss, _ = timed([BIN, "index", corpus, "--out", index])
size = os.path.getsize(index) / 1e6
print(f"corpus: {DOCS} documents, {sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)) / 1e6:.0f} MB")
print(f"crosscheck index: {wall:.2f} s, peak RSS {rss / 1024:.0f} MB, index {size:.0f} MB\n")
print(f"| case | median s | min | max | peak RSS MB | documents loaded |  (n={N})")
print("|---|---|---|---|---|---|")
for name, d in [("county draft", COUNTY), ("generated plan", draft)]:
    for mode, args, n in [("--index", ["--index", index], N), ("--against", ["--against", corpus], 1)]:
        runs = [timed([BIN, "lint", d] + args + ["--format", "sarif"]) for _ in range(n)]
        ws = [r[0] for r in runs]
        print(f"| {name} {mode} | {statistics.median(ws):.3f} | {min(ws):.3f} | {max(ws):.3f} "
              f"| {max(r[1] for r in runs) / 1024:.0f} | {runs[0][2]} |")
shutil.rmtree(work)
