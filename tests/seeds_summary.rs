//! Corpus smoke test: a compact summary of every seed (encoding, normalization counts, section
//! counts per kind, heading ids) compared with `tests/expected/seeds-summary.txt`.
//!
//! When segmentation changes on purpose, regenerate with
//! `UPDATE_EXPECTED=1 cargo test --test seeds_summary` and review the diff before committing.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write;

use common::*;
use crosscheck::model::SectionKind;

fn summary() -> String {
    let mut out = String::new();
    for prefix in ["000", "001", "002", "003", "004"] {
        let d = seed(prefix);
        let s = &d.normalized.stats;
        let _ = writeln!(
            out,
            "{prefix}: {} | {} {} {} | pinyin {} trad {} fullwidth {} cjk_spaces {} clutter {}",
            d.source.encoding,
            d.meta.level.map_or("?", |l| l.as_str()),
            d.meta.region,
            d.meta.period,
            s.pinyin_stripped,
            s.traditional_converted,
            s.fullwidth_folded,
            s.cjk_spaces,
            s.clutter_lines
        );
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for sec in &d.sections {
            *kinds.entry(sec.kind.as_str()).or_default() += 1;
        }
        let _ = writeln!(out, "  kinds: {kinds:?}");
        let titled = d
            .sections
            .iter()
            .filter(|s| s.title_range.is_some())
            .count();
        let _ = writeln!(out, "  titled: {titled}");
        for sec in d.sections.iter().filter(|s| {
            matches!(
                s.kind,
                SectionKind::Heading(_) | SectionKind::Box | SectionKind::Table
            )
        }) {
            let l = d.locate(sec.range.clone());
            let _ = writeln!(
                out,
                "  {} @{}:{}-{}:{} [{}..{})",
                sec.id, l.line_start, l.col_start, l.line_end, l.col_end, l.byte_start, l.byte_end
            );
        }
    }
    out
}

#[test]
fn seeds_summary_matches_expectation() {
    let path = repo().join("tests/expected/seeds-summary.txt");
    let actual = summary();
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).expect("tests/expected/seeds-summary.txt");
    if actual != expected {
        let diff = similar::TextDiff::from_lines(&expected, &actual);
        panic!(
            "seed summary changed (review, then UPDATE_EXPECTED=1 to accept):\n{}",
            diff.unified_diff().header("expected", "actual")
        );
    }
}
