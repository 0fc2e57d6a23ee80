//! The checks on the seeds' cases: each fires where the seeds contradict themselves or each
//! other, and stays quiet on the consistent pairs.

mod common;

use std::sync::OnceLock;

use common::*;
use crosscheck::model::Finding;
use crosscheck::model::Run;

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(seeds_run)
}

fn of(rule: &str) -> Vec<&'static Finding> {
    run().findings.iter().filter(|f| f.rule == rule).collect()
}

fn doc(f: &Finding) -> &'static str {
    &run().corpus.documents[f.doc].id().0
}

fn quote(f: &Finding) -> &'static str {
    run().corpus.documents[f.doc].quote_place(&f.place)
}

#[test]
fn conflicting_targets_green_factories_001_vs_002() {
    let f = of("CC401");
    assert_eq!(
        f.len(),
        1,
        "{:?}",
        f.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert_eq!(doc(f[0]), "002");
    assert!(
        f[0].message
            .starts_with("绿色工厂: 600 家 for 2021 here, 100 家 for 2020–2022 in 001:"),
        "{}",
        f[0].message
    );
    assert!(quote(f[0]).contains("绿色工厂600家"));
}

#[test]
fn a_city_share_below_the_provincial_total_is_quiet() {
    // 品字标: province 1200 by 2022 (001), Huzhou 200 by 2025 (003): a share, not a conflict.
    assert!(of("CC402").is_empty());
    assert!(of("CC401").iter().all(|f| !f.message.contains("品字标")));
    let pzb: Vec<_> = run()
        .targets
        .iter()
        .filter(|t| t.metric == "品字标品牌企业")
        .collect();
    assert!(pzb.len() >= 2, "both targets are extracted: {pzb:?}");
}

#[test]
fn table_disagrees_with_text_in_003() {
    let f = of("CC403");
    let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(f.len(), 2, "{msgs:?}");
    assert!(
        msgs.iter()
            .any(|m| m.contains("40 张") && m.contains("40 家")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("150 个 for 通过绿色认证企业") && m.contains("中国绿色产品")),
        "{msgs:?}"
    );
    assert!(f.iter().all(|f| doc(f) == "003"));
}

#[test]
fn number_changed_between_copies_of_box_2() {
    let f = of("CC203");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("100项→100个"), "{}", f[0].message);
    assert_eq!(quote(f[0]), "个");
}

#[test]
fn firms_counted_in_items() {
    let f = of("CC404");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message
            .starts_with("单项冠军企业数量(累计) counted in 项"),
        "{}",
        f[0].message
    );
}

#[test]
fn doubling_claim_against_inspection_bodies() {
    let f = of("CC405");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("检验机构 goes from 119 to 200 家"),
        "{}",
        f[0].message
    );
}

#[test]
fn target_below_achieved_construction_sites() {
    let f = of("CC406");
    assert!(f.iter().any(|f| f
        .message
        .contains("市安全文明施工标准化工地: the target 300 个 is below the 383")));
}

#[test]
fn pinyin_pollution_points_at_the_first_annotation() {
    let f = of("CC101");
    assert_eq!(f.len(), 1);
    assert_eq!(doc(f[0]), "000");
    assert!(f[0].message.starts_with("639 pinyin annotations"));
    assert_eq!(quote(f[0]), "費(fèi)");
}

#[test]
fn findings_csv_has_every_stage_and_exact_quotes() {
    let dir = tempfile::tempdir().unwrap();
    crosscheck::report::write_reports(run(), dir.path()).unwrap();
    let (headers, rows) = read_csv(&dir.path().join("findings.csv"));
    assert_eq!(
        headers[..11],
        [
            "id",
            "rule",
            "severity",
            "message",
            "doc",
            "section",
            "line",
            "col",
            "byte_start",
            "byte_end",
            "related"
        ]
    );
    let mut rules = std::collections::BTreeSet::new();
    for rec in &rows {
        let get = |n: &str| {
            rec.get(headers.iter().position(|h| h == n).unwrap())
                .unwrap()
                .to_owned()
        };
        rules.insert(get("rule"));
        let bytes = std::fs::read(seed_path(&get("doc"))).unwrap();
        let (s, e): (usize, usize) = (
            get("byte_start").parse().unwrap(),
            get("byte_end").parse().unwrap(),
        );
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            get("quote"),
            "{}",
            get("id")
        );
    }
    for r in [
        "CC101", "CC201", "CC202", "CC203", "CC301", "CC401", "CC403", "CC404", "CC405", "CC406",
    ] {
        assert!(rules.contains(r), "{r} missing");
    }
}

#[test]
fn a_rule_file_with_an_unknown_kind_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("rules/checks.toml")).unwrap();
    std::fs::write(
        dir.path().join("checks.toml"),
        text.replacen("kind = \"unit_mismatch\"", "kind = \"unit_mismatched\"", 1),
    )
    .unwrap();
    let err = crosscheck::rules::Rules::load(dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("checks.toml") && err.contains("line") && err.contains("unit_mismatched"),
        "{err}"
    );
}
