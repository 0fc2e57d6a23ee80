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

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{CheckKind, FilePosition, RemovalKind, Run, TargetSource};
use crate::model::{CoverageStatus, DupKind, Finding, Place, Quantity, Scope, Target, TargetKind};
use crate::rules::comparable_metric;
use crate::rules::{Metrics, Regions, RuleDef};

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
        CheckKind::ConflictingTargets => conflicting_targets(run),
        CheckKind::LowerExceedsUpper => lower_exceeds_upper(run, regions),
        CheckKind::TableTextMismatch => table_text_mismatch(run),
        CheckKind::UnitMismatch => unit_mismatch(run, metrics),
        CheckKind::DoublingClaim => doubling_claim(run),
        CheckKind::TargetBelowAchieved => target_below_achieved(run),
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

fn value(t: &Target) -> Option<f64> {
    match t.value {
        Quantity::Value(v) => Some(v),
        Quantity::Unparsed { .. } => None,
    }
}

/// The years a target spans: its period, or its document's period up to its year.
fn span(run: &Run, t: &Target) -> Option<(u16, u16)> {
    let year = t.year?;
    let start = t.period_start.or_else(|| {
        let p = &run.corpus.documents[t.doc].meta.period;
        p.split(|c: char| !c.is_ascii_digit())
            .find_map(|y| y.parse().ok())
    });
    Some((start.unwrap_or(year).min(year), year))
}

