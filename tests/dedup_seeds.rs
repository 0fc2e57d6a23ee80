//! Duplicate detection on the bundled seeds: the Huzhou plan's 12 专栏 boxes and their appendix
//! copies, the edits between them, title drift, boilerplate, and the one passage the city plan
//! shares with a provincial paper.

mod common;

use std::sync::OnceLock;

use common::*;
use crosscheck::model::Run;
use crosscheck::model::{DupKind, Duplicate, SectionKind};

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(seeds_run)
}

fn doc_id(d: &Duplicate, side: char) -> &'static str {
    let o = if side == 'a' { &d.a } else { &d.b };
    &run().corpus.documents[o.doc].id().0
}

fn section_id(d: &Duplicate, side: char) -> &'static str {
    let o = if side == 'a' { &d.a } else { &d.b };
    &run().corpus.documents[o.doc].sections[o.section].id
}

/// The pair whose copy A is the given 003 box.
fn box_pair(n: usize) -> &'static Duplicate {
    let id = format!("003/专栏{n}");
    let found: Vec<_> = run()
        .dedup
        .duplicates
        .iter()
        .filter(|d| section_id(d, 'a') == id)
        .collect();
    assert_eq!(found.len(), 1, "{id}: {} pairs", found.len());
    found[0]
}

/// Union of the bullets of a section: a box body or an appendix description cell.
fn body(doc: &crosscheck::model::Document, section_id: &str) -> std::ops::Range<usize> {
    let idx = doc
        .sections
        .iter()
        .position(|s| s.id == section_id)
        .unwrap();
    let bullets: Vec<_> = doc
        .sections
        .iter()
        .filter(|s| {
            s.parent == Some(idx) && matches!(s.kind, SectionKind::Bullet | SectionKind::Paragraph)
        })
        .collect();
    bullets.first().unwrap().range.start..bullets.last().unwrap().range.end
}

#[test]
fn all_twelve_boxes_pair_with_their_appendix_copy_as_one_finding_each() {
    let docs = &run().corpus.documents;
    let d003 = docs.iter().find(|d| d.id().0 == "003").unwrap();
    // 专栏N is 重大工程M in the appendix (重大工程3 has no box).
    let appendix = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    let mut exact = 0;
    for (k, m) in appendix.iter().enumerate() {
        let d = box_pair(k + 1);
        let row = format!("003/table1/重大工程/{m}");
        assert_eq!(section_id(d, 'b'), row, "专栏{}", k + 1);
        assert_eq!(
            d.a.range,
            body(d003, &format!("003/专栏{}", k + 1)),
            "专栏{} full box body",
            k + 1
        );
        assert_eq!(
            d.b.range,
            body(d003, &row),
            "专栏{} full appendix cell",
            k + 1
        );
        if d.kind == DupKind::Exact {
            exact += 1;
            assert!(d.edits.is_empty());
        }
    }
    assert_eq!(exact, 10);
}

#[test]
fn box_edits_are_listed_in_the_original_text() {
    let compact = |n| -> Vec<String> { box_pair(n).edits.iter().map(|e| e.compact()).collect() };
    assert_eq!(box_pair(2).kind, DupKind::Near);
    assert_eq!(compact(2), ["项→个", ",→。"]);
    let numeric: Vec<String> = box_pair(2)
        .edits
        .iter()
        .filter(|e| e.numeric)
        .map(|e| e.compact_numeric())
        .collect();
    assert_eq!(
        numeric,
        ["100项→100个"],
        "a unit change after a number is numeric"
    );
    assert_eq!(box_pair(3).kind, DupKind::Near);
    assert_eq!(compact(3), ["聚焦→深挖一批"]);
    assert!(box_pair(3).edits.iter().all(|e| !e.numeric));
    assert!(box_pair(2).similarity > 0.98 && box_pair(2).containment > 0.98);
}

#[test]
fn title_drift_between_box_and_appendix_titles() {
    let drift: Vec<usize> = (1..=12).filter(|&n| box_pair(n).title_drift).collect();
    assert_eq!(drift, [7, 8, 11]);
    let d = box_pair(7);
    assert_eq!(d.title_a.as_deref(), Some("专栏7:生态环境治理体系建设"));
    assert_eq!(d.title_b.as_deref(), Some("生态环境治理体系建设工程"));
    assert_eq!(box_pair(8).title_b.as_deref(), Some("计量能力建设工程"));
    assert_eq!(
        box_pair(11).title_a.as_deref(),
        Some("专栏11:“数智监管”推进工程")
    );
    assert_eq!(box_pair(11).title_b.as_deref(), Some("“数字监管” 推进工程"));
}

#[test]
fn reform5_and_platform3_share_the_special_equipment_platform_text() {
    let d = run()
        .dedup
        .duplicates
        .iter()
        .find(|d| {
            section_id(d, 'a').starts_with("003/table1/重大改革/5")
                && section_id(d, 'b').starts_with("003/table1/重大平台/3")
        })
        .expect("重大改革5 ~ 重大平台3");
    assert_eq!(d.kind, DupKind::Near);
    let docs = &run().corpus.documents;
    assert!(docs[d.a.doc].text()[d.a.range.clone()].contains("特种设备安全综合管理平台"));
    assert_eq!(d.edits.len(), 1);
    assert_eq!(d.edits[0].compact(), "高标准建设湖州市→助力构建市级");
}

