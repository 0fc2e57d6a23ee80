#!/usr/bin/env python3
"""Build tests/fixtures/formats/two_pages_with_template.ofd, a small GB/T 33190-2016 OFD.

Shaped like the OFD files government portals publish (the member layout, namespaces and
attributes of files made by common OFD producers): OFD.xml -> Doc_0/Document.xml -> two pages,
with a header template drawn behind both, DeltaX lists written with the `g N d` repeat syntax,
a PageBlock, a CTM-scaled TextObject (object units of 1/72 inch, as some producers write), a
second TextCode continuing the first, an XML entity and spaces in the text, and a page whose
BaseLoc starts at the package root.

Standard library only; the output is byte-for-byte the same on every run.
Usage: python3 dev/ofd/make_ofd.py [OUT]
"""

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def wide(ch):
    return ord(ch) >= 0x2E80


def delta_x(text, size):
    """Advances between characters: `size` for wide characters, half for the others, runs of
    equal advances written `g N d` as producers do."""
    adv = [size if wide(c) else size / 2 for c in text[:-1]]
    out, i = [], 0
    while i < len(adv):
        j = i
        while j < len(adv) and adv[j] == adv[i]:
            j += 1
        n = j - i
        v = f"{adv[i]:g}"
        out.append(f"g {n} {v}" if n > 1 else v)
        i = j
    return " ".join(out)


def text_object(oid, x, y, size, text, extra="", code_attrs=""):
    """One line: Boundary at (x, y) mm, baseline at size mm below its top."""
    width = sum(size if wide(c) else size / 2 for c in text)
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y:g} {width:g} {size * 1.2:g}" '
        f'Font="3" Size="{size:g}"{extra}>'
        f'<ofd:TextCode X="0" Y="{size:g}" DeltaX="{delta_x(text, size)}"{code_attrs}>'
        f"{escape(text)}</ofd:TextCode></ofd:TextObject>"
    )


def page(body, template=True):
    tpl = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if template else ""
    return (
        f"{HEAD}<ofd:Page {NS}>{tpl}"
        '<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>'
        f'<ofd:Content><ofd:Layer ID="10">{body}</ofd:Layer></ofd:Content></ofd:Page>'
    )


OFD_XML = (
    f'{HEAD}<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
    "<ofd:DocID>0f0d0000000000000000000000000001</ofd:DocID>"
    "<ofd:Title>某市生态环境保护规划（样例）</ofd:Title>"
    "<ofd:Creator>crosscheck dev/ofd/make_ofd.py</ofd:Creator></ofd:DocInfo>"
    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
)

DOCUMENT_XML = (
    f"{HEAD}<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID>"
    "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
    "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
    '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml" ZOrder="Background"/>'
    "</ofd:CommonData><ofd:Pages>"
    '<ofd:Page ID="20" BaseLoc="Pages/Page_0/Content.xml"/>'
    '<ofd:Page ID="40" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/>'
    "</ofd:Pages></ofd:Document>"
)

PUBLIC_RES = (
    f'{HEAD}<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
    '<ofd:Font ID="3" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'
)

TEMPLATE = (
    f"{HEAD}<ofd:Page {NS}><ofd:Content><ofd:Layer ID=\"5\">"
    + text_object(6, 45, 15, 10, "某市人民政府办公室文件")
    + "</ofd:Layer></ofd:Content></ofd:Page>"
)

PAGE_0 = page(
    text_object(21, 51.1, 40, 7.7, "某市生态环境保护规划")
    + text_object(22, 28, 60, 5.6, "一、总体要求")
    + text_object(23, 39.2, 70, 5.6, "到2025年，全市细颗粒物浓度下降10%。")
    + '<ofd:PageBlock ID="24">'
    + text_object(25, 28, 80, 5.6, "二、主要任务")
    + "</ofd:PageBlock>"
    # Object units of 1/72 inch: Size 16 is 5.6448 mm, X/Y scaled by the CTM.
    + '<ofd:TextObject ID="26" CTM="0.3528 0 0 0.3528 0 0" Boundary="39.2 90 100 7" '
    'Font="3" Size="16"><ofd:TextCode X="0" Y="16" DeltaX="g 9 16">推进产业结构调整。</ofd:TextCode>'
    "</ofd:TextObject>"
)

PAGE_1 = page(
    text_object(41, 28, 40, 5.6, "三、保障措施")
    # Two TextCodes in one object: the second has no X, so it continues after the first.
    + '<ofd:TextObject ID="42" Boundary="39.2 50 150 7" Font="3" Size="5.6">'
    '<ofd:TextCode X="0" Y="5.6" DeltaX="g 4 5.6">加强组织</ofd:TextCode>'
    '<ofd:TextCode Y="5.6" DeltaX="g 4 5.6">领导。</ofd:TextCode></ofd:TextObject>'
    + text_object(43, 39.2, 60, 5.6, "监测 & 评估：每年一次。")
    + text_object(44, 99.2, 280, 4.9, "— 2 —")
)

MEMBERS = [
    ("OFD.xml", OFD_XML),
    ("Doc_0/Document.xml", DOCUMENT_XML),
    ("Doc_0/PublicRes.xml", PUBLIC_RES),
    ("Doc_0/Tpls/Tpl_0/Content.xml", TEMPLATE),
    ("Doc_0/Pages/Page_0/Content.xml", PAGE_0),
    ("Doc_0/Pages/Page_1/Content.xml", PAGE_1),
]


def main():
    root = Path(__file__).resolve().parents[2]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        root / "tests/fixtures/formats/two_pages_with_template.ofd")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
