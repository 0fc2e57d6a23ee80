//! Stage: check — everything a run found → [`Finding`]s.
//!
//! In: the [`Run`] (documents, duplicates, alignment, targets) and the rule instances of
//! `rules/checks.toml`. Out: findings sorted by document and position, each with a stable rule
//! id, a severity, a message filled from the rule's template, its place in the original file
//! and the other places it involves.
//!
//! Check kinds live here, in code ([`CheckKind`]); rule instances are data. A kind with no
//! rule instance does not run; two instances of one kind run twice (with their own ids,
//! severities and messages).

mod targets;

use std::collections::BTreeMap;

use crate::model::{CheckKind, FilePosition, RemovalKind, Run};
use crate::model::{CoverageStatus, DupKind, Finding, Place};
use crate::rules::{Metrics, Regions, RuleDef};

pub use targets::is_comparable;

/// A finding before it has an id: place, related places and template values.
struct Hit {
    doc: usize,
    place: Place,
    related: Vec<(usize, Place)>,
    values: Vec<(&'static str, String)>,
}

/// Run every rule instance over a run.
pub fn check(run: &Run, rules: &[RuleDef], metrics: &Metrics, regions: &Regions) -> Vec<Finding> {
    use rayon::prelude::*;
    // Rules run in parallel; their findings are gathered in rule order, then sorted (stable),
    // so the result is the same whatever the thread count.
    let per_rule: Vec<Vec<Finding>> = rules
        .par_iter()
        .map(|rule| {
            hits(rule.kind, run, metrics, regions)
                .into_iter()
                .map(|hit| Finding {
                    id: String::new(),
                    rule: rule.id.clone(),
                    name: rule.name.clone(),
                    kind: rule.kind,
                    severity: rule.severity,
                    message: fill(&rule.message, &hit.values),
                    message_key: fill_without_places(&rule.message, &hit.values),
                    doc: hit.doc,
                    place: hit.place,
                    related: hit.related,
                })
                .collect()
        })
        .collect();
    let mut findings: Vec<Finding> = per_rule.into_iter().flatten().collect();
    findings.par_sort_by(|a, b| {
        let start = |p: &Place| match p {
            Place::Normalized(r) | Place::Raw(r) => r.start,
        };
        (a.doc, start(&a.place), &a.rule, &a.message).cmp(&(
            b.doc,
            start(&b.place),
            &b.rule,
            &b.message,
        ))
    });
    for (i, f) in findings.iter_mut().enumerate() {
        f.id = format!("F{:04}", i + 1);
    }
    findings
}

/// Fill `{name}` placeholders, in one pass (a value is never read as a template; a
/// placeholder without a value stays as written).
fn fill(template: &str, values: &[(&str, String)]) -> String {
    fill_with(template, |name| value_of(values, name))
}

/// [`fill`] with every place replaced by `@`: the message a finding would give wherever the
/// other place is ([`Finding::message_key`]).
fn fill_without_places(template: &str, values: &[(&str, String)]) -> String {
    fill_with(template, |name| match PLACE_VALUES.contains(&name) {
        true => Some("@"),
        false => value_of(values, name),
    })
}

fn value_of<'v>(values: &'v [(&str, String)], name: &str) -> Option<&'v str> {
    values
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_str())
}

fn fill_with<'v>(template: &str, value_of: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| Some((value_of(&after[..close])?, close)));
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn hits(kind: CheckKind, run: &Run, metrics: &Metrics, regions: &Regions) -> Vec<Hit> {
    match kind {
        CheckKind::PinyinPollution => pinyin_pollution(run),
        CheckKind::TraditionalCharacters => traditional(run),
        CheckKind::DuplicatedPassage => duplicated(run),
        CheckKind::TitleDrift => title_drift(run),
        CheckKind::CopyChangedNumber => copy_changed_number(run),
        CheckKind::TaskNotCovered => task_not_covered(run),
        CheckKind::ConflictingTargets => targets::conflicting_targets(run),
        CheckKind::LowerExceedsUpper => targets::lower_exceeds_upper(run, regions),
        CheckKind::TableTextMismatch => targets::table_text_mismatch(run),
        CheckKind::UnitMismatch => targets::unit_mismatch(run, metrics),
        CheckKind::DoublingClaim => targets::doubling_claim(run),
        CheckKind::TargetBelowAchieved => targets::target_below_achieved(run),
    }
}

fn pinyin_pollution(run: &Run) -> Vec<Hit> {
    run.corpus
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            // Point at the first annotation normalize removed, with the character before it.
            let first = d
                .normalized
                .removed
                .iter()
                .find(|r| r.kind == RemovalKind::Pinyin)?;
            let at = d.source.content.map.map_range(first.content_range.clone());
            let raw = &d.source.raw;
            let start = raw[..at.start]
                .char_indices()
                .next_back()
                .map_or(at.start, |(k, _)| k);
            Some(Hit {
                doc: i,
                values: vec![
                    ("count", d.normalized.stats.pinyin_stripped.to_string()),
                    ("example", raw[start..at.end].to_owned()),
                ],
                place: Place::Raw(start..at.end),
                related: vec![],
            })
        })
        .collect()
}

fn traditional(run: &Run) -> Vec<Hit> {
    run.corpus
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.normalized.stats.traditional_converted > 0)
        .map(|(i, d)| {
            let first = d
                .sections
                .get(1)
                .map_or(0..0, |s| s.range.start..s.range.start);
            Hit {
                doc: i,
                place: Place::Normalized(first),
                related: vec![],
                values: vec![(
                    "count",
                    d.normalized.stats.traditional_converted.to_string(),
                )],
            }
        })
        .collect()
}

