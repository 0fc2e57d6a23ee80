//! The alignment tab: how far each lower document covers its upper document's tasks.
//!
//! In: a [`Run`] (its aligned document pairs, coverage rows and section alignments, in run
//! order). Out: an [`AlignmentPart`]: the coverage [`Chart`] with a bar per pair for the first
//! [`MAX_COVERAGE_BARS`] pairs (share = (covered + ½ partial) / tasks), and an [`AlignView`]
//! for each of the first [`MAX_ALIGN_PAIRS`] pairs: its status counts, up to
//! [`MAX_COVERAGE_ROWS`] task rows (missing first, then partial, then covered) and a heat map
//! of section similarity of at most [`MAX_HEAT`] × [`MAX_HEAT`] cells. A note says when more
//! pairs exist.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::{anchor, pct, Bar, Chart, Link};
use crate::model::{Alignment, Coverage, CoverageStatus, Run};

/// Document pairs shown in the alignment view, and coverage rows per pair.
const MAX_ALIGN_PAIRS: usize = 40;
const MAX_COVERAGE_ROWS: usize = 300;
/// Document pairs in the coverage chart.
const MAX_COVERAGE_BARS: usize = 60;
/// Heat map size (tasks × sections).
const MAX_HEAT: usize = 40;

#[derive(Serialize)]
struct CoverageView {
    status: &'static str,
    task: Link,
    score: String,
    best: Option<Link>,
    /// Shared key terms of the task and its best counterpart (when the pair is listed in
    /// alignments.csv).
    shared: String,
}

#[derive(Serialize)]
struct HeatCell {
    x: usize,
    y: usize,
    opacity: String,
    title: String,
}

#[derive(Serialize)]
pub(super) struct AlignView {
    lower: String,
    upper: String,
    covered: usize,
    partial: usize,
    missing: usize,
    rows: Vec<CoverageView>,
    capped: bool,
    heat: Vec<HeatCell>,
    heat_rows: usize,
    heat_cols: usize,
}

/// The alignment tab's share of the template context.
pub(super) struct AlignmentPart {
    pub(super) coverage_chart: Chart,
    pub(super) alignment: Vec<AlignView>,
}

/// The document pairs shown, with their coverage rows and alignments grouped by pair.
struct Shown<'r> {
    pairs: &'r [(usize, usize)],
    coverage_of: FxHashMap<(usize, usize), Vec<&'r Coverage>>,
    alignments_of: FxHashMap<(usize, usize), Vec<&'r Alignment>>,
}

/// How many of a pair's tasks have each coverage status.
struct Tally {
    covered: usize,
    partial: usize,
    missing: usize,
}

/// The coverage chart and the per-pair views.
pub(super) fn alignment_part(run: &Run, notes: &mut Vec<String>) -> AlignmentPart {
    let shown = group_shown(run);
    let mut coverage_bars = Vec::new();
    let mut alignment = Vec::new();
    for (k, &(a, b)) in shown.pairs.iter().enumerate() {
        let cov: Vec<&Coverage> = shown.coverage_of.get(&(a, b)).cloned().unwrap_or_default();
        let tally = tally(&cov);
        if coverage_bars.len() < MAX_COVERAGE_BARS {
            coverage_bars.push(coverage_bar(run, (a, b), &cov, &tally, coverage_bars.len()));
        }
        if k >= MAX_ALIGN_PAIRS {
            continue;
        }
        let als = shown
            .alignments_of
            .get(&(a, b))
            .map_or(&[][..], Vec::as_slice);
        alignment.push(align_view(run, (a, b), &cov, als, tally));
    }
    if run.align.pairs.len() > MAX_ALIGN_PAIRS {
        notes.push(format!(
            "{} of {} aligned document pairs shown; alignments.csv and coverage.csv have them all.",
            MAX_ALIGN_PAIRS,
            run.align.pairs.len()
        ));
    }
    AlignmentPart {
        coverage_chart: Chart {
            height: coverage_bars.len() * 22 + 10,
            bars: coverage_bars,
        },
        alignment,
    }
}

/// The items of the document pairs in `shown`, grouped by pair, in their order.
fn by_shown_pair<'r, T>(
    items: &'r [T],
    shown: &FxHashSet<(usize, usize)>,
    pair: impl Fn(&T) -> (usize, usize),
) -> FxHashMap<(usize, usize), Vec<&'r T>> {
    let mut grouped: FxHashMap<(usize, usize), Vec<&T>> = FxHashMap::default();
    for item in items {
        let p = pair(item);
        if shown.contains(&p) {
            grouped.entry(p).or_default().push(item);
        }
    }
    grouped
}

/// Coverage rows and alignments of the document pairs shown (a bar for the first
/// `MAX_COVERAGE_BARS`, details for the first `MAX_ALIGN_PAIRS`), grouped once (not
/// filtered per pair: a corpus has tens of thousands of pairs and a million rows).
fn group_shown(run: &Run) -> Shown<'_> {
    let shown_pairs: &[(usize, usize)] = &run.align.pairs[..run
        .align
        .pairs
        .len()
        .min(MAX_COVERAGE_BARS.max(MAX_ALIGN_PAIRS))];
    let shown: FxHashSet<(usize, usize)> = shown_pairs.iter().copied().collect();
    let coverage_of = by_shown_pair(&run.align.coverage, &shown, |c| (c.lower_doc, c.upper_doc));
    let alignments_of = by_shown_pair(&run.align.alignments, &shown, |al| (al.doc_a, al.doc_b));
    Shown {
        pairs: shown_pairs,
        coverage_of,
        alignments_of,
    }
}

