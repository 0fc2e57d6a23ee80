//! `report.html`: one self-contained file (inline CSS, JS and SVG; no network) for reviewers.
//!
//! In: a [`Run`]. Out: HTML text. A view model is built here and rendered by the minijinja
//! template `report.html` with HTML auto-escaping on: every string from a document, a file name
//! or a rule message is escaped by the template engine, never marked safe. Output is
//! deterministic (no timestamps; everything in run order). Large corpora are capped (documents
//! shown in full, duplicate pairs, coverage rows, target rows), with a note where a cap applied.
//!
//! This file holds the entry point, the page assembly ([`View`], one field per template
//! variable) and the small pieces every part shares (links, text segments, bar charts). Each
//! part of the page is built by its own module, which also holds its cap:
//! - `labels`: the zh/en wording;
//! - `overview`: totals, the document table and the duplication-rate chart;
//! - `findings`: counts per severity and rule, the findings table and its filters;
//! - `duplicates`: copies and boilerplate side by side;
//! - `alignment`: the coverage chart, coverage rows and heat maps;
//! - `targets`: targets grouped by metric;
//! - `documents`: the original text, line by line.

mod alignment;
mod documents;
mod duplicates;
mod findings;
mod labels;
mod overview;
mod targets;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Place, Run};

const TEMPLATE: &str = include_str!("report.html");

/// UI language (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Render the report.
pub fn render(run: &Run, lang: Lang) -> Result<String, String> {
    let mut view = build(run, lang);
    // The Content-Security-Policy nonce: derived from the report's content, so output stays
    // deterministic while a crafted document cannot know it in advance.
    let content = serde_json::to_vec(&view).map_err(|e| e.to_string())?;
    view.nonce = crate::text::sha256_hex(&content)[..24].to_owned();
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| format!("report template: {e}"))?;
    let tmpl = env
        .get_template("report.html")
        .map_err(|e| format!("report template: {e}"))?;
    tmpl.render(minijinja::Value::from(minijinja::value::Serde(&view)))
        .map_err(|e| format!("rendering report.html: {e:#}"))
}

/// The template context. Field order is part of the output: the nonce is a hash of this
/// value serialized.
#[derive(Serialize)]
struct View {
    nonce: String,
    lang: &'static str,
    l: BTreeMap<&'static str, &'static str>,
    docs: Vec<overview::DocRow>,
    severity_counts: Vec<(String, usize)>,
    rule_counts: Vec<findings::RuleCount>,
    findings: Vec<findings::FindingView>,
    filter_docs: Vec<String>,
    filter_rules: Vec<String>,
    pairs: Vec<duplicates::PairView>,
    boilerplate: Vec<duplicates::PairView>,
    rate_chart: Chart,
    coverage_chart: Chart,
    alignment: Vec<alignment::AlignView>,
    targets: Vec<targets::MetricGroup>,
    doc_views: Vec<documents::DocText>,
    notes: Vec<String>,
    totals: overview::Totals,
}

#[derive(Serialize)]
struct Link {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct Seg {
    text: String,
    /// `""`, `"changed"`, `"numeric"` or `"dup"`.
    mark: &'static str,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    y: usize,
    width: f64,
    value: String,
    color: &'static str,
}

#[derive(Serialize)]
struct Chart {
    height: usize,
    bars: Vec<Bar>,
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn anchor(doc: usize, line: usize) -> String {
    format!("#d{doc}-L{line}")
}

fn link(run: &Run, doc: usize, place: &Place) -> Link {
    let d = &run.corpus.documents[doc];
    let loc = d.locate_place(place);
    let raw_start = match place {
        Place::Normalized(r) => d.raw_range(r.clone()).start,
        Place::Raw(r) => r.start,
    };
    Link {
        label: format!("{}:{}", d.id(), loc.start_label()),
        // The document view numbers the lines of the whole text, pages or not.
        href: anchor(doc, d.raw_line_of(raw_start)),
    }
}

/// The page, part by part. The parts are built in page order, so the notes on capped parts
/// come out in page order too.
fn build(run: &Run, lang: Lang) -> View {
    let mut notes = Vec::new();
    let docs = overview::doc_rows(run);
    let findings = findings::findings_part(run, &mut notes);
    let duplicates = duplicates::duplicates_part(run, &mut notes);
    let rate_chart = overview::rate_chart(run, &docs, &mut notes);
    let alignment = alignment::alignment_part(run, &mut notes);
    let targets = targets::target_groups(run, &mut notes);
    let doc_views = documents::doc_texts(run, &mut notes);
    View {
        nonce: String::new(),
        lang: if lang == Lang::En { "en" } else { "zh-CN" },
        l: labels::labels(lang),
        totals: overview::totals(run),
        docs,
        severity_counts: findings.severity_counts,
        rule_counts: findings.rule_counts,
        findings: findings.findings,
        filter_docs: findings.filter_docs,
        filter_rules: findings.filter_rules,
        pairs: duplicates.pairs,
        boilerplate: duplicates.boilerplate,
        rate_chart,
        coverage_chart: alignment.coverage_chart,
        alignment: alignment.alignment,
        targets,
        doc_views,
        notes,
    }
}
