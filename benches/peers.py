#!/usr/bin/env python3
"""crosscheck against its peers on the same generated corpus and the same duplicate task:
jscpd 5.3.3 (the fastest clone detector) and the Python MinHash reference
(benches/minhash_reference.py). Installs both under $TMPDIR/crosscheck-peers (npm, pip venv).

Usage: cargo build --release --workspace && python3 benches/peers.py [DOCS] [RUNS]
Defaults: 2,000 documents (gen-corpus seed 7), median of 3 runs (the reference runs once).
Recall is measured the same way for every tool against the generator's answer key: an injected
copy is found when the tool's reported pairs between its two documents cover at least half of
the source span and half of the copy span (spans in bytes; jscpd's `position`s are byte offsets). crosscheck's time is the whole scan (all stages, all reports).
"""
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

DOCS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
TMP = tempfile.gettempdir()
PEERS = os.path.join(TMP, "crosscheck-peers")
JSCPD = os.path.join(PEERS, "node", "node_modules", ".bin", "jscpd")
PY = os.path.join(PEERS, "venv", "bin", "python")
corpus = os.path.join(TMP, f"crosscheck-bench-{DOCS}")

if not os.path.exists(JSCPD):
    subprocess.run(["npm", "install", "--prefix", os.path.join(PEERS, "node"),
                    "jscpd@5.3.3", "jscpd-linux-x64-gnu@5.3.3"], check=True, capture_output=True)
if not os.path.exists(PY):
    subprocess.run([sys.executable, "-m", "venv", os.path.join(PEERS, "venv")], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "datasketch"], check=True)
if not os.path.exists(os.path.join(corpus, "answers.csv")):
    subprocess.run(["target/release/gen-corpus", "--docs", str(DOCS), "--seed", "7", "--out", corpus],
                   check=True, capture_output=True)


def timed(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr[-2000:]}")
    wall, rss = p.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


answers = list(csv.DictReader(open(os.path.join(corpus, "answers.csv"), encoding="utf-8")))


def recall(pairs):
    """pairs: (doc_a, start_a, end_a, doc_b, start_b, end_b) byte spans."""
    spans = {}
    for da, sa, ea, db, sb, eb in pairs:
        spans.setdefault((da, db), []).append(((sa, ea), (sb, eb)))
        spans.setdefault((db, da), []).append(((sb, eb), (sa, ea)))

    def covered(target, ranges):
        t0, t1 = target
        marks = sorted((max(t0, a), min(t1, b)) for a, b in ranges if min(t1, b) > max(t0, a))
        total, end = 0, t0
        for a, b in marks:
            a = max(a, end)
            if b > a:
                total += b - a
                end = b
        return total * 2 >= t1 - t0

    found = 0
    for a in answers:
        got = spans.get((a["source_doc"], a["copy_doc"]), [])
        src = (int(a["source_start"]), int(a["source_end"]))
        cp = (int(a["copy_start"]), int(a["copy_end"]))
        if covered(src, [x for x, _ in got]) and covered(cp, [y for _, y in got]):
            found += 1
    return found / len(answers)


def crosscheck_pairs(out):
    rows = csv.DictReader(open(os.path.join(out, "duplicates.csv"), encoding="utf-8"))
    return [(r["doc_a"], int(r["byte_start_a"]), int(r["byte_end_a"]),
             r["doc_b"], int(r["byte_start_b"]), int(r["byte_end_b"]))
            for r in rows if r["kind"] != "boilerplate"]


def jscpd_pairs(out):
    rep = json.load(open(os.path.join(out, "jscpd-report.json")))
    res = []
    for d in rep["duplicates"]:
        f, s = d["firstFile"], d["secondFile"]
        da, db = os.path.basename(f["name"])[:-4], os.path.basename(s["name"])[:-4]
        # jscpd's `position` counts bytes of the file (checked against the answer key).
        res.append((da, f["startLoc"]["position"], f["endLoc"]["position"],
                    db, s["startLoc"]["position"], s["endLoc"]["position"]))
    return res


work = tempfile.mkdtemp(prefix="crosscheck-peers-")
rows = []
out = os.path.join(work, "crosscheck")
t = [timed(["target/release/crosscheck", "scan", corpus, "--out", out, "--quiet"]) for _ in range(RUNS)]
rows.append(("crosscheck scan (all stages, all reports)", statistics.median(x[0] for x in t),
             max(x[1] for x in t), recall(crosscheck_pairs(out)), RUNS))
out = os.path.join(work, "jscpd")
t = [timed([JSCPD, corpus, "-f", "txt", "-k", "20", "-l", "1", "--reporters", "json,silent", "-o", out])
     for _ in range(RUNS)]
rows.append(("jscpd 5.3.3 (duplicates only)", statistics.median(x[0] for x in t),
             max(x[1] for x in t), recall(jscpd_pairs(out)), RUNS))
ref_out = os.path.join(work, "reference.json")
t = timed([PY, "benches/minhash_reference.py", corpus, ref_out])
rows.append(("Python MinHash LSH + difflib (duplicates only)", t[0], t[1],
             recall([tuple(p) for p in json.load(open(ref_out))]), 1))
size = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus) if f.endswith(".txt")) / 1e6
print(f"corpus: {DOCS} documents, {size:.1f} MB, {len(answers)} injected copies")
print("| tool | wall s | peak RSS MB | recall | runs |")
print("|---|---|---|---|---|")
for name, wall, rss, rec, n in rows:
    print(f"| {name} | {wall:.2f} | {rss:.0f} | {rec:.3f} | {n} |")
