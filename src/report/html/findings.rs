//! The findings tab: counts per severity and per rule, the findings table and its filters.
//!
//! In: a [`Run`] (its findings in run order). Out: a [`FindingsPart`]: the count of each
//! severity (error, warning, info), one [`RuleCount`] per (rule, name, severity) in key order,
//! the first [`MAX_FINDINGS`] findings as rows with their places as links (a note says when
//! more exist), and the sorted, distinct documents and rules of the rows shown, for the
//! filter menus.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{link, Link};
use crate::model::{Run, Severity};

/// Findings rows shown.
const MAX_FINDINGS: usize = 3000;

#[derive(Serialize)]
pub(super) struct RuleCount {
    rule: String,
    name: String,
    severity: &'static str,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct FindingView {
    id: String,
    rule: String,
    name: String,
    severity: &'static str,
    message: String,
    doc: String,
    at: Link,
    related: Vec<Link>,
}

/// The findings tab's share of the template context.
pub(super) struct FindingsPart {
    pub(super) severity_counts: Vec<(String, usize)>,
    pub(super) rule_counts: Vec<RuleCount>,
    pub(super) findings: Vec<FindingView>,
    pub(super) filter_docs: Vec<String>,
    pub(super) filter_rules: Vec<String>,
}

/// Everything the findings tab shows.
pub(super) fn findings_part(run: &Run, notes: &mut Vec<String>) -> FindingsPart {
    let findings = finding_rows(run, notes);
    FindingsPart {
        severity_counts: severity_counts(run),
        rule_counts: rule_counts(run),
        filter_docs: distinct(findings.iter().map(|f| f.doc.clone())),
        filter_rules: distinct(findings.iter().map(|f| f.rule.clone())),
        findings,
    }
}

/// How many findings have each severity, most severe first.
fn severity_counts(run: &Run) -> Vec<(String, usize)> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                run.findings.iter().filter(|f| f.severity == *s).count(),
            )
        })
        .collect()
}

/// How many findings each rule raised, ordered by (rule, name, severity).
fn rule_counts(run: &Run) -> Vec<RuleCount> {
    let mut counts: BTreeMap<(&str, &str, &'static str), usize> = BTreeMap::new();
    for f in &run.findings {
        *counts
            .entry((&f.rule, &f.name, f.severity.as_str()))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((rule, name, severity), count)| RuleCount {
            rule: rule.to_owned(),
            name: name.to_owned(),
            severity,
            count,
        })
        .collect()
}

/// The first [`MAX_FINDINGS`] findings as table rows.
fn finding_rows(run: &Run, notes: &mut Vec<String>) -> Vec<FindingView> {
    if run.findings.len() > MAX_FINDINGS {
        notes.push(format!(
            "{} of {} findings shown; findings.csv has them all.",
            MAX_FINDINGS,
            run.findings.len()
        ));
    }
    let docs = &run.corpus.documents;
    run.findings
        .iter()
        .take(MAX_FINDINGS)
        .map(|f| FindingView {
            id: f.id.clone(),
            rule: f.rule.clone(),
            name: f.name.clone(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            doc: docs[f.doc].id().0.clone(),
            at: link(run, f.doc, &f.place),
            related: f.related.iter().map(|(d, p)| link(run, *d, p)).collect(),
        })
        .collect()
}

/// The values sorted, each once.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = values.collect();
    out.sort();
    out.dedup();
    out
}
