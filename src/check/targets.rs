//! The checks on targets: figures that contradict each other within a government's plans
//! (CC401), a lower plan promising more than its upper plan (CC402), a table that disagrees
//! with its text (CC403), units a metric does not take (CC404), and achieved figures against
//! later targets (CC405 doubling claims, CC406 targets below what is already achieved).
//!
//! In: the [`Run`]'s targets (in document order) and documents. Out: [`Hit`]s, in the order
//! each check finds them. Every check indexes the targets first (by metric, document, value
//! or key) so that its time follows the number of targets, not their square: a document of
//! 100,000 target sentences must not stall the run (`benches/hostile.py`).

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{at, Hit};
use crate::model::{Place, Quantity, Run, Scope, Target, TargetKind, TargetSource};
use crate::rules::comparable_metric;
use crate::rules::{Metrics, Regions};

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

pub(super) fn conflicting_targets(run: &Run) -> Vec<Hit> {
    let docs = &run.corpus.documents;
    per_metric(run, |metric, all| {
        let mut out = Vec::new();
        // Only peers can conflict: group by (level, region) first, so the cost follows the
        // size of each government's set of plans, not of the corpus. Targets without a level
        // or a region have no peers at all.
        let mut groups: BTreeMap<(crate::model::Level, &str), Vec<&Target>> = BTreeMap::new();
        for t in all {
            let m = &docs[t.doc].meta;
            if let Some(level) = m.level.filter(|_| !m.region.is_empty()) {
                groups
                    .entry((level, m.region.as_str()))
                    .or_default()
                    .push(t);
            }
        }
        let mut reported: HashSet<(usize, usize)> = HashSet::default();
        for ts in groups.values() {
            let blocks = document_blocks(ts);
            // Each target is compared with the earlier ones of other documents until the first
            // it contradicts: at most one finding per target, and one per pair of documents.
            // A document pair already reported is passed over whole.
            for (k, block) in blocks.iter().enumerate() {
                for b in block.iter().copied() {
                    let earlier = blocks[..k]
                        .iter()
                        .filter(|a| a[0].doc != b.doc && !reported.contains(&(a[0].doc, b.doc)));
                    let hit = earlier.flat_map(|a| a.iter().copied()).find(|a| {
                        a.unit == b.unit
                            && value(a) != value(b)
                            && matches!((span(run, a), span(run, b)), (Some(pa), Some(pb)) if overlaps(pa, pb))
                    });
                    if let Some(a) = hit {
                        reported.insert((a.doc, b.doc));
                        out.push(conflict(run, metric, a, b));
                    }
                }
            }
        }
        out
    })
}

/// Runs of consecutive targets of one document (targets come in document order).
fn document_blocks<'t>(ts: &[&'t Target]) -> Vec<Vec<&'t Target>> {
    let mut blocks: Vec<Vec<&Target>> = Vec::new();
    for t in ts {
        match blocks.last_mut() {
            Some(block) if block[0].doc == t.doc => block.push(t),
            _ => blocks.push(vec![t]),
        }
    }
    blocks
}

/// CC401 on target `b`, contradicted by the earlier target `a` of a peer document.
fn conflict(run: &Run, metric: &str, a: &Target, b: &Target) -> Hit {
    let (pa, pb) = (
        span(run, a).unwrap_or_default(),
        span(run, b).unwrap_or_default(),
    );
    let scope_note =
        if a.scope != b.scope && a.scope != Scope::Unspecified && b.scope != Scope::Unspecified {
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
    hit
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

pub(super) fn lower_exceeds_upper(run: &Run, regions: &Regions) -> Vec<Hit> {
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
        // Upper targets by region, in runs of one document: a lower plan is compared with the
        // plans of its own region and of every region above it (county → city → province),
        // and a whole run is passed over when its document is not above the lower one.
        let mut by_region: BTreeMap<&str, Vec<Vec<&Target>>> = BTreeMap::new();
        for block in document_blocks(ts) {
            let region = docs[block[0].doc].meta.region.as_str();
            by_region.entry(region).or_default().push(block);
        }
        for lows in document_blocks(ts) {
            let dl = &docs[lows[0].doc];
            let Some(level) = dl.meta.level else {
                continue;
            };
            let chain = crate::rules::region_chain(&dl.meta, &parent);
            let uppers: Vec<&Target> = chain
                .iter()
                .filter(|r| !r.is_empty())
                .filter_map(|r| by_region.get(r.as_str()))
                .flatten()
                .filter(|block| docs[block[0].doc].meta.level.is_some_and(|u| u < level))
                .flatten()
                .copied()
                .collect();
            for low in lows {
                let exceeded = uppers.iter().find(|up| {
                    low.unit == up.unit
                        && low.unit != "%"
                        && low.scope == up.scope
                        && matches!((span(run, low), span(run, up)), (Some(pl), Some(pu)) if overlaps(pl, pu) && value(low) > value(up))
                });
                // One finding per lower target: the first upper figure it exceeds.
                if let Some(up) = exceeded {
                    out.push(target_pair(run, metric, low, up));
                }
            }
        }
        out
    })
}