fn overlaps(a: (u16, u16), b: (u16, u16)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn fmt_value(v: f64) -> String {
    Quantity::Value(v).to_string()
}

fn period_text(p: (u16, u16)) -> String {
    if p.0 == p.1 {
        p.1.to_string()
    } else {
        format!("{}–{}", p.0, p.1)
    }
}

/// Whether a target is compared across documents (CC401, CC402): promised, numeric, with a
/// named metric. Documents that share no such metric never meet in a target check.
pub fn is_comparable(t: &Target) -> bool {
    t.kind == TargetKind::Target && value(t).is_some() && t.metric.chars().count() >= 2
}

/// Targets worth comparing across documents, by metric.
/// `check` run on each metric's comparable targets (in metric order); metrics are
/// independent, so they are checked in parallel, findings kept in metric order.
fn per_metric(run: &Run, check: impl Fn(&str, &[&Target]) -> Vec<Hit> + Sync) -> Vec<Hit> {
    use rayon::prelude::*;
    let mut by_metric: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
    for t in run.targets.iter().filter(|t| is_comparable(t)) {
        by_metric.entry(t.metric.as_str()).or_default().push(t);
    }
    let metrics: Vec<(&str, Vec<&Target>)> = by_metric.into_iter().collect();
    metrics
        .par_iter()
        .flat_map_iter(|(metric, targets)| check(metric, targets))
        .collect()
}

fn target_place(t: &Target) -> Place {
    Place::Normalized(t.range.clone())
}

fn conflicting_targets(run: &Run) -> Vec<Hit> {
    let docs = &run.corpus.documents;
    per_metric(run, |metric, all| {
        let mut out = Vec::new();
        // Only peers can conflict: group by (level, region) first, so the cost follows the
        // size of each government's set of plans, not of the corpus.
        let mut groups: BTreeMap<(Option<crate::model::Level>, &str), Vec<&Target>> =
            BTreeMap::new();
        for t in all {
            let m = &docs[t.doc].meta;
            groups
                .entry((m.level, m.region.as_str()))
                .or_default()
                .push(t);
        }
        let mut reported: std::collections::HashSet<(usize, usize)> =
            std::collections::HashSet::new();
        for ts in groups.values() {
            // Each target is compared with the earlier ones until the first it contradicts:
            // at most one finding per target, and the search stops early exactly when
            // conflicts are common.
            for (j, b) in ts.iter().enumerate() {
                for a in ts[..j].iter() {
                    let (da, db) = (&docs[a.doc], &docs[b.doc]);
                    // Peers of one government: same level and same region (two counties setting
                    // different figures for themselves do not contradict each other).
                    let peers = da.meta.level.is_some()
                        && da.meta.level == db.meta.level
                        && !da.meta.region.is_empty()
                        && da.meta.region == db.meta.region;
                    if a.doc == b.doc || !peers || a.unit != b.unit {
                        continue;
                    }
                    let (Some(pa), Some(pb)) = (span(run, a), span(run, b)) else {
                        continue;
                    };
                    if !overlaps(pa, pb) || value(a) == value(b) || !reported.insert((a.doc, b.doc))
                    {
                        continue;
                    }
                    let scope_note = if a.scope != b.scope
                        && a.scope != Scope::Unspecified
                        && b.scope != Scope::Unspecified
                    {
                        format!(
                            " (this one counts {}, that one {})",
                            a.scope.as_str(),
                            b.scope.as_str()
                        )
                    } else {
                        String::new()
                    };
                    let mut hit = target_pair(run, metric, b, a);
                    hit.values.extend([
                        ("period", period_text(pb)),
                        ("other_period", period_text(pa)),
                        ("scope_note", scope_note),
                    ]);
                    out.push(hit);
                    break;
                }
            }
        }
        out
    })
}

/// A finding on target `this` against target `other` of another document: the metric, both
/// values and units, and where the other one stands.
fn target_pair(run: &Run, metric: &str, this: &Target, other: &Target) -> Hit {
    Hit {
        doc: this.doc,
        place: target_place(this),
        related: vec![(other.doc, target_place(other))],
        values: vec![
            ("metric", metric.to_owned()),
            ("value", fmt_value(value(this).unwrap_or_default())),
            ("unit", this.unit.clone()),
            ("other_value", fmt_value(value(other).unwrap_or_default())),
            ("other_unit", other.unit.clone()),
            ("other", at(run, other.doc, &target_place(other))),
        ],
    }
}

fn lower_exceeds_upper(run: &Run, regions: &Regions) -> Vec<Hit> {
    let docs = &run.corpus.documents;
    // A region's parent: from the corpus's own metadata, else from rules/regions.toml.
    let parent_of: BTreeMap<&str, &str> = match &run.region_parents {
        Some(whole_corpus) => whole_corpus
            .iter()
            .map(|(r, p)| (r.as_str(), p.as_str()))
            .collect(),
        None => crate::rules::region_parents(
            docs.iter()
                .map(|d| (d.meta.region.as_str(), d.meta.parent_region.as_str())),
        ),
    };
    let parent = |r: &str| -> String {
        parent_of
            .get(r)
            .map(|p| (*p).to_owned())
            .or_else(|| regions.by_name(r).map(|x| x.parent.clone()))
            .unwrap_or_default()
    };
    per_metric(run, |metric, ts| {
        let mut out = Vec::new();
        // Upper targets by region: a lower plan is compared with the plans of its own region
        // and of every region above it (county → city → province).
        let mut by_region: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
        for t in ts {
            by_region
                .entry(docs[t.doc].meta.region.as_str())
                .or_default()
                .push(t);
        }
        for low in ts {
            let dl = &docs[low.doc];
            let chain = crate::rules::region_chain(&dl.meta, &parent);
            let candidates = chain
                .iter()
                .filter(|r| !r.is_empty())
                .filter_map(|r| by_region.get(r.as_str()))
                .flatten();
            for up in candidates {
                let du = &docs[up.doc];
                let above = matches!((dl.meta.level, du.meta.level), (Some(l), Some(u)) if u < l);
                if !above || low.unit != up.unit || low.unit == "%" || low.scope != up.scope {
                    continue;
                }
                let (Some(pl), Some(pu)) = (span(run, low), span(run, up)) else {
                    continue;
                };
                if overlaps(pl, pu) && value(low) > value(up) {
                    out.push(target_pair(run, metric, low, up));
                    // One finding per lower target: the first upper figure it exceeds.
                    break;
                }
            }
        }
        out
    })
}

/// The thing a metric counts: its last two characters (`…企业`, `…产品`, `…证书`).
fn head_noun(metric: &str) -> String {
    let c: Vec<char> = comparable_metric(metric).chars().collect();
    c[c.len().saturating_sub(2)..].iter().collect()
}

fn bigram_overlap(a: &str, b: &str) -> usize {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let gb = grams(b);
    let mut seen = Vec::new();
    for g in grams(a) {
        if gb.contains(&g) && !seen.contains(&g) {
            seen.push(g);
        }
    }
    seen.len()
}

fn table_text_mismatch(run: &Run) -> Vec<Hit> {
    let mut out = Vec::new();
    let tables: Vec<&Target> = run
        .targets
        .iter()
        .filter(|t| t.source == TargetSource::Table)
        .collect();
    let grouped = by_doc(run);
    for tab in tables {
        let Some(v) = value(tab).filter(|v| *v >= 10.0) else {
            continue;
        };
        let (mt, ht) = (
            comparable_metric(&tab.metric_raw),
            head_noun(&tab.metric_raw),
        );
        for txt in grouped[&tab.doc]
            .iter()
            .filter(|t| t.source == TargetSource::Text && t.kind == TargetKind::Target)
        {
            if value(txt) != Some(v) || txt.year != tab.year && txt.year.is_some() {
                continue;
            }
            let mx = comparable_metric(&txt.metric_raw);
            // A rate and a count are different things, and a name inside the other
            // (`钱江杯` in `“钱江杯”等省优质工程奖`) is the same thing.
            if (tab.unit == "%") != (txt.unit == "%") || mt.contains(&mx) || mx.contains(&mt) {
                continue;
            }
            let shared = bigram_overlap(&mt, &mx);
            let hx = head_noun(&txt.metric_raw);
            let difference = if tab.unit != txt.unit && shared >= 2 {
                format!("unit {} vs {}", tab.unit, txt.unit)
            } else if tab.unit == txt.unit && tab.unit != "%" && ht != hx && shared >= 1 {
                format!("{ht} vs {hx}")
            } else {
                continue;
            };
            out.push(Hit {
                doc: tab.doc,
                place: target_place(tab),
                related: vec![(txt.doc, target_place(txt))],
                values: vec![
                    ("value", fmt_value(v)),
                    ("unit", tab.unit.clone()),
                    ("metric", tab.metric_raw.clone()),
                    ("other_value", fmt_value(v)),
                    ("other_unit", txt.unit.clone()),
                    ("other_metric", txt.metric_raw.clone()),
                    ("difference", difference),
                ],
            });
        }
    }
    out
}

fn unit_mismatch(run: &Run, metrics: &Metrics) -> Vec<Hit> {
    run.targets
        .iter()
        .filter(|t| !t.unit.is_empty() && t.unit != "%")
        .filter_map(|t| {
            let m = comparable_metric(&t.metric_raw);
            let rule = metrics.noun_units.iter().find(|n| m.ends_with(&n.noun))?;
            if rule.units.iter().any(|u| u == &t.unit) {
                return None;
            }
            Some(Hit {
                doc: t.doc,
                place: target_place(t),
                related: vec![],
                values: vec![
                    ("metric", t.metric_raw.clone()),
                    ("unit", t.unit.clone()),
                    ("noun", rule.noun.clone()),
                    ("expected", rule.units.join("/")),
                ],
            })
        })
        .collect()
}

/// Targets grouped by document.
fn by_doc(run: &Run) -> BTreeMap<usize, Vec<&Target>> {
    let mut m: BTreeMap<usize, Vec<&Target>> = BTreeMap::new();
    for t in &run.targets {
        m.entry(t.doc).or_default().push(t);
    }
    m
}

/// Pairs (achieved earlier, promised later) of the same metric and unit in one document.
fn achieved_and_target(run: &Run) -> Vec<(&Target, &Target)> {
    let mut out = Vec::new();
    let grouped = by_doc(run);
    for t in run
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Target && value(t).is_some())
    {
        if t.metric.chars().count() < 2 {
            continue;
        }
        let earlier = grouped[&t.doc].iter().copied().find(|a| {
            a.doc == t.doc
                && a.kind == TargetKind::Achieved
                && a.metric == t.metric
                && a.unit == t.unit
                && value(a).is_some()
                && a.year < t.year
        });
        if let Some(a) = earlier {
            out.push((a, t));
        }
    }
    out
}

