//! The overview tab: the headline totals, the document table and the duplication-rate chart.
//!
//! In: a [`Run`]. Out: [`Totals`] (documents, sections, duplicate pairs by kind, targets,
//! findings), one [`DocRow`] per document in run order (its duplication rate as text, e.g.
//! `12.5%`), and the rate [`Chart`] with a bar for each of the first 60 documents (a note says
//! when the corpus has more).

use rayon::prelude::*;
use serde::Serialize;

use super::{pct, Bar, Chart};
use crate::model::{DupKind, Run};

/// Documents drawn in the duplication-rate chart.
const MAX_RATE_BARS: usize = 60;

#[derive(Serialize)]
pub(super) struct Totals {
    documents: usize,
    sections: usize,
    exact: usize,
    near: usize,
    boilerplate: usize,
    targets: usize,
    findings: usize,
}

#[derive(Serialize)]
pub(super) struct DocRow {
    index: usize,
    id: String,
    title: String,
    level: String,
    region: String,
    chars: usize,
    rate_pct: String,
    warnings: String,
}

/// One row per document, in run order.
pub(super) fn doc_rows(run: &Run) -> Vec<DocRow> {
    run.corpus
        .documents
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
        .collect()
}

/// The duplication rate of the first documents as bars (`rows` from [`doc_rows`]).
pub(super) fn rate_chart(run: &Run, rows: &[DocRow], notes: &mut Vec<String>) -> Chart {
    let docs = &run.corpus.documents;
    let chart = Chart {
        height: docs.len().min(MAX_RATE_BARS) * 22 + 10,
        bars: rows
            .iter()
            .take(MAX_RATE_BARS)
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
    if docs.len() > MAX_RATE_BARS {
        notes.push(format!(
            "The duplication chart shows {MAX_RATE_BARS} of {} documents; the table lists all.",
            docs.len()
        ));
    }
    chart
}

/// The headline counts.
pub(super) fn totals(run: &Run) -> Totals {
    let docs = &run.corpus.documents;
    let dups = |kind: DupKind| {
        run.dedup
            .duplicates
            .iter()
            .filter(|d| d.kind == kind)
            .count()
    };
    Totals {
        documents: docs.len(),
        sections: docs.iter().map(|d| d.sections.len()).sum(),
        exact: dups(DupKind::Exact),
        near: dups(DupKind::Near),
        boilerplate: dups(DupKind::Boilerplate),
        targets: run.targets.len(),
        findings: run.findings.len(),
    }
}
