#!/usr/bin/env python3
"""Build the fuzz seed corpora (fuzz/corpus/<target>/) from the repository's seeds, fixtures and
rule files. Seeds are cut into pieces of at most 4 KB at line ends so libFuzzer mutates
plan-shaped text of a workable size; the whole small fixtures go in as they are.

Usage: python3 fuzz/seed_corpus.py   (from the repository root; idempotent)
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
PIECE = 4096


def pieces(data: bytes):
    start = 0
    while start < len(data):
        end = min(start + PIECE, len(data))
        if end < len(data):
            nl = data.rfind(b"\n", start, end)
            end = nl + 1 if nl > start else end
        yield data[start:end]
        start = end


def put(target: str, data: bytes):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


texts = []
for p in sorted((ROOT / "seeds").iterdir()):
    if p.suffix != ".toml":
        texts.extend(pieces(p.read_bytes()))
for p in sorted((ROOT / "tests" / "fixtures").rglob("*")):
    if p.is_file() and p.suffix in {".txt", ".md", ".html", ".htm", ".docx", ".doc", ".wps", ".ofd"} and p.stat().st_size < 65536:
        texts.append(p.read_bytes())
for t in texts:
    put("normalize", t)
    put("segment", t)
    put("targets", t)
    for selector in range(6):
        put("decode", bytes([selector]) + t)
# Other encodings of a piece of each seed, for decoding.
for p in sorted((ROOT / "seeds").iterdir()):
    if p.suffix == ".toml":
        continue
    text = next(pieces(p.read_bytes())).decode("utf-8", "replace")
    for enc in ["gb18030", "utf-16-le", "utf-16-be", "utf-16"]:
        try:
            put("decode", bytes([0]) + text.encode(enc))
        except UnicodeEncodeError:
            pass
# Floods of one repeated line, 64 KB and 256 KB: the shape that once made segmentation and the
# target checks quadratic (issue 22); with -timeout a relapse shows as a timeout.
FLOOD_LINES = ["一、标题\n", "（一）标题\n", "1. 标题\n", "专栏1：标题\n", "| 1 | 标题 | 个 |\n",
               "2020年，企业数量达到100家。到2025年，企业数量达到200家。\n"]
for line in FLOOD_LINES:
    for size in (1 << 16, 1 << 18):
        unit = line.encode()
        data = unit * (size // len(unit))
        put("segment", data)
        put("targets", data)
        put("normalize", data)
# Index edits (5 bytes each: position, byte): none, and one.
put("index", b"")
put("index", bytes([0x40, 0x00, 0x00, 0x00, 0x7F]))
# In the order of RULE_FILES in src/rules.rs (the config target's selector byte).
RULE_FILES = ["clutter", "regions", "boilerplate", "dictionary", "stopwords", "metrics", "checks"]
rules = [ROOT / "rules" / f"{n}.toml" for n in RULE_FILES]
for i, p in enumerate(rules):
    put("config", bytes([i]) + p.read_bytes())
n = len(rules)
put("config", bytes([n]) + (ROOT / "seeds" / "manifest.toml").read_bytes())
put("config", bytes([n + 1]) + b'disable = ["CC102"]\nmin_level = "info"\nfail_level = "warning"\n[severity]\nCC201 = "warning"\n')
put("config", bytes([n + 2]) + b'{"version": 1, "fingerprints": {"0123456789abcdef": 2}}')
for t in sorted(OUT.iterdir()):
    print(f"{t.name}: {len(list(t.iterdir()))} inputs")
