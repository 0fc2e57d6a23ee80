#!/usr/bin/env python3
"""Region inference without a manifest, against the manifest's truth (issue 17).

Usage: cargo build --release && python3 benches/region_inference.py [CORPUS_DEV]

Copies the text documents of the development corpus (default ../shared/corpus-dev; without it
the script says so and exits 0) into a temporary folder without their manifest, scans them,
and compares each document's inferred level, region and parent region with what
manifest.toml records. Prints one row per document and the share right per field.
"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("CROSSCHECK", os.path.join(ROOT, "target", "release", "crosscheck"))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus-dev")


def main():
    manifest = os.path.join(CORPUS, "manifest.toml")
    if not os.path.exists(manifest):
        print(f"no development corpus at {CORPUS}: nothing to measure")
        return 0
    with open(manifest, "rb") as f:
        truth = {d["file"]: d for d in tomllib.load(f)["document"]}
    work = tempfile.mkdtemp(prefix="regions-")
    docs = os.path.join(work, "docs")
    os.makedirs(docs)
    for name in truth:
        src = os.path.join(CORPUS, name)
        if os.path.exists(src) and not name.endswith(".pdf"):
            shutil.copy(src, docs)
    out = os.path.join(work, "out")
    subprocess.run([BIN, "scan", docs, "--out", out, "-q"], check=False, stderr=subprocess.DEVNULL)
    right = {"level": 0, "region": 0, "parent_region": 0}
    rows = list(csv.DictReader(open(os.path.join(out, "documents.csv"), encoding="utf-8-sig")))
    for row in rows:
        t = truth[os.path.basename(row["file"])]
        marks = []
        for field in right:
            ok = row[field] == t.get(field, "")
            right[field] += ok
            marks.append("ok" if ok else f"{row[field] or '-'}≠{t.get(field, '') or '-'}")
        print(f"{os.path.basename(row['file'])[:44]:44} " + "  ".join(marks))
    n = len(rows)
    print(f"{n} documents: " + ", ".join(f"{k} {v}/{n} ({v / n:.2f})" for k, v in right.items()))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
