#!/usr/bin/env python3
"""Structure against the hand-built gold of tests/gold/structure/ (issue 17): headings by kind,
第X条 articles, 专栏 boxes and tables, recall and precision per split (tune / holdout).

Usage: cargo build --release && python3 benches/structure_gold.py [CORPUS_DEV]

CORPUS_DEV defaults to ../shared/corpus-dev (the development corpus, not in the repository);
without it the script says so and exits 0. Each gold file names a document of that corpus, its
split, and every heading (line, depth, marker, exact text), box and table a reader finds in it
(tests/gold/structure/README.md says how it was read). The script runs `crosscheck inspect
--json` on each text document and matches by line:
- a gold heading is found when a heading section starts on its line (any style); a heading
  section on a line no gold heading, box or table names is a false one;
- articles: the 第X条 headings found, against the gold's count;
- a box is found when a box section starts within two lines of it, a table when a table
  section starts from four lines above it (its caption and a unit note) to two below.
PDF gold names places as `pN:M` (page N, line M of pypdfium2's own line splits, which need not
be crosscheck's), so on PDFs a gold heading is found when a heading section on page N has a
title that starts as the gold text does (first 6 characters, radicals NFKC-folded); boxes and
tables when one starts on page N.
"""
import unicodedata
import collections
import json
import os
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "crosscheck")
GOLD = os.path.join(ROOT, "tests", "gold", "structure")
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus-dev")


def heading_class(marker):
    """The shape a gold heading stands for."""
    if marker.startswith("第") and marker.endswith("条"):
        return "第X条 article"
    if marker.startswith("第") and marker[-1:] in "篇章节":
        return "篇/章/节"
    if marker.startswith("#"):
        return "markdown #"
    if marker == "":
        return "unnumbered"
    return "一、/（一）/1."


