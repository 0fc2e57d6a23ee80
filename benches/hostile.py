#!/usr/bin/env python3
"""Hostile and unlucky inputs, each beside a good document (issue 22).

Usage: cargo build --release && python3 benches/hostile.py [--quick] [CASE...]

Each case builds a folder under $TMPDIR holding one good document (the smallest seed) and one
bad input, runs `crosscheck` on it with a wall-clock limit, and checks what a user must get:
the run ends in bounded time and memory, exits without a panic (never 101), the good document
is still reported, the bad one gets an `error: PATH: …` line naming it, no CSV cell starts like
a formula, and no output line is a forged GitHub workflow command. It prints one row per case
(seconds, peak RSS, exit code, verdict) and exits 1 if any case fails.

`--quick` shrinks the floods (20,000 lines instead of 200,000) for CI; the full sizes are the
issue's. Peak RSS is read with wait4 on a small launcher that execs crosscheck, so it is
crosscheck's own, not this script's (a forked child starts with its parent's RSS).
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

BIN = os.path.abspath(os.environ.get("CROSSCHECK", "target/release/crosscheck"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOOD = os.path.join(ROOT, "seeds", "004_137a58ff13e322c8.txt")
LIMIT_SECONDS = 60
LIMIT_RSS_MB = 1024
QUICK = "--quick" in sys.argv
FLOOD = 20_000 if QUICK else 200_000
# At full size the floods exceed the default per-document budget: refused with an error line.
REFUSED = not QUICK
NO_BUDGET = ("--max-chars", "1000000000", "--max-sections", "1000000000", "--max-targets", "1000000000")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def run(args, cwd, timeout=LIMIT_SECONDS * 2):
    """Run crosscheck; return (exit code, seconds, peak RSS MB, stdout, stderr)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        launcher = [sys.executable, "-S", "-c", "import os,sys; os.execv(sys.argv[1], sys.argv[1:])"]
        p = subprocess.Popen(launcher + [BIN] + args, cwd=cwd, stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                status = -1
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status) if status != -1 else "timeout"
        out.seek(0)
        err.seek(0)
        return code, seconds, usage.ru_maxrss / 1024, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def folder(name):
    d = tempfile.mkdtemp(prefix=f"hostile-{name}-")
    os.makedirs(os.path.join(d, "docs"))
    shutil.copy(GOOD, os.path.join(d, "docs", "good.txt"))
    return d


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def docx(path, body_xml_chunks):
    """A minimal .docx whose word/document.xml is the concatenation of the chunks (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for chunk in body_xml_chunks:
                f.write(chunk)
            f.write(b"</w:body></w:document>")


def para(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def reports_ok(out_dir):
    """The good document is in documents.csv; no CSV cell of any report starts like a formula."""
    problems = []
    docs = os.path.join(out_dir, "documents.csv")
    if not os.path.exists(docs):
        return ["no documents.csv"]
    with open(docs, encoding="utf-8-sig") as f:
        if "good.txt" not in f.read():
            problems.append("good document not reported")
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".csv"):
            with open(os.path.join(out_dir, name), encoding="utf-8-sig", newline="") as f:
                for row in csv.reader(f):
                    for cell in row:
                        if cell.startswith(FORMULA_START) and not is_number(cell):
                            problems.append(f"{name}: formula-like cell {cell[:40]!r}")
    return problems


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def forged_commands(text):
    """Lines that a GitHub runner would take as a workflow command but crosscheck did not mean."""
    return [l for l in text.splitlines() if l.startswith(("::error file=x", "::warning::forged"))]


def forged_in_reports(out_dir):
    found = []
    for name in ("findings.txt", "findings.human.txt", "findings.github.txt"):
        p = os.path.join(out_dir, name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                found += [f"{name}: {l!r}" for l in forged_commands(f.read())]
    return found


def scan_case(name, make_bad, expect_error=None, extra=()):
    d = folder(name)
    bad = make_bad(os.path.join(d, "docs"))
    code, secs, rss, out, err = run(["scan", "docs", "--out", "reports", "-q", *extra], cwd=d)
    problems = []
    if code == "timeout" or secs > LIMIT_SECONDS:
        problems.append(f"took {secs:.0f} s")
    if rss > LIMIT_RSS_MB:
        problems.append(f"peak RSS {rss:.0f} MB")
    if code not in (0, 1, 2):
        problems.append(f"exit {code}")
    if code != "timeout":
        problems += reports_ok(os.path.join(d, "reports"))
        problems += forged_in_reports(os.path.join(d, "reports"))
    if expect_error and not any(l.startswith("error:") and expect_error in l for l in err.splitlines()):
        problems.append(f"no `error: …{expect_error}…` line on stderr")
    problems += [f"forged: {l!r}" for l in forged_commands(out + err)]
    shutil.rmtree(d, ignore_errors=True)
    return code, secs, rss, problems


def file_case(name, flag, make_bad, command="scan"):
    """A non-corpus file (manifest, config, baseline, rules, index) that is not a small regular file."""
    d = folder(name)
    bad = make_bad(d)
    if command == "scan":
        args = ["scan", "docs", "--out", "reports", "-q", flag, bad]
    elif flag == "--index":
        args = ["lint", "docs/good.txt", flag, bad]
    else:
        args = ["lint", "docs/good.txt", "--against", "docs", flag, bad]
    if flag == "--rules":
        args = args[:-2] + ["--rules", os.path.dirname(bad)]
    code, secs, rss, out, err = run(args, cwd=d, timeout=20)
    problems = []
    if code != 2:
        problems.append(f"exit {code}, wanted 2")
    if os.path.basename(bad) not in err:
        problems.append("error does not name the file")
    if rss > LIMIT_RSS_MB:
        problems.append(f"peak RSS {rss:.0f} MB")
    shutil.rmtree(d, ignore_errors=True)
    return code, secs, rss, problems


def flood(line):
    def make(docs):
        p = os.path.join(docs, "flood.txt")
        with open(p, "w", encoding="utf-8") as f:
            for i in range(FLOOD):
                f.write(line(i))
        return p
    return make


def target_flood(docs):
    p = os.path.join(docs, "targets.txt")
    n = FLOOD // 2
    with open(p, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(f"2020年，全市规上工业企业数量达到{100 + i % 50}家。到2025年，全市规上工业企业数量达到{200 + i % 50}家。\n")
    return p


def docx_headings(docs):
    p = os.path.join(docs, "headings.docx")
    docx(p, (para("一、标题") for _ in range(20_000)))
    return p


def docx_bomb(docs):
    p = os.path.join(docs, "bomb.docx")
    chunk = para("重" * 4000) * 64  # ~770 KB of XML a chunk, compresses ~1000:1
    docx(p, (chunk for _ in range(312)))  # ~240 MB inflated
    return p


def formula_names(docs):
    write(os.path.join(docs, "=cmd.txt"), "=HYPERLINK(\"http://example.invalid\",\"点击\")\n一、总体要求\n到2025年，全市规上工业企业达到100家。\n")
    write(os.path.join(docs, "@sum.txt"), "+1+1\n-2\n@SUM(A1)\n一、主要任务\n实施质量提升行动。\n")
    return None


NEWLINE_NAME = "a\n::error file=x,line=1::forged\n.txt"
# Pinyin pollution (CC101) and a copy of the good document: findings that name this file.
POLLUTED = "一、总体要求\n推进消費(fèi)品质量提升，\x1b[31m\n::warning::forged\n到2025年，全市规上工业企业达到100家。\n"


def newline_name(docs):
    with open(GOOD, encoding="utf-8") as f:
        good = f.read()
    write(os.path.join(docs, NEWLINE_NAME), POLLUTED + good)
    return None


def lint_case(name, fmt):
    """A draft whose file name holds a newline and a forged command, linted in format `fmt`."""
    d = folder(name)
    newline_name(os.path.join(d, "docs"))
    code, secs, rss, out, err = run(["lint", os.path.join("docs", NEWLINE_NAME), "--against", "docs", "--format", fmt], cwd=d)
    problems = [f"forged: {l!r}" for l in forged_commands(out + err)]
    if code not in (0, 1):
        problems.append(f"exit {code}")
    if "CC101" not in out:
        problems.append("no CC101 finding printed (the case tests nothing)")
    shutil.rmtree(d, ignore_errors=True)
    return code, secs, rss, problems


def fifo(d):
    p = os.path.join(d, "pipe.toml")
    os.mkfifo(p)
    return p


def dev_zero_link(d):
    p = os.path.join(d, "zero.toml")
    os.symlink("/dev/zero", p)
    return p


def rules_link(d):
    rules = os.path.join(d, "myrules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    os.remove(os.path.join(rules, "checks.toml"))
    os.symlink("/dev/zero", os.path.join(rules, "checks.toml"))
    return os.path.join(rules, "checks.toml")


def huge_file(d):
    p = os.path.join(d, "huge.toml")
    with open(p, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    return p


CASES = {
    "heading-flood 一、": lambda: scan_case("h1", flood(lambda i: "一、标题\n"), expect_error=REFUSED and "flood.txt"),
    "heading-flood （一）": lambda: scan_case("h2", flood(lambda i: "（一）标题\n"), expect_error=REFUSED and "flood.txt"),
    "heading-flood 1.": lambda: scan_case("h3", flood(lambda i: "1. 标题\n"), expect_error=REFUSED and "flood.txt"),
    "box-flood 专栏1": lambda: scan_case("h4", flood(lambda i: "专栏1：标题\n"), expect_error=REFUSED and "flood.txt"),
    "table-row-flood": lambda: scan_case("h5", flood(lambda i: "| 1 | 标题 | 个 |\n"), expect_error=REFUSED and "flood.txt"),
    # The same floods processed in full (the budget raised out of the way): the stages
    # themselves must stay linear, not only the budget stop them.
    "heading-flood 一、, no budget": lambda: scan_case("u1", flood(lambda i: "一、标题\n"), extra=NO_BUDGET),
    "heading-flood 1., no budget": lambda: scan_case("u2", flood(lambda i: "1. 标题\n"), extra=NO_BUDGET),
    "table-row-flood, no budget": lambda: scan_case("u3", flood(lambda i: "| 1 | 标题 | 个 |\n"), extra=NO_BUDGET),
    "target-flood, no budget": lambda: scan_case("u4", target_flood, extra=NO_BUDGET),
    # Every line a table title (…表) or a 序号 header: each starts a one-cell-per-line table
    # probe that reads on to the end; a per-document probe budget keeps it linear.
    "table-title-flood, no budget": lambda: scan_case("u5", flood(lambda i: "指标表\n"), extra=NO_BUDGET),
    "序号-flood, no budget": lambda: scan_case("u6", flood(lambda i: "序号\n"), extra=NO_BUDGET),
    "docx 20,000 headings": lambda: scan_case("h6", docx_headings),
    "target-flood": lambda: scan_case("t1", target_flood, expect_error=REFUSED and "targets.txt"),
    "docx bomb 240 MB": lambda: scan_case("z1", docx_bomb, expect_error="bomb.docx"),
    "formula names": lambda: scan_case("c1", formula_names),
    "newline in a name": lambda: scan_case("n1", newline_name, extra=("--format", "csv,json,html,line,human,github")),
    "lint human, newline in a name": lambda: lint_case("n2", "human"),
    "lint line, newline in a name": lambda: lint_case("n3", "line"),
    "lint github, newline in a name": lambda: lint_case("n4", "github"),
    "--manifest FIFO": lambda: file_case("m1", "--manifest", fifo),
    "--manifest /dev/zero": lambda: file_case("m2", "--manifest", dev_zero_link),
    "--manifest 200 MB": lambda: file_case("m3", "--manifest", huge_file),
    "--rules checks.toml → /dev/zero": lambda: file_case("r1", "--rules", rules_link),
    "--config FIFO": lambda: file_case("g1", "--config", fifo, command="lint"),
    "--config /dev/zero": lambda: file_case("g2", "--config", dev_zero_link, command="lint"),
    "--baseline FIFO": lambda: file_case("b1", "--baseline", fifo, command="lint"),
    "--baseline /dev/zero": lambda: file_case("b2", "--baseline", dev_zero_link, command="lint"),
    "--index /dev/zero": lambda: file_case("i1", "--index", dev_zero_link, command="lint"),
    "--index FIFO": lambda: file_case("i2", "--index", fifo, command="lint"),
}


def main():
    wanted = [a for a in sys.argv[1:] if not a.startswith("--")]
    failed = 0
    print(f"{'case':34} {'s':>7} {'RSS MB':>7} {'exit':>7}  verdict")
    for name, case in CASES.items():
        if wanted and not any(w in name for w in wanted):
            continue
        code, secs, rss, problems = case()
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems[:4])
        failed += bool(problems)
        print(f"{name:34} {secs:7.2f} {rss:7.0f} {str(code):>7}  {verdict}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