fn tally(cov: &[&Coverage]) -> Tally {
    let count = |s: CoverageStatus| cov.iter().filter(|c| c.status == s).count();
    Tally {
        covered: count(CoverageStatus::Covered),
        partial: count(CoverageStatus::Partial),
        missing: count(CoverageStatus::Missing),
    }
}

/// The chart bar of the pair (lower `a`, upper `b`), the `k`-th bar.
fn coverage_bar(
    run: &Run,
    (a, b): (usize, usize),
    cov: &[&Coverage],
    tally: &Tally,
    k: usize,
) -> Bar {
    let docs = &run.corpus.documents;
    let share = if cov.is_empty() {
        0.0
    } else {
        (tally.covered as f64 + 0.5 * tally.partial as f64) / cov.len() as f64
    };
    Bar {
        label: format!("{} → {}", docs[a].id(), docs[b].id()),
        y: k * 22 + 5,
        width: (share * 400.0).max(1.0),
        value: pct(share),
        color: "#2e86c1",
    }
}

/// The detail view of the pair (lower `a`, upper `b`).
fn align_view(
    run: &Run,
    (a, b): (usize, usize),
    cov: &[&Coverage],
    als: &[&Alignment],
    tally: Tally,
) -> AlignView {
    let docs = &run.corpus.documents;
    let (heat, heat_rows, heat_cols) = heat_map(run, cov, als);
    AlignView {
        lower: format!("{} {}", docs[a].id(), docs[a].meta.title),
        upper: format!("{} {}", docs[b].id(), docs[b].meta.title),
        covered: tally.covered,
        partial: tally.partial,
        missing: tally.missing,
        capped: cov.len() > MAX_COVERAGE_ROWS,
        rows: coverage_rows(run, (a, b), cov, als),
        heat,
        heat_rows,
        heat_cols,
    }
}

/// The first tasks of the upper document, missing first, then partial, then covered.
fn coverage_rows(
    run: &Run,
    pair: (usize, usize),
    cov: &[&Coverage],
    als: &[&Alignment],
) -> Vec<CoverageView> {
    let mut rows: Vec<CoverageView> = cov
        .iter()
        .take(MAX_COVERAGE_ROWS)
        .map(|c| coverage_row(run, pair, c, als))
        .collect();
    rows.sort_by_key(|r| match r.status {
        "missing" => 0,
        "partial" => 1,
        _ => 2,
    });
    rows
}

/// One upper task `c` of the pair (lower `a`, upper `b`), linked to its best lower section.
fn coverage_row(
    run: &Run,
    (a, b): (usize, usize),
    c: &Coverage,
    als: &[&Alignment],
) -> CoverageView {
    let docs = &run.corpus.documents;
    let task = &docs[b].sections[c.section];
    CoverageView {
        status: c.status.as_str(),
        task: Link {
            label: docs[b].section_label(c.section),
            href: anchor(b, docs[b].line_of(task.range.clone())),
        },
        score: format!("{:.2}", c.score),
        shared: als
            .iter()
            .find(|al| Some(al.section_a) == c.best_section && al.section_b == c.section)
            .map(|al| al.shared_terms.clone())
            .unwrap_or_default(),
        best: c
            .best_section
            .filter(|_| c.status != CoverageStatus::Missing)
            .map(|s| Link {
                label: format!("{} {}", docs[a].sections[s].id, docs[a].section_label(s)),
                href: anchor(a, docs[a].line_of(docs[a].sections[s].range.clone())),
            }),
    }
}

/// Best alignment score of each (upper task, lower section) pair, for the top tasks.
fn heat_map(
    run: &Run,
    coverage: &[&Coverage],
    alignments: &[&Alignment],
) -> (Vec<HeatCell>, usize, usize) {
    let docs = &run.corpus.documents;
    let rows: Vec<usize> = coverage.iter().map(|c| c.section).take(MAX_HEAT).collect();
    let mut cols: Vec<usize> = alignments
        .iter()
        .filter(|al| rows.contains(&al.section_b))
        .map(|al| al.section_a)
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols.truncate(MAX_HEAT);
    let mut cells = Vec::new();
    for al in alignments {
        let (Some(y), Some(x)) = (
            rows.iter().position(|&r| r == al.section_b),
            cols.iter().position(|&c| c == al.section_a),
        ) else {
            continue;
        };
        cells.push(HeatCell {
            x,
            y,
            opacity: format!("{:.2}", (al.score * 2.0).min(1.0)),
            title: format!(
                "{} ↔ {} ({:.2})",
                docs[al.doc_b].section_label(al.section_b),
                docs[al.doc_a].section_label(al.section_a),
                al.score
            ),
        });
    }
    (cells, rows.len(), cols.len())
}