fn doubling_claim(run: &Run) -> Vec<Hit> {
    let mut out = Vec::new();
    for (a, t) in achieved_and_target(run) {
        let doc = &run.corpus.documents[t.doc];
        // The claim must be made where the target is stated (same passage).
        let passage = passage_around(doc.text(), &t.range);
        if !(passage.contains("翻番") || passage.contains("翻一番")) {
            continue;
        }
        let (va, vt) = (value(a).unwrap_or_default(), value(t).unwrap_or_default());
        if va > 0.0 && vt < 2.0 * va && t.scope != Scope::New {
            out.push(Hit {
                doc: t.doc,
                place: target_place(t),
                related: vec![(a.doc, target_place(a))],
                values: vec![
                    ("metric", t.metric_raw.clone()),
                    ("baseline", fmt_value(va)),
                    ("value", fmt_value(vt)),
                    ("unit", t.unit.clone()),
                    ("ratio", format!("{:.2}", vt / va)),
                ],
            });
        }
    }
    out
}

/// The line around a range (plans keep a passage on one line).
fn passage_around<'t>(text: &'t str, r: &Range<usize>) -> &'t str {
    let start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
    &text[start..end]
}

fn target_below_achieved(run: &Run) -> Vec<Hit> {
    achieved_and_target(run)
        .into_iter()
        .filter(|(a, t)| value(t) < value(a))
        .map(|(a, t)| {
            let scope_note = if t.scope == Scope::New {
                "the target counts new ones only".to_owned()
            } else {
                "same scope".to_owned()
            };
            Hit {
                doc: t.doc,
                place: target_place(t),
                related: vec![(a.doc, target_place(a))],
                values: vec![
                    ("metric", t.metric_raw.clone()),
                    ("value", fmt_value(value(t).unwrap_or_default())),
                    ("unit", t.unit.clone()),
                    ("baseline", fmt_value(value(a).unwrap_or_default())),
                    ("scope_note", scope_note),
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
        assert_eq!(head_noun("单项冠军企业数量(累计)"), "企业");
    }
}
