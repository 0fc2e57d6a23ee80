#!/usr/bin/env python3
"""Instruction counts of a whole scan, per binary, under valgrind's callgrind (BENCHMARKS.md).

Usage: cargo build --release --workspace && python3 benches/instructions.py [DOCS] [BINARY...]
(default: 300 documents, target/release/crosscheck). Needs valgrind (`apt-get install valgrind`).

Wall times on this 2-core shared machine vary by 10-30% from hour to hour, which hides a change
worth a few percent. Callgrind counts the instructions executed instead: the same binary on the
same input gives the same count (within 0.01%: rayon's job order moves a few allocations)
whatever else the machine is doing. So a change is judged by
building the binary before and after it and running both here: each scans a `gen-corpus --seed 7`
corpus of DOCS documents on one thread (about a minute per binary at 300 documents, 3 minutes
at 2,000), and the table gives the total and the inclusive count of the stages that can be told
apart (see STAGES).

Counts are not times: under valgrind SHA-256 runs its software fallback (the real CPU uses its
SHA instructions) and SIMD code counts as few instructions. Use them to compare builds, and
wall times (scan_scale.py) for what a user waits.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

DOCS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
BINARIES = sys.argv[2:] or ["target/release/crosscheck"]
GEN = "target/release/gen-corpus"
TMP = tempfile.gettempdir()

# Stage → the function whose inclusive count stands for it. Only functions that do their work
# where they are called: a stage that hands its work to rayon's workers (dedup, alignment
# scoring, checks) runs it on other threads' stacks, outside its own inclusive count, so those
# are in the "everything else" row.
STAGES = [
    ("read+decode", "crosscheck::ingest::read_document"),
    ("normalize", "crosscheck::normalize::normalize"),
    ("segment", "crosscheck::segment::segment"),
    ("targets", "crosscheck::targets::extract"),
    ("jieba + terms", "crosscheck::tokenize::Tokenizer::clause_terms"),
    ("report tables", "crosscheck::report::write_table"),
    ("report page", "crosscheck::report::html::render"),
]

corpus = os.path.join(TMP, f"crosscheck-bench-{DOCS}")
if not os.path.exists(os.path.join(corpus, "answers.csv")):
    subprocess.run([GEN, "--docs", str(DOCS), "--seed", "7", "--out", corpus], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

rows = []
for binary in BINARIES:
    out_file = os.path.join(TMP, f"crosscheck-callgrind-{os.getpid()}.out")
    reports = tempfile.mkdtemp(prefix="crosscheck-callgrind-reports-")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
                    binary, "scan", corpus, "--out", reports, "--quiet", "--threads", "1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listing = subprocess.run(["callgrind_annotate", "--inclusive=yes", out_file],
                             check=True, capture_output=True, text=True).stdout
    os.remove(out_file)
    shutil.rmtree(reports)

    def count(pattern):
        # The largest inclusive count of a line naming the function (its own entry).
        best = 0
        for line in listing.splitlines():
            m = re.match(r"\s*([\d,]+)\s", line)
            if m and re.search(re.escape(pattern) + r"( |$)", line):
                best = max(best, int(m.group(1).replace(",", "")))
        return best

    total = count("PROGRAM TOTALS")
    rows.append((binary, total, [count(f) for _, f in STAGES]))
    print(binary, f"{total:,}", file=sys.stderr, flush=True)

print(f"Instructions (millions) of `crosscheck scan` over {DOCS} generated documents, 1 thread:")
print()
print("| stage | " + " | ".join(b for b, _, _ in rows) + " |")
print("|---|" + "---|" * len(rows))
for k, (name, _) in enumerate(STAGES):
    print(f"| {name} | " + " | ".join(f"{s[k] / 1e6:,.0f}" for _, _, s in rows) + " |")
print("| everything else (dedup, alignment scoring, checks, start-up) | "
      + " | ".join(f"{(t - sum(s)) / 1e6:,.0f}" for _, t, s in rows) + " |")
print("| **whole scan** | " + " | ".join(f"**{t / 1e6:,.0f}**" for _, t, _ in rows) + " |")
if len(rows) > 1:
    base = rows[0][1]
    print()
    print("Whole scan relative to the first binary: "
          + ", ".join(f"{b}: {t / base:.3f}" for b, t, _ in rows))