#[test]
fn the_guiding_thought_phrase_is_boilerplate_not_a_duplicate() {
    let docs = &run().corpus.documents;
    let phrase = "以习近平新时代中国特色社会主义思想为指导";
    let mut docs_with_phrase = std::collections::BTreeSet::new();
    for d in &run().dedup.duplicates {
        for (o, side) in [(&d.a, 'a'), (&d.b, 'b')] {
            if docs[o.doc].text()[o.range.clone()].contains(phrase) {
                assert_eq!(d.kind, DupKind::Boilerplate, "{} side {side}", d.id);
                docs_with_phrase.insert(doc_id(d, side));
            }
        }
    }
    // Four seeds carry it, 000 in Traditional characters with pinyin.
    assert_eq!(
        docs_with_phrase.into_iter().collect::<Vec<_>>(),
        ["000", "001", "003", "004"]
    );
    // Boilerplate does not count towards duplication rates.
    let d001 = docs.iter().position(|d| d.id().0 == "001").unwrap();
    let sec = docs[d001]
        .sections
        .iter()
        .find(|s| s.id == "001/一/p1")
        .unwrap();
    assert!(run().dedup.rate(d001, &docs[d001], sec.range.clone()) < 0.01);
}

#[test]
fn across_documents_only_the_city_plan_reuse_of_002_and_boilerplate() {
    let docs = &run().corpus.documents;
    let cross: Vec<&Duplicate> = run()
        .dedup
        .duplicates
        .iter()
        .filter(|d| d.a.doc != d.b.doc && d.kind != DupKind::Boilerplate)
        .collect();
    assert_eq!(
        cross.len(),
        1,
        "{:?}",
        cross.iter().map(|d| &d.id).collect::<Vec<_>>()
    );
    let d = cross[0];
    assert_eq!((doc_id(d, 'a'), doc_id(d, 'b')), ("002", "003"));
    assert_eq!(d.kind, DupKind::Near);
    let common = "个性化定制、网络化协同、智能化生产、服务化延伸、数字化管理等新";
    assert_eq!(common.chars().count(), 31);
    assert!(docs[d.a.doc].text()[d.a.range.clone()].contains(common));
    assert!(docs[d.b.doc].text()[d.b.range.clone()].contains(common));
}

#[test]
fn duplication_rates_show_the_huzhou_plan_repeating_itself() {
    let docs = &run().corpus.documents;
    let rate = |id: &str| {
        let i = docs.iter().position(|d| d.id().0 == id).unwrap();
        run().dedup.rate(i, &docs[i], 0..docs[i].text().len())
    };
    assert!(
        rate("003") > 0.2,
        "003 prints its boxes twice: {}",
        rate("003")
    );
    for other in ["000", "001", "002", "004"] {
        assert!(rate(other) < 0.05, "{other}: {}", rate(other));
    }
    let i = docs.iter().position(|d| d.id().0 == "003").unwrap();
    let b4 = docs[i]
        .sections
        .iter()
        .find(|s| s.id == "003/专栏4")
        .unwrap();
    assert!(run().dedup.rate(i, &docs[i], b4.range.clone()) > 0.9);
}

#[test]
fn duplicates_csv_quotes_both_copies_from_the_original_files() {
    let dir = tempfile::tempdir().unwrap();
    crosscheck::report::write_reports(run(), dir.path()).unwrap();
    let (headers, records) = read_csv(&dir.path().join("duplicates.csv"));
    assert_eq!(
        headers[..25],
        [
            "id",
            "cluster",
            "kind",
            "doc_a",
            "section_a",
            "line_a",
            "col_a",
            "byte_start_a",
            "byte_end_a",
            "doc_b",
            "section_b",
            "line_b",
            "col_b",
            "byte_start_b",
            "byte_end_b",
            "chars_a",
            "chars_b",
            "similarity",
            "containment",
            "edits",
            "numeric_edits",
            "title_a",
            "title_b",
            "text_a",
            "text_b"
        ]
    );
    let mut rows = 0;
    for rec in &records {
        let get = |name: &str| {
            rec.get(headers.iter().position(|h| h == name).unwrap())
                .unwrap()
                .to_owned()
        };
        for side in ["a", "b"] {
            let path = seed_path(&get(&format!("doc_{side}")));
            let bytes = std::fs::read(path).unwrap();
            let s: usize = get(&format!("byte_start_{side}")).parse().unwrap();
            let e: usize = get(&format!("byte_end_{side}")).parse().unwrap();
            assert_eq!(
                std::str::from_utf8(&bytes[s..e]).unwrap(),
                get(&format!("text_{side}"))
            );
            let line = bytes[..s].iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(line.to_string(), get(&format!("line_{side}")));
        }
        rows += 1;
    }
    assert_eq!(rows, run().dedup.duplicates.len());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["duplicates"].as_array().unwrap().len(), rows);
}
