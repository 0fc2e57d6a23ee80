#!/usr/bin/env python3
"""Print a plain-text plan to PDF with headless Chromium, as a portal's "print to PDF" would.

Usage: python3 dev/pdf/make_fixture.py SOURCE.txt OUT.pdf
       python3 dev/pdf/make_fixture.py PAGE.html OUT.pdf     (an HTML page printed as it is)

Each line of the text becomes a paragraph with a two-character first-line indent (how Chinese
plans are set); Chromium's own running header (date, title) and footer (file URL, `1/5` page
numbers) are kept on purpose: the reader must leave them out. Needs Debian's `chromium` and a
CJK font (`fonts-noto-cjk`). Made tests/fixtures/formats/pdf-print-of-seed-002.pdf from
seeds/002_d737fd697cccd43c.txt, and tests/fixtures/formats/pdf-ruled-table-rowspan-wrapped.pdf
from dev/pdf/ruled_table.html (a bordered indicator table: a category cell spanning two rows, a
metric name that wraps).
"""
import html
import os
import subprocess
import sys
import tempfile


def main():
    src, out = sys.argv[1], os.path.abspath(sys.argv[2])
    if src.endswith(".html"):
        print_page(os.path.abspath(src), out, header_footer=False)
        return
    with open(src, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip()]
    body = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines)
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>浙江省经信系统2021年工作要点</title>
<style>body{{font-family:"Noto Serif CJK SC",serif;font-size:15px;line-height:1.6}}
p{{text-indent:2em;margin:0 0 .2em 0;text-align:justify}}</style></head>
<body>{body}</body></html>"""
    with tempfile.TemporaryDirectory() as tmp:
        page_path = os.path.join(tmp, "plan.html")
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(page)
        print_page(page_path, out, header_footer=True)


def print_page(page_path, out, header_footer):
    with tempfile.TemporaryDirectory() as tmp:
        flags = [] if header_footer else ["--no-pdf-header-footer"]
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-first-run", *flags,
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page_path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
