//! Tests of the `.doc` reader: fixtures made by LibreOffice and by Microsoft Word, and small
//! compound files built here, byte by byte, for what the fixtures do not hold.

use super::*;
use std::io::Write;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).expect("fixture")
}

/// A compound file holding the named streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        cfb.create_stream(name).unwrap().write_all(data).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

/// Where the text starts in a built `WordDocument` stream (after a 1,024-byte FIB).
const TEXT_AT: u32 = 1024;

/// A minimal Word 97 `WordDocument` + `1Table`: one piece holding `text` (8-bit cp1252 when
/// `compressed`, else UTF-16LE), no paragraph properties.
struct Built {
    word: Vec<u8>,
    table: Vec<u8>,
}

impl Built {
    fn new(text: &[u8], compressed: bool) -> Built {
        let ccp = if compressed {
            text.len()
        } else {
            text.len() / 2
        } as u32;
        let mut word = vec![0u8; TEXT_AT as usize];
        word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        word[2..4].copy_from_slice(&0xC1u16.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes()); // fWhichTblStm: 1Table
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        word[62..64].copy_from_slice(&22u16.to_le_bytes());
        word[76..80].copy_from_slice(&ccp.to_le_bytes());
        word[152..154].copy_from_slice(&0x5Du16.to_le_bytes());
        word.extend_from_slice(text);
        let fc = if compressed {
            (TEXT_AT * 2) | 0x4000_0000
        } else {
            TEXT_AT
        };
        let mut table = vec![0x02];
        table.extend_from_slice(&16u32.to_le_bytes());
        table.extend_from_slice(&0u32.to_le_bytes());
        table.extend_from_slice(&ccp.to_le_bytes());
        table.extend_from_slice(&[0, 0]);
        table.extend_from_slice(&fc.to_le_bytes());
        table.extend_from_slice(&[0, 0]);
        let mut built = Built { word, table };
        built.set_clx(0, 21);
        built
    }

    fn utf16(text: &str) -> Built {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        Built::new(&bytes, false)
    }

    fn set_clx(&mut self, fc: u32, lcb: u32) {
        self.word[418..422].copy_from_slice(&fc.to_le_bytes());
        self.word[422..426].copy_from_slice(&lcb.to_le_bytes());
    }

    fn file(&self) -> Vec<u8> {
        compound(&[("/WordDocument", &self.word), ("/1Table", &self.table)])
    }

    fn extract(&self) -> Result<String, String> {
        extract(&self.file())
    }
}

#[test]
fn the_libreoffice_plan_reads_as_its_docx_does() {
    let doc = extract(&fixture("plan_libreoffice.doc")).unwrap();
    let docx = super::super::docx::extract(&fixture("plan_libreoffice.docx")).unwrap();
    assert_eq!(doc, docx);
    assert!(
        doc.starts_with("某市“十四五”数字经济发展规划\n一、总体要求\n（一）发展目标。到2025年，")
    );
    assert!(doc.contains("\n第一行\n第二行\n"), "{doc}");
    assert!(doc.ends_with("\n二、保障措施\n"), "{doc}");
}

#[test]
fn table_rows_come_out_as_cell_bar_lines_with_empty_cells_kept() {
    let doc = extract(&fixture("plan_libreoffice.doc")).unwrap();
    assert!(
        doc.contains("\n序号 | 指标 | 目标值 |\n1 | 5G基站数量 | 1.2万个 |\n2 | 两段的 指标 | |\n"),
        "{doc}"
    );
}

#[test]
fn field_codes_are_dropped_and_results_kept() {
    let doc = extract(&fixture("plan_libreoffice.doc")).unwrap();
    assert!(doc.contains("\n第1页\t详见规划全文。\n"), "{doc}");
    assert!(!doc.contains("PAGE") && !doc.contains("HYPERLINK"), "{doc}");
    let nested = Built::utf16(
        "甲\u{13} IF \u{13} PAGE \u{14}1\u{15} = 1 \u{14}是\u{15}乙\u{13} SEQ \u{15}丙\r",
    );
    assert_eq!(nested.extract().unwrap(), "甲是乙丙\n");
}

#[test]
fn a_wps_in_the_word_format_reads_like_the_doc() {
    let wps = extract(&fixture("plan_libreoffice.wps")).unwrap();
    assert_eq!(wps, extract(&fixture("plan_libreoffice.doc")).unwrap());
}

/// A real government form saved by Microsoft Word: three pieces, tables with empty and merged
/// cells, section breaks.
#[test]
fn a_word_saved_government_form_reads_with_its_tables() {
    let doc = extract(&fixture("gjj_transfer_forms_word.doc")).unwrap();
    assert!(
        doc.starts_with(
            "附件1\n住房公积金异地转移接续申请表\n申请职工姓名 | | 有效身份证件 | 类型 | |\n"
        ),
        "{doc}"
    );
    assert!(
        doc.contains(
            "\n序号 | 姓名 | 有效身份证件号码 （非身份证的请注明证件类型） | 签字 |\n1 | | | |\n"
        ),
        "{doc}"
    );
    // The section break after 附件1's note ends its line; 附件2 starts the next.
    assert!(doc.contains("及时通知资金入账情况。\n附件2\n"), "{doc}");
    assert!(
        doc.contains("\n缴至月份之前6个月是否连续缴存 | □是    □否 |\n"),
        "{doc}"
    );
}

