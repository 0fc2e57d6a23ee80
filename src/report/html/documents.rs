//! The documents tab: the original text of each document, line by line.
//!
//! In: a [`Run`] (each document's raw text and its duplicated ranges). Out: a [`DocText`] per
//! document in run order, each line numbered from 1 with the anchor id `d<doc>-L<line>` that
//! every link in the report points at, and cut into segments: plain text (mark `""`) and
//! duplicated text (`"dup"`). Documents are shown while their characters fit in
//! [`MAX_DOC_VIEW_CHARS`]; a note counts those left out.

use std::ops::Range;

use serde::Serialize;

use super::Seg;
use crate::model::{Document, Run};

/// Total characters of original text shown in the document view.
const MAX_DOC_VIEW_CHARS: usize = 2_000_000;

#[derive(Serialize)]
struct Line {
    n: usize,
    id: String,
    segs: Vec<Seg>,
}

#[derive(Serialize)]
pub(super) struct DocText {
    index: usize,
    id: String,
    title: String,
    lines: Vec<Line>,
}

/// The original text of each document, line by line, duplicated passages marked.
pub(super) fn doc_texts(run: &Run, notes: &mut Vec<String>) -> Vec<DocText> {
    let mut budget = MAX_DOC_VIEW_CHARS;
    let mut out = Vec::new();
    let mut omitted = 0;
    for (i, d) in run.corpus.documents.iter().enumerate() {
        let chars = d.source.raw.chars().count();
        if chars > budget {
            omitted += 1;
            continue;
        }
        budget -= chars;
        out.push(doc_text(run, i, d));
    }
    if omitted > 0 {
        notes.push(format!(
            "{omitted} documents are not shown in full (the report keeps at most {MAX_DOC_VIEW_CHARS} characters of original text); links to them lead nowhere."
        ));
    }
    out
}

fn doc_text(run: &Run, i: usize, d: &Document) -> DocText {
    let raw = &d.source.raw;
    let marks: Vec<Range<usize>> = run
        .dedup
        .duplicated
        .get(i)
        .map(|rs| rs.iter().map(|r| d.raw_range(r.clone())).collect())
        .unwrap_or_default();
    let mut lines = Vec::new();
    let mut start = 0;
    for (n, line) in raw.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        let mut segs = Vec::new();
        let mut pos = start;
        for m in marks.iter().filter(|m| m.start < end && m.end > start) {
            let (ms, me) = (m.start.max(start), m.end.min(end));
            if ms > pos {
                segs.push(Seg {
                    text: raw[pos..ms].to_owned(),
                    mark: "",
                });
            }
            if me > ms.max(pos) {
                segs.push(Seg {
                    text: raw[ms.max(pos)..me].to_owned(),
                    mark: "dup",
                });
            }
            pos = pos.max(me);
        }
        if pos < end {
            segs.push(Seg {
                text: raw[pos..end].to_owned(),
                mark: "",
            });
        }
        lines.push(Line {
            n: n + 1,
            id: format!("d{i}-L{}", n + 1),
            segs,
        });
        start += line.len();
    }
    DocText {
        index: i,
        id: d.id().0.clone(),
        title: d.meta.title.clone(),
        lines,
    }
}
