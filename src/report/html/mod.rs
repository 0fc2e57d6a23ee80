//! `report.html`: one self-contained file (inline CSS, JS and SVG; no network) for reviewers.
//!
//! In: a [`Run`]. Out: HTML text. A view model is built here and rendered by the minijinja
//! template `report.html` with HTML auto-escaping on: every string from a document, a file name
//! or a rule message is escaped by the template engine, never marked safe. Output is
//! deterministic (no timestamps; everything in run order). Large corpora are capped (documents
//! shown in full, duplicate pairs, coverage rows, target rows), with a note where a cap applied.

mod alignment;
mod documents;
mod duplicates;
mod findings;
mod labels;
mod targets;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Run;
use crate::model::{DupKind, Place};

const TEMPLATE: &str = include_str!("report.html");

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

#[derive(Serialize)]
struct View {
    nonce: String,
    lang: &'static str,
    l: BTreeMap<&'static str, &'static str>,
    docs: Vec<DocRow>,
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
    totals: Totals,
}

#[derive(Serialize)]
struct Totals {
    documents: usize,
    sections: usize,
    exact: usize,
    near: usize,
    boilerplate: usize,
    targets: usize,
    findings: usize,
}

#[derive(Serialize)]
struct DocRow {
    index: usize,
    id: String,
    title: String,
    level: String,
    region: String,
    chars: usize,
    rate_pct: String,
    warnings: String,
}

#[derive(Serialize)]
struct Link {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct Seg {
    text: String,
    /// `""`, `"changed"`, or `"numeric"`.
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
    Link {
        label: format!("{}:{}:{}", d.id(), loc.line_start, loc.col_start),
        href: anchor(doc, loc.line_start),
    }
}

fn build(run: &Run, lang: Lang) -> View {
    let docs = &run.corpus.documents;
    let mut notes = Vec::new();
    let doc_rows: Vec<DocRow> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| DocRow {
            index: i,
            id: d.id().0.clone(),
            title: d.meta.title.clone(),
            level: d.meta.level.map_or("", |l| l.as_str()).to_owned(),
            region: d.meta.region.clone(),
            chars: crate::text::count_chars(d.text()),
            rate_pct: pct(run.dedup.rate(i, d, 0..d.text().len())),
            warnings: d.source.warnings.join("; "),
        })
        .collect();

    let findings = findings::findings_part(run, &mut notes);
    let duplicates = duplicates::duplicates_part(run, &mut notes);

    let rate_chart = Chart {
        height: docs.len().min(60) * 22 + 10,
        bars: doc_rows
            .iter()
            .take(60)
            .enumerate()
            .map(|(k, r)| {
                let rate = run
                    .dedup
                    .rate(r.index, &docs[r.index], 0..docs[r.index].text().len());
                Bar {
                    label: r.id.clone(),
                    y: k * 22 + 5,
                    width: (rate * 400.0).max(1.0),
                    value: r.rate_pct.clone(),
                    color: "#c0392b",
                }
            })
            .collect(),
    };
    if docs.len() > 60 {
        notes.push(format!(
            "The duplication chart shows 60 of {} documents; the table lists all.",
            docs.len()
        ));
    }

    let alignment = alignment::alignment_part(run, &mut notes);

    let targets = targets::target_groups(run, &mut notes);
    let doc_views = documents::doc_texts(run, &mut notes);
    View {
        nonce: String::new(),
        lang: if lang == Lang::En { "en" } else { "zh-CN" },
        l: labels::labels(lang),
        totals: Totals {
            documents: docs.len(),
            sections: docs.iter().map(|d| d.sections.len()).sum(),
            exact: run
                .dedup
                .duplicates
                .iter()
                .filter(|d| d.kind == DupKind::Exact)
                .count(),
            near: run
                .dedup
                .duplicates
                .iter()
                .filter(|d| d.kind == DupKind::Near)
                .count(),
            boilerplate: run
                .dedup
                .duplicates
                .iter()
                .filter(|d| d.kind == DupKind::Boilerplate)
                .count(),
            targets: run.targets.len(),
            findings: run.findings.len(),
        },
        docs: doc_rows,
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
