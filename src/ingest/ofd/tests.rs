//! Tests of the `.ofd` reader, each named after a problem real files have.

use super::*;

const FIXTURE: &[u8] =
    include_bytes!("../../../tests/fixtures/formats/two_pages_with_template.ofd");

/// A zip of `members`, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const OFD_XML: &str = r#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
const DOCUMENT_XML: &str = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">
    <ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    </ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>
    </ofd:Pages></ofd:Document>"#;

/// A one-page `.ofd` whose page's `Content.xml` is `content`.
fn one_page(content: &str) -> Vec<u8> {
    zip_of(&[
        ("OFD.xml", OFD_XML.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT_XML.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", content.as_bytes()),
    ])
}

/// A page whose layer holds `objects`.
fn page_with(objects: &str) -> String {
    format!(
        r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

fn text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.ch).collect()
}

fn glyph(page: &Page, ch: char) -> Glyph {
    *page
        .glyphs
        .iter()
        .find(|g| g.ch == ch)
        .expect("the character is drawn")
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn the_header_template_then_the_page_text_come_out_in_reading_order() {
    let pages = pages(FIXTURE).unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        text(&pages[0]),
        "某市人民政府办公室文件某市生态环境保护规划一、总体要求\
         到2025年，全市细颗粒物浓度下降10%。二、主要任务推进产业结构调整。"
    );
    // The second page's BaseLoc starts at the package root; its text keeps the space and
    // the unescaped entity, and its template header is drawn too.
    assert_eq!(
        text(&pages[1]),
        "某市人民政府办公室文件三、保障措施加强组织领导。监测 & 评估：每年一次。— 2 —"
    );
}

#[test]
fn positions_are_points_from_the_top_left_with_y_downward() {
    let pages = pages(FIXTURE).unwrap();
    let page = &pages[0];
    assert!(near(page.width, 595.2756) && near(page.height, 841.8898));
    let header = glyph(page, '办');
    let title = glyph(page, '护');
    let first = glyph(page, '总');
    let second = glyph(page, '到');
    assert!(header.top < title.top && title.top < first.top && first.top < second.top);
    // 到 is at 39.2 mm from the left; its baseline is at 75.6 mm, 5.6 mm type.
    assert!(near(second.left, 39.2 * PT_PER_MM), "{second:?}");
    assert!(near(second.right, (39.2 + 5.6) * PT_PER_MM), "{second:?}");
    assert!(
        near(second.top, (75.6 - 5.6 * ASCENT) * PT_PER_MM),
        "{second:?}"
    );
    assert!(
        near(second.bottom, (75.6 + 5.6 * DESCENT) * PT_PER_MM),
        "{second:?}"
    );
}

#[test]
fn the_g_repeat_syntax_of_delta_x_places_each_character() {
    let mut d = Deltas::parse("5.6 g 4 2.8 g 2 5.6").unwrap();
    let got: Vec<f32> = std::iter::from_fn(|| d.next()).collect();
    assert_eq!(got, [5.6, 2.8, 2.8, 2.8, 2.8, 5.6, 5.6]);
    assert!(Deltas::parse("g 3").is_none() && Deltas::parse("g x 1").is_none());
    assert!(Deltas::parse("g -1 2").is_none() && Deltas::parse("1 NaN").is_none());
    // In the fixture, 到2025年 is written `5.6 g 4 2.8 …`: 年 starts 5.6 + 4 × 2.8 mm in.
    let pages = pages(FIXTURE).unwrap();
    let year = glyph(&pages[0], '年');
    assert!(
        near(year.left, (39.2 + 5.6 + 4.0 * 2.8) * PT_PER_MM),
        "{year:?}"
    );
}

#[test]
fn a_huge_g_repeat_count_costs_nothing() {
    let page = page_with(
        r#"<ofd:TextObject Boundary="10 10 100 10" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 18446744073709551615 5">长长</ofd:TextCode></ofd:TextObject>"#,
    );
    let pages = pages(&one_page(&page)).unwrap();
    assert_eq!(text(&pages[0]), "长长");
}

#[test]
fn a_ctm_scaled_text_object_is_drawn_inside_its_boundary() {
    let pages = pages(FIXTURE).unwrap();
    let g = glyph(&pages[0], '推');
    let mm = PT_PER_MM;
    assert!(near(g.left, 39.2 * mm), "{g:?}");
    // 16 object units × 0.3528 = 5.6448 mm wide, baseline 5.6448 mm below the top at 90 mm.
    assert!(near(g.right, (39.2 + 16.0 * 0.3528) * mm), "{g:?}");
    assert!(g.top > 90.0 * mm && g.bottom < 97.0 * mm, "{g:?}");
}

#[test]
fn a_text_code_without_x_continues_after_the_previous_one() {
    let pages = pages(FIXTURE).unwrap();
    let g = glyph(&pages[1], '领');
    assert!(near(g.left, (39.2 + 4.0 * 5.6) * PT_PER_MM), "{g:?}");
    assert!(near(g.top, glyph(&pages[1], '加').top), "{g:?}");
}

#[test]
fn a_scanned_ofd_with_only_images_has_pages_without_glyphs() {
    let page = page_with(
        r#"<ofd:ImageObject ID="2" ResourceID="3" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>"#,
    );
    let pages = pages(&one_page(&page)).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].glyphs.is_empty());
}