#[test]
fn compressed_pieces_decode_as_cp1252() {
    let built = Built::new(b"Caf\xe9 \x93plan\x94 \x96 2025\rnext\x0bline\r", true);
    assert_eq!(built.extract().unwrap(), "Café “plan” – 2025\nnext\nline\n");
}

#[test]
fn special_characters_are_mapped_or_dropped() {
    let built = Built::utf16("non\u{1e}breaking op\u{1f}tional\u{1}\u{8}\u{5}\tX\u{c}Y\r");
    assert_eq!(built.extract().unwrap(), "non-breaking optional\tX\nY\n");
}

#[test]
fn without_paragraph_properties_a_double_cell_mark_ends_the_row() {
    let built = Built::utf16("表\ra\u{7}b\u{7}\u{7}c\u{7}d\u{7}\u{7}后\r");
    assert_eq!(built.extract().unwrap(), "表\na | b |\nc | d |\n后\n");
}

#[test]
fn only_the_main_document_is_read() {
    let mut built = Built::utf16("正文\r页眉\r");
    built.word[76..80].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(built.extract().unwrap(), "正文\n");
}

#[test]
fn a_compound_file_without_a_word_document_stream_is_refused() {
    let err = extract(&compound(&[("/Contents", b"WPS")])).unwrap_err();
    assert!(err.contains("no WordDocument stream"), "{err}");
    assert!(err.contains(".wps"), "{err}");
}

#[test]
fn random_bytes_and_old_kingsoft_files_are_refused() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..10_000).map(|_| next(&mut state) as u8).collect();
    let err = extract(&noise).unwrap_err();
    assert!(err.contains("not an OLE compound file"), "{err}");
    assert!(extract(b"").is_err());
    assert!(extract(b"\xff\x57\x50\x53 kingsoft wps 1999").is_err());
}

#[test]
fn truncated_files_are_errors_not_panics() {
    for name in ["plan_libreoffice.doc", "gjj_transfer_forms_word.doc"] {
        let bytes = fixture(name);
        for cut in [0, 8, 511, 512, 1536, bytes.len() / 2, bytes.len() - 1] {
            let result = extract(&bytes[..cut]);
            if cut < 1536 {
                assert!(result.is_err(), "{name} cut at {cut}");
            }
        }
    }
    let mut built = Built::utf16("到2025年\r");
    built.word.truncate(1030);
    let err = built.extract().unwrap_err();
    assert!(err.contains("outside the WordDocument stream"), "{err}");
}

#[test]
fn a_fib_pointing_outside_its_streams_is_an_error() {
    let mut built = Built::utf16("到2025年\r");
    built.set_clx(1_000_000, 21);
    let err = built.extract().unwrap_err();
    assert!(err.contains("outside the table stream"), "{err}");
    built.set_clx(u32::MAX, u32::MAX);
    assert!(built.extract().is_err());
    let mut built = Built::utf16("到2025年\r");
    built.word[76..80].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(built.extract().unwrap_err().contains("limit"));
}

#[test]
fn encrypted_and_word_95_files_are_refused_by_name() {
    let mut built = Built::utf16("密\r");
    built.word[0x0A] |= 0x00;
    built.word[0x0B] |= 0x01;
    assert!(built.extract().unwrap_err().starts_with("encrypted .doc"));
    let mut built = Built::utf16("旧\r");
    built.word[2..4].copy_from_slice(&104u16.to_le_bytes());
    assert!(built
        .extract()
        .unwrap_err()
        .starts_with("Word 6/95 format not supported"));
    let mut built = Built::utf16("旧\r");
    built.word[0..2].copy_from_slice(&0xA5DBu16.to_le_bytes());
    assert!(built.extract().unwrap_err().contains("wIdent"));
}

#[test]
fn the_other_table_stream_missing_is_an_error() {
    let built = Built::utf16("甲\r");
    let err = extract(&compound(&[
        ("/WordDocument", &built.word),
        ("/0Table", &built.table),
    ]))
    .unwrap_err();
    assert!(err.contains("no 1Table stream"), "{err}");
}

/// xorshift64: deterministic pseudo-random numbers for the mutation test.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Damage the fixtures at 200 pseudo-random places, each time a fresh copy, both as whole
/// files and as the streams inside (past the container's own checks): Err or Ok, never a panic.
#[test]
fn mutated_fixtures_never_panic() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for name in ["plan_libreoffice.doc", "gjj_transfer_forms_word.doc"] {
        let bytes = fixture(name);
        let (word, tables) = read_streams(&bytes).unwrap();
        let table = tables.one.or(tables.zero).unwrap();
        for _ in 0..200 {
            let mut file = bytes.clone();
            let mut word = word.clone();
            let mut table = table.clone();
            for _ in 0..1 + next(&mut state) % 4 {
                let r = next(&mut state);
                let at = (r >> 8) as usize;
                file[at % bytes.len()] ^= r as u8 | 1;
                let target = if r & 0x10000 == 0 {
                    &mut word
                } else {
                    &mut table
                };
                let len = target.len();
                // Most damage goes where the structures are: the FIB, the Clx, the FKPs.
                target[at % len.min(if r & 0x20000 == 0 { 1024 } else { len })] = (r >> 24) as u8;
            }
            let _ = extract(&file);
            let tables = TableStreams {
                zero: Some(table.clone()),
                one: Some(table),
            };
            let _ = text_of_streams(&word, tables);
        }
    }
}
