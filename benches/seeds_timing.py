#!/usr/bin/env python3
"""Whole-run timings on the bundled seeds (scan, inspect, lint with and without the saved index): median, min and max of N runs of the release binary.

Usage: cargo build --release && python3 benches/seeds_timing.py [N]
All figures of one table come from one run of this script on the same machine; compare ratios,
not absolute numbers, across machines (the reference machine has 2 cores and is noisy).
"""
import statistics
import subprocess
import sys
import tempfile
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 15
BIN = "target/release/crosscheck"
OUT = tempfile.mkdtemp(prefix="crosscheck-bench-")
INDEX = f"{OUT}/seeds.ccx"
subprocess.run([BIN, "index", "seeds", "--out", INDEX], check=True, stderr=subprocess.DEVNULL)
CASES = [
    ("scan seeds (2 threads)", [BIN, "scan", "seeds", "--out", OUT, "--quiet", "--threads", "2"]),
    ("scan seeds (1 thread)", [BIN, "scan", "seeds", "--out", OUT, "--quiet", "--threads", "1"]),
    ("inspect 003", [BIN, "inspect", "seeds/003_bcf92bb41f96abcb.txt"]),
    ("inspect 003 --json", [BIN, "inspect", "--json", "seeds/003_bcf92bb41f96abcb.txt"]),
    # lint exits 1 here (the draft has an error-level finding): that is the measured case.
    ("lint county draft --against seeds", [BIN, "lint", "tests/fixtures/lint/county-draft",
                                           "--against", "seeds", "--format", "sarif"]),
    ("lint county draft --index seeds.ccx", [BIN, "lint", "tests/fixtures/lint/county-draft",
                                            "--index", INDEX, "--format", "sarif"]),
    ("process start (--version)", [BIN, "--version"]),
]
# Exit codes that are part of the case, not a failure.
EXPECTED_CODES = {0, 1}


def measure(cmd):
    times = []
    for _ in range(N):
        start = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        if code not in EXPECTED_CODES:
            sys.exit(f"{' '.join(cmd)} exited with {code}")
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


print(f"| case | median ms | min | max |  (n={N})")
print("|---|---|---|---|")
for name, cmd in CASES:
    med, lo, hi = measure(cmd)
    print(f"| {name} | {med * 1000:.1f} | {lo * 1000:.1f} | {hi * 1000:.1f} |")