#[test]
fn a_zip_without_ofd_xml_is_refused_naming_ofd_xml() {
    let bytes = zip_of(&[("Doc_0/Document.xml", DOCUMENT_XML.as_bytes())]);
    let err = pages(&bytes).unwrap_err();
    assert!(err.contains("no OFD.xml inside"), "{err}");
}

#[test]
fn a_missing_or_malformed_member_is_refused_naming_it() {
    let cases = [
        (
            page_with("<ofd:TextObject></ofd:Layer>"),
            "expected `</ofd:TextObject>`",
        ),
        (
            "<ofd:Page><ofd:Content><ofd:Layer>".to_owned(),
            "ends inside",
        ),
        (
            page_with(r#"<ofd:TextObject Boundary="1 2 3"/>"#),
            "Boundary \"1 2 3\"",
        ),
        (
            page_with(r#"<ofd:TextObject Size="1e39"/>"#),
            "Size \"1e39\"",
        ),
        (page_with("<a>&unknown;</a>"), "bad text"),
    ];
    for (content, why) in cases {
        let err = pages(&one_page(&content)).unwrap_err();
        assert!(
            err.contains("Doc_0/Pages/Page_0/Content.xml is malformed"),
            "{err}"
        );
        assert!(err.contains(why), "{why}: {err}");
    }
    let no_page = zip_of(&[
        ("OFD.xml", OFD_XML.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT_XML.as_bytes()),
    ]);
    let err = pages(&no_page).unwrap_err();
    assert!(
        err.contains("Doc_0/Pages/Page_0/Content.xml (page 1 of"),
        "{err}"
    );
    let no_doc = zip_of(&[("OFD.xml", OFD_XML.as_bytes())]);
    let err = pages(&no_doc).unwrap_err();
    assert!(
        err.contains("Doc_0/Document.xml, the document OFD.xml names"),
        "{err}"
    );
}

#[test]
fn more_pages_than_the_cap_are_refused() {
    let entries = r#"<ofd:Page BaseLoc="p.xml"/>"#.repeat(MAX_PAGES + 1);
    let doc = format!("<ofd:Document><ofd:Pages>{entries}</ofd:Pages></ofd:Document>");
    let bytes = zip_of(&[
        ("OFD.xml", OFD_XML.as_bytes()),
        ("Doc_0/Document.xml", doc.as_bytes()),
    ]);
    let err = pages(&bytes).unwrap_err();
    assert!(err.contains("more than 20000 pages"), "{err}");
}

/// A page whose central directory says its `Content.xml` is tiny while it inflates past the
/// cap: the cap holds on the bytes read, not on the size the zip declares.
#[test]
fn a_zip_bomb_page_is_stopped_at_the_cap() {
    let bytes = crate::ingest::zipped::lying_bomb(
        &[("OFD.xml", OFD_XML), ("Doc_0/Document.xml", DOCUMENT_XML)],
        "Doc_0/Pages/Page_0/Content.xml",
        "<ofd:PageBlock>重重重重</ofd:PageBlock>",
    );
    let err = pages(&bytes).unwrap_err();
    assert!(err.contains("Content.xml unpacks to more than"), "{err}");
}

#[test]
fn garbage_bytes_are_an_error_not_a_panic() {
    for bytes in [&b""[..], b"PK\x03\x04", b"%PDF-1.7\n", &[0xff; 300]] {
        assert!(pages(bytes).is_err());
    }
    // Every prefix of a real file, and the file with each byte flipped in turn: an answer,
    // never a panic.
    for n in 0..FIXTURE.len() {
        let _ = pages(&FIXTURE[..n]);
        let mut flipped = FIXTURE.to_vec();
        flipped[n] ^= 0x5a;
        let _ = pages(&flipped);
    }
}

#[test]
fn paths_resolve_against_the_document_folder_or_the_package_root() {
    assert_eq!(
        resolve("Doc_0", "Pages/Page_0/Content.xml"),
        "Doc_0/Pages/Page_0/Content.xml"
    );
    assert_eq!(resolve("Doc_0", "/Doc_0/Tpls/T.xml"), "Doc_0/Tpls/T.xml");
    assert_eq!(resolve("Doc_0", "..\\Res\\./a.xml"), "Res/a.xml");
    assert_eq!(resolve("", "../../x"), "x");
}

#[test]
fn a_member_named_with_backslashes_or_other_case_is_found() {
    let page = page_with(
        r#"<ofd:TextObject Boundary="10 10 100 10" Size="5"><ofd:TextCode X="0" Y="5">页</ofd:TextCode></ofd:TextObject>"#,
    );
    let bytes = zip_of(&[
        ("OFD.xml", OFD_XML.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT_XML.as_bytes()),
        ("Doc_0\\Pages\\PAGE_0\\Content.xml", page.as_bytes()),
    ]);
    assert_eq!(text(&pages(&bytes).unwrap()[0]), "页");
}

/// A table drawn with borders, as OFD writers draw them: each border a thin `PathObject`.
/// The borders become rules, and the page layout reads the cells by them.
#[test]
fn a_ruled_table_reads_by_its_path_borders() {
    // Columns at x = 20, 60, 100 mm; rows at y = 30, 40, 50 mm; lines 0.2 mm wide.
    let mut objects = String::new();
    for y in [30.0, 40.0, 50.0] {
        objects.push_str(&format!(
            r#"<ofd:PathObject ID="h{y}" Boundary="20 {y} 80 0.2"><ofd:AbbreviatedData>M 0 0 L 80 0</ofd:AbbreviatedData></ofd:PathObject>"#
        ));
    }
    for x in [20.0, 60.0, 100.0] {
        objects.push_str(&format!(
            r#"<ofd:PathObject ID="v{x}" Boundary="{x} 30 0.2 20"><ofd:AbbreviatedData>M 0 0 L 0 20</ofd:AbbreviatedData></ofd:PathObject>"#
        ));
    }
    for (x, y, t) in [
        (22.0, 36.0, "指标"),
        (62.0, 36.0, "目标值"),
        (22.0, 46.0, "公园数量"),
        (62.0, 46.0, "120"),
    ] {
        objects.push_str(&format!(
            r#"<ofd:TextObject ID="t" Boundary="{x} {} 36 6" Size="3.5"><ofd:TextCode X="0" Y="4">{t}</ofd:TextCode></ofd:TextObject>"#,
            y - 4.0
        ));
    }
    let pages = pages(&one_page(&page_with(&objects))).unwrap();
    assert_eq!(pages[0].rules.len(), 6, "{:?}", pages[0].rules);
    let read = crate::ingest::paged::assemble(&pages);
    assert_eq!(read.content.text, "指标 | 目标值 |\n公园数量 | 120 |\n");
}
