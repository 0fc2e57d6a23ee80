//! Stage: targets — a document → its quantitative statements ([`Target`]).
//!
//! In: one [`Document`] (normalized text, sections, manifest period) and the metric rules.
//! Out: every quantity with the phrase it measures, its unit, comparator, year or period,
//! scope (new / cumulative / annual / rate) and kind (target / achieved / baseline).
//!
//! Text is read sentence by sentence (`。！？；` and line ends). Within one passage (paragraph,
//! bullet, item) a year or a `十三五期间` said once holds for the following sentences, as
//! plans write it (`到2022年，…15个左右。…年均增长7%左右。`). A sentence without a year takes the
//! document's period from the manifest. Tables whose header names an indicator and a unit
//! (003's 表1: 类别 | 主要指标 | 单位 | 2025年规划目标值) give one target per row, unit from its
//! column, year from the header.
//!
//! ```
//! use crosscheck::targets::numbers::mentions;
//! let m = mentions("力争到2022年，“品字标浙江制造”品牌企业达到1200家以上");
//! assert_eq!((m[0].value, m[0].unit.as_str()), (1200.0, "家"));
//! ```
//!
//! The steps, one file each: `sentences` (the targets of one sentence: its quantities, their
//! metric, comparator, scope and kind), `metric` (naming what a quantity measures, and its
//! canonical key), `time` (target years, named periods and the passage's time context) and
//! `tables` (one target per row of a metrics table). This file reads the document sentence by
//! sentence and places each target in it.

pub mod numbers;

mod metric;
mod sentences;
mod tables;
pub(crate) mod time;

use std::ops::Range;

use crate::model::{Document, Quantity, SectionKind, Target, TargetKind};
use crate::rules::Metrics;
use sentences::{sentence_targets, sentences};
use tables::table_targets;
use time::{period, Context};

pub use metric::canonical_metric;

/// Extract the targets of one document (`doc_index` is its index in the corpus).
pub fn extract(doc_index: usize, doc: &Document, metrics: &Metrics) -> Vec<Target> {
    let (period_start, period_end) = period(&doc.meta.period);
    // A review (`…工作总结和2024年工作思路`) reports results unless a sentence promises.
    let review = ["总结", "回顾", "成效"]
        .iter()
        .any(|w| doc.meta.title.contains(w));
    let mut out = Vec::new();
    let excluded: Vec<Range<usize>> = doc
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Table | SectionKind::Toc))
        .map(|s| s.range.clone())
        .collect();
    let text = doc.text();
    let mut context = Context::default();
    let mut passage: Option<usize> = None;
    // Sentences and their targets come in text order: two sweeps over the section tree find
    // the enclosing passage and section in amortized constant time (a scan of every section
    // per sentence made a 5 MB one-line export take minutes).
    let mut passages = Sweep::new(doc, |s| {
        matches!(
            s.kind,
            SectionKind::Paragraph | SectionKind::Bullet | SectionKind::Item
        )
    });
    let mut enclosing = Sweep::new(doc, |_| true);
    for sentence in sentences(text) {
        if excluded
            .iter()
            .any(|r| r.start <= sentence.start && sentence.end <= r.end)
        {
            continue;
        }
        let here = passages.innermost(sentence.start..sentence.start + 1);
        if here != passage {
            context = Context::default();
            passage = here;
        }
        let s = &text[sentence.clone()];
        context.update(s);
        context.review = review;
        for t in sentence_targets(s, &context) {
            let range = sentence.start + t.range.start..sentence.start + t.range.end;
            let (year, start) = match (t.year, context.period) {
                (Some(y), _) => (Some(y), None),
                (None, Some((a, b))) => (Some(b), Some(a)),
                // A plan reports results as of its start (a review: of the year it reviews).
                (None, None) if t.kind == TargetKind::Achieved => {
                    (period_start.or(period_end), None)
                }
                (None, None) => (period_end, period_start),
            };
            out.push(Target {
                doc: doc_index,
                section: enclosing.innermost(range.clone()).unwrap_or(0),
                range,
                metric: canonical_metric(&t.metric_raw, metrics),
                metric_raw: t.metric_raw,
                value: Quantity::Value(t.mention.value),
                unit: t.mention.unit,
                comparator: t.comparator,
                year,
                period_start: start,
                scope: t.scope,
                kind: t.kind,
                source: crate::model::TargetSource::Text,
            });
        }
    }
    out.extend(table_targets(doc_index, doc, metrics, period_end));
    out.sort_by_key(|t| (t.range.start, t.range.end));
    out
}

/// Sections containing positions that only move forward: a stack of the open sections
/// (sections nest or are disjoint), innermost on top.
struct Sweep<'d> {
    sections: &'d [crate::model::Section],
    /// Selected sections by start, outer before inner.
    order: Vec<usize>,
    next: usize,
    open: Vec<usize>,
}

impl<'d> Sweep<'d> {
    fn new(doc: &'d Document, keep: impl Fn(&crate::model::Section) -> bool) -> Self {
        let sections = &doc.sections;
        let mut order: Vec<usize> = (0..sections.len())
            .filter(|&i| keep(&sections[i]))
            .collect();
        order.sort_by_key(|&i| {
            (
                sections[i].range.start,
                std::cmp::Reverse(sections[i].range.end),
                i,
            )
        });
        Self {
            sections,
            order,
            next: 0,
            open: Vec::new(),
        }
    }

    /// The innermost (deepest, then latest) selected section containing `r`; `r.start` never
    /// decreases between calls.
    fn innermost(&mut self, r: Range<usize>) -> Option<usize> {
        while let Some(&i) = self.order.get(self.next) {
            if self.sections[i].range.start > r.start {
                break;
            }
            while self
                .open
                .last()
                .is_some_and(|&o| self.sections[o].range.end <= self.sections[i].range.start)
            {
                self.open.pop();
            }
            self.open.push(i);
            self.next += 1;
        }
        while self
            .open
            .last()
            .is_some_and(|&o| self.sections[o].range.end <= r.start)
        {
            self.open.pop();
        }
        let mut best: Option<usize> = None;
        for &o in &self.open {
            let s = &self.sections[o];
            let contains = s.range.start <= r.start && r.end <= s.range.end;
            if contains && best.is_none_or(|b| s.depth >= self.sections[b].depth) {
                best = Some(o);
            }
        }
        best
    }
}
