//! Property tests: the invariants of `src/invariants.rs` (offset maps land on character
//! boundaries of the original, section trees nest, positions lie inside the file, targets point
//! at the text) on generated plan-like text in every input format, and no panic on any bytes or
//! any config text. The same invariants are fuzzed by `fuzz/` (cargo-fuzz, see the README);
//! inputs fuzzing found are kept as regression tests below (`tests/fixtures/fuzz/`).

mod common;

use std::path::Path;
use std::sync::LazyLock;

use crosscheck::model::{DocId, Format};
use crosscheck::rules::Rules;
use proptest::prelude::*;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

/// Pieces real plans are made of, including the messy ones.
const PIECES: &[&str] = &[
    "一、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（1）",
    "一是",
    "专栏1：",
    "表1：",
    "附件",
    "目录",
    "推进",
    "制造业",
    "高质量发展",
    "品字标",
    "企业",
    "绿色工厂",
    "质量",
    "到2025年",
    "2022年",
    "，",
    "。",
    "；",
    "：",
    "、",
    "“",
    "”",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\r\n",
    "1200",
    "2万台",
    "1.5万",
    "3000亿元",
    "7%左右",
    "不低于30%",
    "一千二百",
    "百分之三十",
    "新增",
    "累计",
    "达到",
    "以上",
    "家",
    "个",
    "项",
    "分别",
    "翻番",
    "¨",
    "∙",
    "消費(fèi)品",
    "質量",
    "發展",
    "１２３",
    "％",
    "重 大 工 程",
    "| 序号 | 名称 |",
    "|---|---|",
    "| 1 | 重大平台 |",
    "打印 关闭",
    "索引号：",
    "<p>",
    "</p>",
    "<table><tr><td>",
    "</td></tr>",
    "&amp;",
    "&#x4e00;",
    "<!-- crosscheck-disable CC201 -->",
    "é",
    "😀",
    "\u{feff}",
    "\u{0}",
];

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..160).prop_map(|v| v.concat())
}

fn check_all(format: Format, bytes: &[u8]) {
    let path = Path::new(match format {
        Format::Markdown => "p.md",
        Format::Html => "p.html",
        _ => "p.txt",
    });
    let Ok(doc) = crosscheck::pipeline::process_bytes(path, format, bytes, &RULES) else {
        return;
    };
    if let Err(e) = crosscheck::invariants::document(&doc) {
        panic!("{e}\ninput: {:?}", String::from_utf8_lossy(bytes));
    }
    let targets = crosscheck::targets::extract(0, &doc, &RULES.metrics);
    if let Err(e) = crosscheck::invariants::targets(&doc, &targets) {
        panic!("{e}\ninput: {:?}", String::from_utf8_lossy(bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn plan_text_keeps_every_invariant(text in plan_text(), fmt in 0usize..3) {
        let format = [Format::Text, Format::Markdown, Format::Html][fmt];
        check_all(format, text.as_bytes());
    }

    #[test]
    fn plan_text_in_other_encodings_keeps_every_invariant(text in plan_text(), enc in 0usize..3) {
        let bytes: Vec<u8> = match enc {
            0 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            1 => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
            _ => [&[0xfe, 0xff][..], &text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect::<Vec<u8>>()].concat(),
        };
        check_all(Format::Text, &bytes);
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..600), fmt in 0usize..4) {
        let format = [Format::Text, Format::Markdown, Format::Html, Format::Docx][fmt];
        if let Ok(source) = crosscheck::ingest::source_from_bytes(Path::new("x"), DocId("x".into()), format, &bytes) {
            for (i, _) in source.raw.char_indices() {
                let f = source.raw_to_file.map_range(i..i);
                prop_assert!(f.end <= bytes.len());
            }
        }
        check_all(format, &bytes);
    }

    #[test]
    fn matching_view_points_each_character_at_itself(text in "[ \t\n甲乙丙ab1，。]{0,40}", plan in plan_text()) {
        for t in [text.as_str(), plan.as_str()] {
            let m = crosscheck::text::matching_text(t);
            prop_assert_eq!(&crosscheck::text::matching_string(t), &m.text);
            // The text itself is the matching view exactly when it has no space or tab.
            let borrowed = matches!(crosscheck::text::matching_str(t), std::borrow::Cow::Borrowed(_));
            prop_assert_eq!(borrowed, !t.contains([' ', '\t']));
            for (i, c) in m.text.char_indices() {
                let source = &t[m.map.map_range(i..i + c.len_utf8())];
                if c == ' ' {
                    prop_assert!(!source.is_empty() && source.chars().all(|s| s == ' ' || s == '\t'), "{:?}", source);
                } else {
                    prop_assert_eq!(source, c.to_string());
                }
            }
        }
    }

    #[test]
    fn any_config_text_loads_or_fails_with_a_message(text in "\\PC{0,200}", pick in 0usize..10) {
        let names: Vec<&str> = Rules::file_names().collect();
        if pick < names.len() {
            if let Err(e) = Rules::with_file(names[pick], Path::new(names[pick]), &text) {
                prop_assert!(e.to_string().contains(names[pick]));
            }
        } else if pick == names.len() {
            let _ = crosscheck::manifest::Manifest::parse(Path::new("/nonexistent/manifest.toml"), &text);
        } else {
            let _ = crosscheck::lint::LintConfig::parse(&text);
        }
    }
}

/// Inputs fuzzing found (`fuzz/artifacts/`), named after what they broke.
#[test]
fn fuzz_regressions() {
    let dir = common::repo().join("tests/fixtures/fuzz");
    // tl handed back a text node starting inside 德 after `<!DOCTYPE 德…` (decode target: first
    // byte selects the format, 2 = HTML).
    let html = std::fs::read(dir.join("decode-html-text-node-inside-a-character.bin")).unwrap();
    check_all(Format::Html, &html[1..]);
}
