#!/usr/bin/env bash
# Makes tests/fixtures/formats/plan_libreoffice.doc (and its .wps copy) for the .doc reader's
# tests: a short plan-shaped document written here as flat ODT (headings 一、（一）, a 2025
# target, a 3×3 table with an empty cell, a page-number field, a hyperlink, a tab, a line
# break), converted by LibreOffice to Word 97–2003. Needs `soffice` (Debian:
# libreoffice-writer-nogui). Run from the repository root: bash dev/doc/make_fixture.sh
set -euo pipefail
out=tests/fixtures/formats
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/plan_libreoffice.fodt" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:xlink="http://www.w3.org/1999/xlink"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body>
  <office:text>
   <text:h text:outline-level="1">某市“十四五”数字经济发展规划</text:h>
   <text:p>一、总体要求</text:p>
   <text:p>（一）发展目标。到2025年，数字经济核心产业增加值占地区生产总值比重达到10%以上。</text:p>
   <text:p>第<text:page-number text:select-page="current">1</text:page-number>页<text:tab/>详见<text:a xlink:type="simple" xlink:href="https://www.example.gov.cn/plan">规划全文</text:a>。</text:p>
   <text:p>第一行<text:line-break/>第二行</text:p>
   <table:table table:name="指标表">
    <table:table-column table:number-columns-repeated="3"/>
    <table:table-row>
     <table:table-cell><text:p>序号</text:p></table:table-cell>
     <table:table-cell><text:p>指标</text:p></table:table-cell>
     <table:table-cell><text:p>目标值</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell><text:p>1</text:p></table:table-cell>
     <table:table-cell><text:p>5G基站数量</text:p></table:table-cell>
     <table:table-cell><text:p>1.2万个</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell><text:p>2</text:p></table:table-cell>
     <table:table-cell><text:p>两段的</text:p><text:p>指标</text:p></table:table-cell>
     <table:table-cell/>
    </table:table-row>
   </table:table>
   <text:p>二、保障措施</text:p>
  </office:text>
 </office:body>
</office:document>
XML
soffice --headless --convert-to 'doc:MS Word 97' --outdir "$work" "$work/plan_libreoffice.fodt" >/dev/null
soffice --headless --convert-to docx --outdir "$work" "$work/plan_libreoffice.fodt" >/dev/null
cp "$work/plan_libreoffice.doc" "$out/plan_libreoffice.doc"
# The same bytes under .wps: WPS Office saves its .wps in this very format.
cp "$work/plan_libreoffice.doc" "$out/plan_libreoffice.wps"
# The .docx of the same document: the .doc reader must give what the .docx reader gives.
cp "$work/plan_libreoffice.docx" "$out/plan_libreoffice.docx"
