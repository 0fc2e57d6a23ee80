//! The duplicates tab: copied passages side by side, their edits marked.
//!
//! In: a [`Run`] (its duplicate pairs in run order). Out: a [`DuplicatesPart`] with two lists
//! of [`PairView`]s, the first [`MAX_PAIRS`] exact and near copies and the first
//! [`MAX_PAIRS`] boilerplate pairs (a note says when more copies exist). Each side of a pair is
//! its quoted text cut into segments: unchanged text (mark `""`), text an edit changed
//! (`"changed"`) and changed numbers (`"numeric"`).

use std::ops::Range;

use serde::Serialize;

use super::{link, Link, Seg};
use crate::model::{DupKind, Duplicate, Place, Run};

/// Duplicate pairs shown.
const MAX_PAIRS: usize = 400;

#[derive(Serialize)]
struct Side {
    at: Link,
    section: String,
    title: String,
    segs: Vec<Seg>,
}

#[derive(Serialize)]
pub(super) struct PairView {
    id: String,
    cluster: String,
    kind: &'static str,
    similarity: String,
    containment: String,
    edits: String,
    drift: bool,
    a: Side,
    b: Side,
}

/// The duplicates tab's share of the template context.
pub(super) struct DuplicatesPart {
    /// Exact and near copies.
    pub(super) pairs: Vec<PairView>,
    pub(super) boilerplate: Vec<PairView>,
}

/// The copies and the boilerplate pairs shown.
pub(super) fn duplicates_part(run: &Run, notes: &mut Vec<String>) -> DuplicatesPart {
    let (copies, stock): (Vec<&Duplicate>, Vec<&Duplicate>) = run
        .dedup
        .duplicates
        .iter()
        .partition(|d| d.kind != DupKind::Boilerplate);
    if copies.len() > MAX_PAIRS {
        notes.push(format!(
            "{} of {} duplicate pairs shown; duplicates.csv has them all.",
            MAX_PAIRS,
            copies.len()
        ));
    }
    let pairs = copies
        .iter()
        .take(MAX_PAIRS)
        .map(|d| pair_view(run, d))
        .collect();
    let boilerplate = stock
        .iter()
        .take(MAX_PAIRS)
        .map(|d| pair_view(run, d))
        .collect();
    DuplicatesPart { pairs, boilerplate }
}

/// One copy, split into unchanged text and the parts the edits changed.
fn side(
    run: &Run,
    doc: usize,
    range: &Range<usize>,
    section: usize,
    title: &Option<String>,
    edits: Vec<(Range<usize>, bool)>,
) -> Side {
    let d = &run.corpus.documents[doc];
    let mut segs = Vec::new();
    let mut pos = range.start;
    let mut edits = edits;
    edits.sort_by_key(|(r, _)| r.start);
    for (r, numeric) in edits {
        if r.start < pos || r.end > range.end {
            continue;
        }
        if r.start > pos {
            segs.push(Seg {
                text: d.quote(pos..r.start).to_owned(),
                mark: "",
            });
        }
        segs.push(Seg {
            text: d.quote(r.clone()).to_owned(),
            mark: if numeric { "numeric" } else { "changed" },
        });
        pos = r.end;
    }
    if pos < range.end {
        segs.push(Seg {
            text: d.quote(pos..range.end).to_owned(),
            mark: "",
        });
    }
    Side {
        at: link(run, doc, &Place::Normalized(range.clone())),
        section: d.sections[section].id.clone(),
        title: title.clone().unwrap_or_default(),
        segs,
    }
}

fn pair_view(run: &Run, d: &Duplicate) -> PairView {
    let a_edits = d
        .edits
        .iter()
        .filter_map(|e| Some((e.range_a.clone()?, e.numeric)))
        .collect();
    let b_edits = d
        .edits
        .iter()
        .filter_map(|e| Some((e.range_b.clone()?, e.numeric)))
        .collect();
    PairView {
        id: d.id.clone(),
        cluster: d.cluster.clone(),
        kind: d.kind.as_str(),
        similarity: format!("{:.3}", d.similarity),
        containment: format!("{:.3}", d.containment),
        edits: d
            .edits
            .iter()
            .map(|e| e.compact())
            .collect::<Vec<_>>()
            .join("; "),
        drift: d.title_drift,
        a: side(run, d.a.doc, &d.a.range, d.a.section, &d.title_a, a_edits),
        b: side(run, d.b.doc, &d.b.range, d.b.section, &d.title_b, b_edits),
    }
}