/// The thing a metric counts: its last two characters (`…企业`, `…产品`, `…证书`).
pub(super) fn head_noun(metric: &str) -> String {
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

pub(super) fn table_text_mismatch(run: &Run) -> Vec<Hit> {
    let mut out = Vec::new();
    let tables: Vec<&Target> = run
        .targets
        .iter()
        .filter(|t| t.source == TargetSource::Table)
        .collect();
    // Text targets by (document, value): a table figure meets only the text figures equal to it.
    let mut text_by_value: HashMap<(usize, u64), Vec<&Target>> = HashMap::default();
    for t in &run.targets {
        if t.source == TargetSource::Text && t.kind == TargetKind::Target {
            if let Some(v) = value(t) {
                text_by_value
                    .entry((t.doc, v.to_bits()))
                    .or_default()
                    .push(t);
            }
        }
    }
    for tab in tables {
        let Some(v) = value(tab).filter(|v| *v >= 10.0) else {
            continue;
        };
        let (mt, ht) = (
            comparable_metric(&tab.metric_raw),
            head_noun(&tab.metric_raw),
        );
        let same_value = text_by_value.get(&(tab.doc, v.to_bits()));
        for txt in same_value.into_iter().flatten() {
            if txt.year != tab.year && txt.year.is_some() {
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

pub(super) fn unit_mismatch(run: &Run, metrics: &Metrics) -> Vec<Hit> {
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

/// Pairs (achieved earlier, promised later) of the same metric and unit in one document: each
/// target with the first achieved figure, in document order, of a year before the target's.
fn achieved_and_target(run: &Run) -> Vec<(&Target, &Target)> {
    // Achieved figures by (document, metric, unit) in document order, with the running minimum
    // of their years. The minimums never rise, so the first figure of a year before the
    // target's is where they first drop below it: a binary search, not a scan.
    type Earlier<'r> = (Vec<&'r Target>, Vec<Option<u16>>);
    let mut achieved: HashMap<(usize, &str, &str), Earlier<'_>> = HashMap::default();
    for a in &run.targets {
        if a.kind == TargetKind::Achieved && value(a).is_some() {
            let key = (a.doc, a.metric.as_str(), a.unit.as_str());
            let (figures, min_years) = achieved.entry(key).or_default();
            let min = min_years.last().map_or(a.year, |m| (*m).min(a.year));
            figures.push(a);
            min_years.push(min);
        }
    }
    let mut out = Vec::new();
    for t in &run.targets {
        if t.kind != TargetKind::Target || value(t).is_none() || t.metric.chars().count() < 2 {
            continue;
        }
        let key = (t.doc, t.metric.as_str(), t.unit.as_str());
        let Some((figures, min_years)) = achieved.get(&key) else {
            continue;
        };
        let first = min_years.partition_point(|m| *m >= t.year);
        if let Some(a) = figures.get(first) {
            out.push((*a, t));
        }
    }
    out
}

pub(super) fn doubling_claim(run: &Run) -> Vec<Hit> {
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

pub(super) fn target_below_achieved(run: &Run) -> Vec<Hit> {
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
    use super::*;
    use crate::model::Comparator;

    fn target(doc: usize, metric: &str, kind: TargetKind, year: Option<u16>, v: f64) -> Target {
        Target {
            doc,
            section: 0,
            range: 0..0,
            metric_raw: metric.to_owned(),
            metric: metric.to_owned(),
            value: Quantity::Value(v),
            unit: "家".to_owned(),
            comparator: Comparator::Eq,
            year,
            period_start: None,
            scope: Scope::Unspecified,
            kind,
            source: TargetSource::Text,
        }
    }

    /// The pairing as it was written first: for each target, scan its document's figures.
    fn paired_by_scanning(targets: &[Target]) -> Vec<(usize, usize)> {
        let at = |t: &Target| targets.iter().position(|x| std::ptr::eq(x, t)).unwrap();
        let mut out = Vec::new();
        for t in targets.iter().filter(|t| t.kind == TargetKind::Target) {
            if t.metric.chars().count() < 2 {
                continue;
            }
            let earlier = targets.iter().find(|a| {
                a.doc == t.doc
                    && a.kind == TargetKind::Achieved
                    && a.metric == t.metric
                    && a.unit == t.unit
                    && a.year < t.year
            });
            if let Some(a) = earlier {
                out.push((at(a), at(t)));
            }
        }
        out
    }

    #[test]
    fn achieved_figures_pair_with_targets_as_a_scan_would() {
        // A small linear congruential generator: many shapes, the same every run.
        let mut state = 7u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for _ in 0..200 {
            let targets: Vec<Target> = (0..next(30) + 1)
                .map(|_| {
                    let kind = [
                        TargetKind::Target,
                        TargetKind::Achieved,
                        TargetKind::Baseline,
                    ][next(3) as usize];
                    let year = (next(4) > 0).then(|| 2019 + next(8) as u16);
                    let metric = ["企业数量", "产值", "企"][next(3) as usize];
                    target(next(2) as usize, metric, kind, year, next(100) as f64)
                })
                .collect();
            let run = Run {
                targets,
                ..Run::default()
            };
            let at = |t: &Target| run.targets.iter().position(|x| std::ptr::eq(x, t)).unwrap();
            let fast: Vec<(usize, usize)> = achieved_and_target(&run)
                .into_iter()
                .map(|(a, t)| (at(a), at(t)))
                .collect();
            assert_eq!(fast, paired_by_scanning(&run.targets));
        }
    }
}
