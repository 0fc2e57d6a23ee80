#!/usr/bin/env python3
"""The Python reference duplicate finder of BENCHMARKS.md: datasketch MinHash LSH over character
5-grams for candidates, difflib for verification. Short on purpose: what a reviewer would write.

Usage: python3 benches/minhash_reference.py CORPUS_DIR OUT.json
Units are sentences (split at 。；！？ and line ends) merged until at least 30 characters; a pair
of units is a copy when its LSH estimate passes 0.5 and difflib's ratio is at least 0.7. Output:
a JSON list of [doc_a, byte_start_a, byte_end_a, doc_b, byte_start_b, byte_end_b].
"""
import difflib
import json
import os
import re
import sys

from datasketch import MinHash, MinHashLSH

corpus, out = sys.argv[1], sys.argv[2]
units = []  # (doc, byte_start, byte_end, text)
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".txt"):
        continue
    text = open(os.path.join(corpus, name), encoding="utf-8").read()
    start, pos, buf = 0, 0, ""
    for piece in re.split(r"(?<=[。；！？\n])", text):
        if not buf:
            start = pos
        buf += piece
        pos += len(piece.encode("utf-8"))
        if len(buf.strip()) >= 30:
            units.append((name[:-4], start, pos, buf.strip()))
            buf = ""
    if buf.strip():
        units.append((name[:-4], start, pos, buf.strip()))

lsh = MinHashLSH(threshold=0.5, num_perm=64)
hashes = []
for i, (_, _, _, t) in enumerate(units):
    m = MinHash(num_perm=64)
    m.update_batch([t[j:j + 5].encode("utf-8") for j in range(max(1, len(t) - 4))])
    lsh.insert(i, m)
    hashes.append(m)
pairs = []
for i, m in enumerate(hashes):
    for j in lsh.query(m):
        if j <= i:
            continue
        a, b = units[i], units[j]
        if difflib.SequenceMatcher(None, a[3], b[3], autojunk=False).ratio() >= 0.7:
            pairs.append([a[0], a[1], a[2], b[0], b[1], b[2]])
json.dump(pairs, open(out, "w"))
print(f"{len(units)} units, {len(pairs)} pairs", file=sys.stderr)
