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

fn decode_span(bytes: &[u8], how: &str) -> String {
    match how {
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
            // Byte spans point at the same text in the re-encoded file.
            for s in copy
                .sections
                .iter()
                .filter(|s| s.title_range.is_some())
                .take(40)
            {
                let loc = copy.locate(s.range.clone());
                let span = decode_span(&bytes[loc.byte_start..loc.byte_end], how);
                let written = copy.title_as_written(s).unwrap();
                assert!(span.contains(written), "{prefix} {how} {}: {span:?}", s.id);
            }
        }
    }
}