/// `doc:line:col` of a place, for messages.
/// Template values that name a place (`{other}`: where the other copy or target stands).
const PLACE_VALUES: [&str; 1] = ["other"];

/// Where `place` of document `doc` starts, as `doc:line:col` for a message.
fn at(run: &Run, doc: usize, place: &Place) -> String {
    let d = &run.corpus.documents[doc];
    FilePosition::of(d.id().to_string(), d, place).to_string()
}

fn duplicated(run: &Run) -> Vec<Hit> {
    run.dedup
        .duplicates
        .iter()
        .filter(|d| d.kind != DupKind::Boilerplate)
        .map(|d| {
            let other = Place::Normalized(d.a.range.clone());
            Hit {
                doc: d.b.doc,
                place: Place::Normalized(d.b.range.clone()),
                values: vec![
                    ("kind", d.kind.as_str().to_owned()),
                    ("other", at(run, d.a.doc, &other)),
                    ("chars", d.chars_b.to_string()),
                    ("similarity", format!("{:.2}", d.similarity)),
                ],
                related: vec![(d.a.doc, other)],
            }
        })
        .collect()
}

fn title_drift(run: &Run) -> Vec<Hit> {
    run.dedup
        .duplicates
        .iter()
        .filter(|d| d.title_drift)
        .map(|d| {
            let other = Place::Normalized(d.a.range.clone());
            Hit {
                doc: d.b.doc,
                place: Place::Normalized(d.b.range.clone()),
                values: vec![
                    ("title_a", d.title_b.clone().unwrap_or_default()),
                    ("title_b", d.title_a.clone().unwrap_or_default()),
                    ("other", at(run, d.a.doc, &other)),
                ],
                related: vec![(d.a.doc, other)],
            }
        })
        .collect()
}

fn copy_changed_number(run: &Run) -> Vec<Hit> {
    let mut out = Vec::new();
    for d in run
        .dedup
        .duplicates
        .iter()
        .filter(|d| d.kind != DupKind::Boilerplate)
    {
        for e in d.edits.iter().filter(|e| e.numeric) {
            let (Some(ra), Some(rb)) = (
                e.range_a.clone().or(Some(d.a.range.clone())),
                e.range_b.clone().or(Some(d.b.range.clone())),
            ) else {
                continue;
            };
            let other = Place::Normalized(ra);
            out.push(Hit {
                doc: d.b.doc,
                place: Place::Normalized(rb),
                values: vec![
                    ("edits", e.compact_numeric()),
                    ("other", at(run, d.a.doc, &other)),
                ],
                related: vec![(d.a.doc, other)],
            });
        }
    }
    out
}

/// One finding per (lower, upper) document pair: how many of the upper plan's tasks the lower
/// plan leaves out, with the first few named (coverage.csv lists every task).
fn task_not_covered(run: &Run) -> Vec<Hit> {
    let docs = &run.corpus.documents;
    let mut by_pair: BTreeMap<(usize, usize), (usize, Vec<usize>)> = BTreeMap::new();
    for c in &run.align.coverage {
        let entry = by_pair.entry((c.lower_doc, c.upper_doc)).or_default();
        entry.0 += 1;
        if c.status == CoverageStatus::Missing {
            entry.1.push(c.section);
        }
    }
    by_pair
        .into_iter()
        .filter(|(_, (_, missing))| !missing.is_empty())
        .map(|((lower, upper), (total, missing))| {
            let first = &docs[upper].sections[missing[0]];
            let examples: Vec<String> = missing
                .iter()
                .take(3)
                .map(|&s| docs[upper].section_label(s))
                .collect();
            Hit {
                doc: upper,
                place: Place::Normalized(first.title_range.clone().unwrap_or(first.range.clone())),
                related: vec![],
                values: vec![
                    ("lower", docs[lower].id().0.clone()),
                    ("upper", docs[upper].id().0.clone()),
                    ("missing", missing.len().to_string()),
                    ("total", total.to_string()),
                    ("examples", examples.join("、")),
                ],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_message_key_leaves_out_only_the_places() {
        let values = [
            ("metric", "品字标企业".to_owned()),
            ("other", "003:68:1".to_owned()),
        ];
        let template = "{metric} set by {other}";
        assert_eq!(super::fill(template, &values), "品字标企业 set by 003:68:1");
        assert_eq!(
            super::fill_without_places(template, &values),
            "品字标企业 set by @"
        );
    }

    #[test]
    fn fill_replaces_every_placeholder_once_and_leaves_unknown_ones() {
        let values = [("a", "x{b}".to_owned()), ("b", "y".to_owned())];
        assert_eq!(
            super::fill("{a}-{b}-{a}-{c}-{", &values),
            "x{b}-y-x{b}-{c}-{"
        );
    }

    use super::*;

    #[test]
    fn templates_fill_and_rules_load() {
        assert_eq!(
            fill("{a} and {b}", &[("a", "1".into()), ("b", "2".into())]),
            "1 and 2"
        );
        let rules = crate::rules::Rules::builtin();
        assert!(rules.checks.len() >= 12);
        let mut ids: Vec<&str> = rules.checks.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules.checks.len(), "rule ids are unique");
        assert_eq!(targets::head_noun("单项冠军企业数量(累计)"), "企业");
    }
}
