//! Re-encoded copies of the seeds (GBK, UTF-16 LE/BE with BOM, UTF-8 with BOM) must give the
//! same sections as the UTF-8 originals: same ids, kinds, titles and line:col positions, with
//! byte spans that point at the same characters in the re-encoded file.

mod common;

use common::*;
use crosscheck::model::Document;

fn encode(text: &str, how: &str) -> Vec<u8> {
    match how {
        // 003 has `∙` (U+2219), outside GBK: GB18030 writes it as a 4-byte sequence.
        "gbk" => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
            if unmappable {
                encoding_rs::GB18030.encode(text).0.into_owned()
            } else {
                bytes.into_owned()
            }
        }
        "utf16le" => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        "utf16be" => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        "utf8bom" => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
        _ => unreachable!(),
    }
}

/// Byte spans point at the same text in the re-encoded file: the bytes of each titled
/// section (the first 40), decoded, hold its title as written.
fn assert_spans_hold_titles(copy: &Document, bytes: &[u8], how: &str) {
    for s in copy
        .sections
        .iter()
        .filter(|s| s.title_range.is_some())
        .take(40)
    {
        let loc = copy.locate(s.range.clone());
        let span = decode_span(&bytes[loc.byte_start..loc.byte_end], how);
        let written = copy.title_as_written(s).unwrap();
        assert!(span.contains(written), "{how} {}: {span:?}", s.id);
    }
}

fn decode_span(bytes: &[u8], how: &str) -> String {
    match how {
        "big5" => encoding_rs::BIG5
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        "gbk" => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        "utf16le" => encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        "utf16be" => encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        _ => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn summary(d: &Document) -> Vec<(String, &'static str, String, usize, usize, usize, usize)> {
    d.sections
        .iter()
        .map(|s| {
            let l = d.locate(s.range.clone());
            (
                s.id.clone(),
                s.kind.as_str(),
                d.title(s).unwrap_or("").to_owned(),
                l.line_start,
                l.col_start,
                l.line_end,
                l.col_end,
            )
        })
        .collect()
}

#[test]
fn reencoded_seeds_give_the_same_sections() {
    let dir = tempfile::tempdir().unwrap();
    // 000 is Traditional with pinyin; 001 is one long line; 003 has tables and boxes.
    for prefix in ["000", "001", "003"] {
        let original_path = seed_path(prefix);
        let text = std::fs::read_to_string(&original_path).unwrap();
        let original = doc(&original_path);
        for how in ["gbk", "utf16le", "utf16be", "utf8bom"] {
            let path = dir.path().join(format!("{prefix}_{how}.txt"));
            let bytes = encode(&text, how);
            std::fs::write(&path, &bytes).unwrap();
            let copy = doc(&path);
            assert_eq!(summary(&copy), summary(&original), "{prefix} as {how}");
            let label = copy.source.encoding.to_lowercase();
            let expected = match how {
                "gbk" => "gb",
                "utf16le" => "utf-16le",
                "utf16be" => "utf-16be",
                _ => "utf-8 (bom)",
            };
            assert!(
                label.contains(expected),
                "{prefix} as {how}: detected {label}"
            );
            assert_spans_hold_titles(&copy, &bytes, how);
        }
    }
}

/// Seed 000 (a Traditional plan) without its pinyin pollution, keeping the lines Big5 can
/// encode: Big5 as Taiwan and Hong Kong portals publish it.
fn traditional_lines_big5_can_encode() -> String {
    let text = std::fs::read_to_string(seed_path("000")).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        // `消費(fèi)品` → `消費品`: drop parenthesized runs of Latin letters.
        let mut clean = String::new();
        let mut rest = line;
        while let Some(open) = rest.find('(') {
            let close = rest[open..].find(')').map(|c| open + c);
            match close {
                Some(close)
                    if rest[open + 1..close].chars().all(|c| {
                        c.is_alphabetic() && !c.is_ascii_digit() && (c as u32) < 0x2000
                    }) =>
                {
                    clean.push_str(&rest[..open]);
                    rest = &rest[close + 1..];
                }
                _ => {
                    clean.push_str(&rest[..=open]);
                    rest = &rest[open + 1..];
                }
            }
        }
        clean.push_str(rest);
        if !encoding_rs::BIG5.encode(&clean).2 {
            out.push_str(&clean);
            out.push('\n');
        }
    }
    out
}

#[test]
fn big5_is_read_as_big5_not_as_gbk() {
    let text = traditional_lines_big5_can_encode();
    assert!(
        text.chars().count() > 2000,
        "enough of the seed survives: {}",
        text.len()
    );
    let dir = tempfile::tempdir().unwrap();
    // Same file name in two folders: the same document id.
    std::fs::create_dir_all(dir.path().join("big5")).unwrap();
    let (utf8, big5) = (
        dir.path().join("plan.txt"),
        dir.path().join("big5/plan.txt"),
    );
    std::fs::write(&utf8, &text).unwrap();
    let bytes = encoding_rs::BIG5.encode(&text).0.into_owned();
    std::fs::write(&big5, &bytes).unwrap();
    let (original, copy) = (doc(&utf8), doc(&big5));
    assert_eq!(copy.source.encoding, "Big5");
    assert_eq!(copy.source.raw, text, "decoded exactly");
    assert_eq!(summary(&copy), summary(&original));
    assert_spans_hold_titles(&copy, &bytes, "big5");
    // The same plan in Simplified Chinese and GBK stays GBK.
    let simplified = copy.normalized.text.text.clone();
    let gbk = dir.path().join("plan-gbk.txt");
    std::fs::write(&gbk, encoding_rs::GB18030.encode(&simplified).0).unwrap();
    assert!(
        doc(&gbk).source.encoding.starts_with("GB"),
        "{}",
        doc(&gbk).source.encoding
    );
}