def sections_of(path):
    out = subprocess.run([BIN, "inspect", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)["sections"]


def count_roles(table, item, split, found, total):
    """Column roles of a found table against the gold's, column by column (when the gold has
    them and the widths agree; otherwise every gold column counts as missed)."""
    gold = item.get("roles")
    if not gold:
        return
    got = table.get("roles", "").split(" | ") if table.get("roles") else []
    total[(split, "column roles right")] += len(gold)
    if len(got) == len(gold):
        found[(split, "column roles right")] += sum(a == b for a, b in zip(got, gold))


def key(text):
    """First 6 characters a heading is known by, radicals folded, spaces and punctuation out."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(c for c in folded if c.isalnum())[:6]


def page_of(place):
    return int(place.split(":")[0][1:])


def measure_pdf(secs, split, headings, boxes, tables, found, total, predicted, false):
    heads = [s for s in secs if s["kind"] == "heading"]
    gold_keys = set()
    for h in headings:
        if h.get("depth", 1) == 0:
            continue  # title lines: no heading section stands for them
        cls = heading_class(h.get("marker_nfkc", h.get("marker", "")))
        total[(split, cls)] += 1
        want = (page_of(h["place"]), key(h["text"]))
        gold_keys.add(want)
        found[(split, cls)] += any((s["page"], key(s["title"])) == want for s in heads)
    for kind, items, cls in (("box", boxes, "专栏 box"), ("table", tables, "table")):
        for item in items:
            if "place" not in item:
                continue
            total[(split, cls)] += 1
            page = page_of(item["place"])
            hit = [s for s in secs if s["kind"] == kind and s["page"] == page]
            found[(split, cls)] += bool(hit)
            if kind == "table" and hit and "rows" in item:
                rows = [s for s in secs if s["parent_id"] == hit[0]["section_id"] and s["kind"] == "table_row"]
                total[(split, "table rows right")] += 1
                found[(split, "table rows right")] += len(rows) == item["rows"]
                widths = {len(r["cells"].split(" | ")) for r in rows}
                total[(split, "table cols right")] += 1
                found[(split, "table cols right")] += widths == {item.get("columns")}
                count_roles(hit[0], item, split, found, total)
            caption_page = page_of(item.get("caption_place", item["place"]))
            gold_keys.add((caption_page, key(item.get("caption", ""))))
    predicted[split] += len(heads)
    false[split] += sum(1 for s in heads if (s["page"], key(s["title"])) not in gold_keys)


def main():
    if not os.path.isdir(CORPUS):
        print(f"no development corpus at {CORPUS}: nothing to measure")
        return 0
    found = collections.Counter()
    total = collections.Counter()
    false_headings = collections.Counter()
    predicted_headings = collections.Counter()
    articles = collections.Counter()
    gold_articles = collections.Counter()
    for name in sorted(os.listdir(GOLD)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(GOLD, name), "rb") as f:
            gold = tomllib.load(f)
        split = gold["split"]
        path = os.path.join(CORPUS, gold["file"])
        if not os.path.exists(path):
            path = os.path.join(CORPUS, "pdf", os.path.basename(gold["file"]))
        secs = sections_of(path)
        headings = gold.get("heading", [])
        boxes = gold.get("box", [])
        tables = gold.get("table", [])
        gold_articles[split] += gold.get("articles", 0)
        if secs is None:
            for h in headings:
                total[(split, heading_class(h.get("marker", "")))] += 1
            total[(split, "专栏 box")] += len(boxes)
            total[(split, "table")] += len(tables)
            continue
        if path.endswith(".pdf"):
            measure_pdf(secs, split, headings, boxes, tables, found, total,
                        predicted_headings, false_headings)
            articles[split] += sum(1 for s in secs if s.get("style") == "article")
            continue
        starts = collections.defaultdict(set)
        for s in secs:
            starts[s["kind"]].add(s["line_start"])
        heading_lines = starts["heading"]
        gold_lines = set()
        for h in headings:
            if "line" not in h:
                continue
            cls = heading_class(h.get("marker", ""))
            total[(split, cls)] += 1
            gold_lines.add(h["line"])
            found[(split, cls)] += h["line"] in heading_lines
        for kind, items, cls in (("box", boxes, "专栏 box"), ("table", tables, "table")):
            for item in items:
                if "line" not in item:
                    continue
                total[(split, cls)] += 1
                gold_lines.add(item["line"])
                # A table section starts at its caption, which may sit up to four lines above
                # the gold's first row (a caption, then a unit note such as `面积单位：亩`).
                lo, hi = (4, 2) if kind == "table" else (2, 2)
                hit = [s for s in secs if s["kind"] == kind and -lo <= s["line_start"] - item["line"] <= hi]
                found[(split, cls)] += bool(hit)
                if kind == "table" and hit:
                    # Rows and columns of a found table: its row sections and their cells.
                    rows = [s for s in secs if s["parent_id"] == hit[0]["section_id"] and s["kind"] == "table_row"]
                    total[(split, "table rows right")] += 1
                    found[(split, "table rows right")] += len(rows) == item.get("rows")
                    widths = {len(r["cells"].split(" | ")) for r in rows}
                    total[(split, "table cols right")] += 1
                    found[(split, "table cols right")] += widths == {item.get("columns")}
                    count_roles(hit[0], item, split, found, total)
        predicted_headings[split] += len(heading_lines)
        false_headings[split] += len(heading_lines - gold_lines)
        articles[split] += sum(1 for s in secs if s.get("style") == "article")
    print(f"{'split':8} {'shape':16} {'found':>6} {'gold':>6} {'recall':>7}")
    for split in ("tune", "holdout"):
        for (sp, cls), n in sorted(total.items()):
            if sp == split:
                k = found[(sp, cls)]
                print(f"{split:8} {cls:16} {k:6} {n:6} {k / n:7.3f}")
        p = predicted_headings[split]
        if p:
            print(f"{split:8} {'heading precision':16} {p - false_headings[split]:6} {p:6} "
                  f"{(p - false_headings[split]) / p:7.3f}")
        print(f"{split:8} {'第X条 count':16} {articles[split]:6} {gold_articles[split]:6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
