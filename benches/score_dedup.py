#!/usr/bin/env python3
"""Score duplicates.csv against a generated corpus's answers.csv (from gen-corpus).

Usage: python3 benches/score_dedup.py CORPUS_DIR REPORT_DIR [--show N]
An injected copy counts as found when one non-boilerplate pair covers at least half of the
source span and half of the copy span; precision is the share of non-boilerplate pairs that
match an injected copy.
"""
import csv
import sys


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def main():
    corpus, report = sys.argv[1], sys.argv[2]
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    answers = list(csv.DictReader(open(f"{corpus}/answers.csv", encoding="utf-8")))
    found = [r for r in csv.DictReader(open(f"{report}/duplicates.csv", encoding="utf-8"))
             if r["kind"] != "boilerplate"]
    by_pair = {}
    for r in found:
        by_pair.setdefault((r["doc_a"], r["doc_b"]), []).append(r)
        if r["doc_a"] != r["doc_b"]:
            by_pair.setdefault((r["doc_b"], r["doc_a"]), []).append(r)

    def hit(a, r):
        s0, s1 = int(a["source_start"]), int(a["source_end"])
        c0, c1 = int(a["copy_start"]), int(a["copy_end"])
        for x, y in (("a", "b"), ("b", "a")):
            if r["doc_" + x] == a["source_doc"] and r["doc_" + y] == a["copy_doc"]:
                if (overlap(s0, s1, int(r["byte_start_" + x]), int(r["byte_end_" + x])) * 2 >= s1 - s0
                        and overlap(c0, c1, int(r["byte_start_" + y]), int(r["byte_end_" + y])) * 2 >= c1 - c0):
                    return True
        return False

    missed = [a for a in answers if not any(hit(a, r) for r in by_pair.get((a["source_doc"], a["copy_doc"]), []))]
    wrong = [r for r in found
             if not any(hit(a, r) for a in answers
                        if {a["source_doc"], a["copy_doc"]} == {r["doc_a"], r["doc_b"]})]
    recall = 1 - len(missed) / max(1, len(answers))
    precision = 1 - len(wrong) / max(1, len(found))
    print(f"injected {len(answers)}  found {len(found)}  recall {recall:.4f}  precision {precision:.4f}")
    for a in missed[:show]:
        src = open(f"{corpus}/{a['source_doc']}.txt", "rb").read()[int(a["source_start"]):int(a["source_end"])]
        cp = open(f"{corpus}/{a['copy_doc']}.txt", "rb").read()[int(a["copy_start"]):int(a["copy_end"])]
        print("MISSED", a["mutations"], src.decode()[:60], "|", cp.decode()[:60])
    for r in wrong[:show]:
        print("UNMATCHED", r["doc_a"], r["section_a"], r["text_a"][:40], "|", r["doc_b"], r["section_b"], r["text_b"][:40])


if __name__ == "__main__":
    main()
