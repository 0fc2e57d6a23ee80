//! The targets tab: the stated targets grouped by metric, conflicts marked.
//!
//! In: a [`Run`] (its targets, and the findings of check kinds that compare targets). Out: one
//! [`MetricGroup`] per metric, groups in conflict first, then those stated by more documents,
//! then by metric name; whole groups are shown until [`MAX_TARGET_ROWS`] rows would be
//! passed (a note says so). A row is in conflict when a target-comparing finding points at
//! the target's start (its own place or a related place).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{link, Link};
use crate::model::{Place, Run, Target};

/// Target rows shown.
const MAX_TARGET_ROWS: usize = 3000;

#[derive(Serialize)]
struct TargetView {
    doc: String,
    level: String,
    value: String,
    unit: String,
    comparator: &'static str,
    year: String,
    scope: &'static str,
    kind: &'static str,
    at: Link,
    quote: String,
    conflict: bool,
}

#[derive(Serialize)]
pub(super) struct MetricGroup {
    metric: String,
    docs: usize,
    conflict: bool,
    rows: Vec<TargetView>,
}

/// (document, normalized byte offset) of every place a target-comparing finding points at.
type Conflicted = HashSet<(usize, usize)>;

/// The targets of one metric, before any row is made. Which groups are shown is decided on
/// counts alone; rows (line lookups, quotes) are made for those only (at 10,000 documents
/// 3,000 of 90,000 targets are shown).
struct Group<'r> {
    metric: &'r str,
    targets: Vec<&'r Target>,
    docs: usize,
    conflict: bool,
}

/// The metric groups shown, in display order.
pub(super) fn target_groups(run: &Run, notes: &mut Vec<String>) -> Vec<MetricGroup> {
    let conflicted = conflicted(run);
    let mut groups = group_by_metric(run, &conflicted);
    // Metrics stated by several documents, or in conflict, first.
    groups.sort_by(|x, y| {
        (y.conflict, y.docs)
            .cmp(&(x.conflict, x.docs))
            .then(x.metric.cmp(y.metric))
    });
    cap(&mut groups, notes);
    groups
        .into_iter()
        .map(|g| metric_group(run, g, &conflicted))
        .collect()
}

/// Where the findings that compare targets point.
fn conflicted(run: &Run) -> Conflicted {
    run.findings
        .iter()
        .filter(|f| f.kind.compares_targets())
        .flat_map(|f| {
            std::iter::once((f.doc, &f.place)).chain(f.related.iter().map(|(d, p)| (*d, p)))
        })
        .filter_map(|(d, p)| match p {
            Place::Normalized(r) => Some((d, r.start)),
            Place::Raw(_) => None,
        })
        .collect()
}

/// The targets grouped by metric, in metric order.
fn group_by_metric<'r>(run: &'r Run, conflicted: &Conflicted) -> Vec<Group<'r>> {
    let mut groups: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
    for t in &run.targets {
        groups.entry(t.metric.as_str()).or_default().push(t);
    }
    groups
        .into_iter()
        .map(|(metric, targets)| {
            let mut doc_ids: Vec<usize> = targets.iter().map(|t| t.doc).collect();
            doc_ids.dedup();
            Group {
                metric,
                docs: doc_ids.len(),
                conflict: targets
                    .iter()
                    .any(|t| conflicted.contains(&(t.doc, t.range.start))),
                targets,
            }
        })
        .collect()
}

/// Keeps the leading groups whose rows fit in [`MAX_TARGET_ROWS`].
fn cap(groups: &mut Vec<Group<'_>>, notes: &mut Vec<String>) {
    let mut shown = 0;
    groups.retain(|g| {
        shown += g.targets.len();
        shown <= MAX_TARGET_ROWS
    });
    if shown > MAX_TARGET_ROWS {
        notes.push(format!(
            "Target groups shown up to {MAX_TARGET_ROWS} rows; targets.csv has them all."
        ));
    }
}

fn metric_group(run: &Run, g: Group<'_>, conflicted: &Conflicted) -> MetricGroup {
    MetricGroup {
        metric: g.metric.to_owned(),
        docs: g.docs,
        conflict: g.conflict,
        rows: g
            .targets
            .iter()
            .map(|t| target_row(run, t, conflicted))
            .collect(),
    }
}

fn target_row(run: &Run, t: &Target, conflicted: &Conflicted) -> TargetView {
    let d = &run.corpus.documents[t.doc];
    TargetView {
        doc: d.id().0.clone(),
        level: d.meta.level.map_or("", |l| l.as_str()).to_owned(),
        value: t.value.to_string(),
        unit: t.unit.clone(),
        comparator: t.comparator.as_str(),
        year: t.year.map_or(String::new(), |y| y.to_string()),
        scope: t.scope.as_str(),
        kind: t.kind.as_str(),
        at: link(run, t.doc, &Place::Normalized(t.range.clone())),
        quote: d.quote(t.range.clone()).to_owned(),
        conflict: conflicted.contains(&(t.doc, t.range.start)),
    }
}
