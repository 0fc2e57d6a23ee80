//! Target extraction against a hand-read gold list (`tests/fixtures/targets/gold-seeds.csv`):
//! precision and recall of (document, value, unit, year) over 000, 001, 002 and 004 (all their
//! statements) and 003's 表1. Goals: precision ≥ 0.95, recall ≥ 0.9.

mod common;

use common::*;

/// Records of a gold CSV, `#` comment lines skipped.
fn gold_records(path: &std::path::Path) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(path).unwrap();
    let data: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    csv::Reader::from_reader(data.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn key(doc: &str, value: &str, unit: &str, year: &str) -> String {
    format!("{doc}|{value}|{unit}|{year}")
}

#[test]
fn targets_match_the_hand_read_gold_list() {
    let rules = crosscheck::rules::Rules::load(&repo().join("rules")).unwrap();
    let manifest =
        crosscheck::manifest::Manifest::load(&repo().join("seeds/manifest.toml")).unwrap();
    let corpus = crosscheck::pipeline::build_corpus(
        &[repo().join("seeds")],
        Some(&manifest),
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
        &crosscheck::pipeline::Unobserved,
    );
    let docs = &corpus.documents;
    let mut gold: Vec<String> = gold_records(&repo().join("tests/fixtures/targets/gold-seeds.csv"))
        .iter()
        .map(|r| key(&r[0], &r[1], &r[2], &r[3]))
        .collect();
    let total_gold = gold.len();
    let mut extracted = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for t in crosscheck::targets::extract(i, d, &rules.metrics) {
            let in_scope = d.id().0 != "003" || t.source == crosscheck::model::TargetSource::Table;
            if in_scope && matches!(t.value, crosscheck::model::Quantity::Value(_)) {
                let year = t.year.map_or(String::new(), |y| y.to_string());
                extracted.push((
                    key(&d.id().0, &t.value.to_string(), &t.unit, &year),
                    d.quote(t.range.clone()).to_owned(),
                ));
            }
        }
    }
    let mut correct = 0;
    let mut wrong = Vec::new();
    for (k, quote) in &extracted {
        if let Some(i) = gold.iter().position(|g| g == k) {
            gold.swap_remove(i);
            correct += 1;
        } else {
            wrong.push(format!("{k}  «{quote}»"));
        }
    }
    let precision = correct as f64 / extracted.len() as f64;
    let recall = correct as f64 / total_gold as f64;
    eprintln!(
        "targets: {} extracted, {total_gold} gold, precision {precision:.3}, recall {recall:.3}\nnot in gold: {wrong:#?}\nmissed: {gold:#?}",
        extracted.len()
    );
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}

/// A county plan written for this test, with phrasing not taken from the seeds. Its first
/// measurement (before the fixes it prompted: thresholds qualifying a noun, `七成`, the year of
/// achieved figures) was precision 0.808, recall 0.875; it now guards those fixes.
#[test]
fn targets_of_a_county_plan_written_for_the_test() {
    let dir = repo().join("tests/fixtures/targets/unseen-county-plan");
    let rules = crosscheck::rules::Rules::load(&repo().join("rules")).unwrap();
    let path = dir.join("德清县制造业高质量发展三年行动计划.txt");
    let mut d = doc(&path);
    d.meta.period = "2024-2026".into();
    let mut gold: Vec<String> = gold_records(&dir.join("gold.csv"))
        .iter()
        .map(|r| key("d", &r[0], &r[1], &r[2]))
        .collect();
    let n_gold = gold.len();
    let found = crosscheck::targets::extract(0, &d, &rules.metrics);
    let mut correct = 0;
    for t in &found {
        let k = key(
            "d",
            &t.value.to_string(),
            &t.unit,
            &t.year.map_or(String::new(), |y| y.to_string()),
        );
        if let Some(i) = gold.iter().position(|g| *g == k) {
            gold.swap_remove(i);
            correct += 1;
        }
    }
    let (p, r) = (
        correct as f64 / found.len() as f64,
        correct as f64 / n_gold as f64,
    );
    eprintln!("county plan: precision {p:.3}, recall {r:.3}, missed {gold:?}");
    assert!(p >= 0.95 && r >= 0.9, "precision {p:.3}, recall {r:.3}");
}
