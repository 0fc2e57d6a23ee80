//! Stage 3, segment: normalized text → a section tree ([`Vec<Section>`], parents before children).
//!
//! In: one document's normalized text (whitespace kept). Out: sections in document order, each
//! with a stable id (`001/三/(一)/1`, `003/专栏2`, `003/table2/重大工程/3`), a kind, a depth, its
//! byte range and title range in the normalized text. `Document::locate` turns those ranges into
//! original-file positions.
//!
//! Recognized structure:
//! - headings `一、` > `（一）` > `1.`/`1、` > `（1）`, and `附件`, at line starts and **inside long
//!   lines** (001 has its whole body on one line): an inline marker counts only after whitespace
//!   and only when its ordinal continues the open sequence (or starts one at 1), so `达到1.8%`
//!   or `2.0版` never become headings;
//! - numbered lines after a paragraph ending in `:` are list items, not headings
//!   (003's `编制依据: 1.《…》 2.《…》`);
//! - `专栏N:` boxes with their `¨` bullets; `表N:` tables and unlabelled `|` tables, with cells
//!   right-aligned and merged cells filled down (003's appendix writes `重 大 工 程` only on the
//!   first row of its group);
//! - a table of contents (`目 录` followed by entries ending in page numbers) as one `toc` node;
//! - paragraphs (a line, or a stretch of a long line between sentence ends), their lead phrases
//!   (`产品质量稳步提升。…` → title `产品质量稳步提升`), bullets, and sentences (`。！？；`).
//!
//! This file reads the text line by line and keeps the tree (containers, ids, ranges); the
//! kinds of lines have their files: `headings` (headings, also inline, and numbered lists),
//! `passages` (paragraphs, lead phrases, bullets, `一是…` items, sentences), `tables` (`|`
//! rows, captions, fill-down) and `markers` (the heading markers themselves).

mod boxes;
mod cell_tables;
pub mod columns;
mod headings;
mod markers;
mod passages;
mod tables;

// FxHash: per-parent counters are looked up for every section of the corpus; no iteration
// order of these maps reaches an output.
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

pub use markers::{parse_marker, Marker};

use crate::model::{DocId, HeadingStyle, Section, SectionKind};
use crate::text::{matching_string, UniqueNames};
use tables::{is_caption, table_label};

/// Deepest nesting kept; deeper headings are attached at this depth.
pub const MAX_DEPTH: usize = 64;
/// A line with more cells than this is treated as text, not a table row.
pub const MAX_CELLS: usize = 256;

const BULLETS: &[char] = &['¨', '•', '●', '▪', '■', '◆', '\u{f0a7}', '○'];

/// Segment one document.
pub fn segment(doc: &DocId, text: &str) -> Vec<Section> {
    let mut s = Segmenter::new(doc, text);
    s.run();
    s.sections
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Toc,
    Box,
}

struct Segmenter<'t> {
    text: &'t str,
    lines: Vec<Range<usize>>,
    sections: Vec<Section>,
    /// Open containers (document, headings, box, toc), innermost last.
    stack: Vec<usize>,
    /// Section ids given so far (`parent/label`, `~k` on a repeat).
    ids: UniqueNames,
    /// The newest paragraph section (a list after `…：` looks at it), kept so that a run of
    /// headings does not search back through every section for it.
    last_paragraph: Option<usize>,
    counters: HashMap<(usize, &'static str), usize>,
    last_ordinal: HashMap<HeadingStyle, u32>,
    mode: Mode,
    /// Style of the numbered list being read (after a paragraph ending in `:`).
    list_style: Option<HeadingStyle>,
    unlabelled_tables: usize,
    /// Cells that one-cell-per-line table probes may still read: a probe reads on until the
    /// cells end, so a flood of title lines would make probing quadratic. Twice the lines.
    cell_probe_budget: usize,
    /// Items numbered so far in the open box, and what it took in last.
    box_items: u32,
    box_tail: boxes::BoxTail,
    /// An unnumbered chapter title was just opened above another title (a chapter and its
    /// first section printed without numbers).
    stacked_chapter_open: bool,
}

impl<'t> Segmenter<'t> {
    fn new(doc: &DocId, text: &'t str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            lines.push(start..start + body.len());
            start += line.len();
        }
        let cell_probe_budget = 2 * lines.len() + 10_000;
        let root = Section {
            id: doc.0.clone(),
            parent: None,
            kind: SectionKind::Document,
            depth: 0,
            range: 0..0,
            title_range: None,
            cells: vec![],
            cell_ranges: vec![],
        };
        Self {
            text,
            lines,
            ids: {
                let mut ids = UniqueNames::default();
                ids.claim(doc.0.clone());
                ids
            },
            sections: vec![root],
            stack: vec![0],
            last_paragraph: None,
            counters: HashMap::default(),
            last_ordinal: HashMap::default(),
            mode: Mode::Body,
            list_style: None,
            unlabelled_tables: 0,
            cell_probe_budget,
            box_items: 0,
            box_tail: boxes::BoxTail::Title,
            stacked_chapter_open: false,
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.line(i);
        }
        let end = self.sections.iter().map(|s| s.range.end).max().unwrap_or(0);
        let start = self.sections.get(1).map_or(0, |s| s.range.start).min(end);
        self.sections[0].range = start..end;
    }

    /// Process line `i`; returns the index of the next unprocessed line.
    fn line(&mut self, i: usize) -> usize {
        // Scraped lines carry `|` borders (`…的通知 |`); they are not content.
        let r = trim_range_with(self.text, self.lines[i].clone(), &[' ', '\t', '\r', '|']);
        if r.is_empty() {
            self.list_style = None;
            // A box's body may follow its title after a blank line: the box stays open.
            if self.mode != Mode::Box {
                self.end_block();
            }
            return i + 1;
        }
        let line = &self.text[r.clone()];
        let squeezed = matching_string(line);

        if squeezed == "目录" {
            self.end_block();
            self.open(SectionKind::Toc, r.clone(), Some(r), "目录".into());
            self.mode = Mode::Toc;
            return i + 1;
        }
        if self.mode == Mode::Toc {
            if is_toc_entry(line) {
                let title = toc_entry_title(self.text, r.clone());
                self.add(SectionKind::TocEntry, r, Some(title), "e");
                return i + 1;
            }
            self.end_block();
        }
        if let Some((label, title)) = box_label(self.text, r.clone()) {
            self.end_block();
            self.open(SectionKind::Box, r, Some(title), label);
            self.mode = Mode::Box;
            self.box_items = 0;
            self.box_tail = boxes::BoxTail::Title;
            return i + 1;
        }
        if self.mode == Mode::Box {
            if self.box_line(i, r.clone()) {
                return i + 1;
            }
            self.end_block();
        }
        if let Some((label, title)) = table_label(self.text, r.clone()) {
            self.end_block();
            return self.table(i + 1, r, Some(title), label);
        }
        if self.is_pipe_row(i) && self.is_pipe_row(i + 1) {
            self.end_block();
            self.unlabelled_tables += 1;
            let label = format!("table{}", self.unlabelled_tables);
            return self.table(i, r.start..r.start, None, label);
        }
        if self.is_pipe_row(i + 1) && self.is_pipe_row(i + 2) && is_caption(line) {
            self.end_block();
            self.unlabelled_tables += 1;
            let label = format!("table{}", self.unlabelled_tables);
            return self.table(i + 1, r.clone(), Some(r), label);
        }
        if let Some(next) = self.unlabelled_cell_table(i, r.clone()) {
            return next;
        }
        if line.starts_with(BULLETS) {
            self.bullets(r);
            return i + 1;
        }
        if self.unnumbered_title(i, r.clone()) {
            return i + 1;
        }
        self.content(r);
        i + 1
    }

    /// A one-cell-per-line table without a `表N` label: under a table title on line `i`, or
    /// from a `序号` header at line `i`. Returns the next line to read.
    fn unlabelled_cell_table(&mut self, i: usize, r: Range<usize>) -> Option<usize> {
        let line = &self.text[r.clone()];
        let label = format!("table{}", self.unlabelled_tables + 1);
        let next = if tables::is_table_title(line) && parse_marker(line).is_none() {
            self.cell_table(i + 1, r.clone(), Some(r.clone()), &label)
        } else {
            None
        };
        let next = next.or_else(|| {
            self.may_start_cell_table(i)
                .then(|| self.cell_table(i, r.start..r.start, None, &label))
                .flatten()
        })?;
        self.unlabelled_tables += 1;
        Some(next)
    }

    /// Close box, table and toc containers.
    fn end_block(&mut self) {
        while self.stack.len() > 1 {
            let top = self.sections[*self.stack.last().unwrap_or(&0)].kind;
            if matches!(
                top,
                SectionKind::Box | SectionKind::Table | SectionKind::Toc
            ) {
                self.stack.pop();
            } else {
                break;
            }
        }
        self.mode = Mode::Body;
    }

    fn open(
        &mut self,
        kind: SectionKind,
        range: Range<usize>,
        title: Option<Range<usize>>,
        label: String,
    ) -> usize {
        let parent = *self.stack.last().unwrap_or(&0);
        let idx = self.add_under(parent, kind, range, title, &label);
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(idx);
        }
        idx
    }

    fn add(
        &mut self,
        kind: SectionKind,
        range: Range<usize>,
        title: Option<Range<usize>>,
        label: &'static str,
    ) -> usize {
        let parent = *self.stack.last().unwrap_or(&0);
        self.add_under(parent, kind, range, title, label)
    }

    /// Add a node under `parent`. Labels `p`, `b`, `s`, `e` are numbered per parent.
    fn add_under(
        &mut self,
        parent: usize,
        kind: SectionKind,
        range: Range<usize>,
        title: Option<Range<usize>>,
        label: &str,
    ) -> usize {
        let label = match label {
            "p" | "b" | "s" | "e" => {
                let key: &'static str = match label {
                    "p" => "p",
                    "b" => "b",
                    "s" => "s",
                    _ => "e",
                };
                let n = self.counters.entry((parent, key)).or_insert(0);
                *n += 1;
                format!("{key}{n}")
            }
            other => other.to_owned(),
        };
        let base = format!("{}/{}", self.sections[parent].id, label);
        let id = self.ids.claim(base);
        let depth = self.sections[parent].depth.saturating_add(1);
        self.sections.push(Section {
            id,
            parent: Some(parent),
            kind,
            depth,
            range: range.clone(),
            title_range: title,
            cells: vec![],
            cell_ranges: vec![],
        });
        let idx = self.sections.len() - 1;
        if kind == SectionKind::Paragraph {
            self.last_paragraph = Some(idx);
        }
        // Extend the parent chain to cover the new node.
        let mut p = Some(parent);
        while let Some(a) = p {
            let s = &mut self.sections[a];
            if s.range.end >= range.end && a != 0 {
                break;
            }
            if s.range.end < range.end {
                s.range.end = range.end;
            }
            p = s.parent;
        }
        idx
    }

    fn extend_open(&mut self, end: usize) {
        for &a in &self.stack {
            let s = &mut self.sections[a];
            s.range.end = s.range.end.max(end);
        }
    }
}

/// Trim spaces and tabs from both ends of a range.
fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    trim_range_with(text, r, &[' ', '\t', '\r'])
}

fn trim_range_with(text: &str, r: Range<usize>, chars: &[char]) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches(chars).len());
    let end = r.start + s.trim_end_matches(chars).len();
    start..end.max(start)
}

/// `专栏3:“浙江制造”品牌培育工程 |` → label `专栏3`, title without the trailing pipe. PDF text
/// layers set the number apart (`专栏 1 构筑文物安全防护体系`, corpus-dev 033): the label is
/// the same.
fn box_label(text: &str, r: Range<usize>) -> Option<(String, Range<usize>)> {
    let line = &text[r.clone()];
    let rest = line.strip_prefix("专栏")?;
    let spaced = rest.trim_start_matches([' ', '\t']);
    let rest = if spaced.starts_with(|c: char| c.is_ascii_digit()) {
        spaced
    } else {
        rest
    };
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = rest[num.len()..].trim_start();
    if num.is_empty() && !after.starts_with([':', '：']) {
        return None;
    }
    let title = trim_range_with(text, r, &[' ', '\t', '|']);
    Some((format!("专栏{num}"), title))
}

/// `一、发展成效和发展背景 1`: a title followed by a page number.
fn is_toc_entry(line: &str) -> bool {
    let t = line.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return false;
    }
    let head = &t[..t.len() - digits];
    head.ends_with([' ', '\t', '.', '…', '·']) && head.trim().chars().count() <= 60
}

fn toc_entry_title(text: &str, r: Range<usize>) -> Range<usize> {
    let line = &text[r.clone()];
    let t = line.trim_end_matches(|c: char| c.is_ascii_digit());
    let t = t.trim_end_matches([' ', '\t', '.', '…', '·']);
    r.start..r.start + t.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids the segmenter gave before they were made linear: probe `base`, `base~2`, … from
    /// the start for every section.
    fn probed_ids(bases: &[&str]) -> Vec<String> {
        let mut taken = std::collections::HashSet::new();
        bases
            .iter()
            .map(|base| {
                let mut id = (*base).to_owned();
                let mut k = 1;
                while !taken.insert(id.clone()) {
                    k += 1;
                    id = format!("{base}~{k}");
                }
                id
            })
            .collect()
    }

    #[test]
    fn box_labels_with_and_without_a_space_before_the_number() {
        let label = |line: &str| box_label(line, 0..line.len()).map(|(l, _)| l);
        // Seeds (专栏3:), corpus-dev 003 (专栏1 …), the 033 PDF's text layer (专栏 1 …).
        assert_eq!(
            label("专栏3:“浙江制造”品牌培育工程 |").as_deref(),
            Some("专栏3")
        );
        assert_eq!(label("专栏1 近期重点项目").as_deref(), Some("专栏1"));
        assert_eq!(
            label("专栏 1 构筑文物安全防护体系").as_deref(),
            Some("专栏1")
        );
        assert_eq!(label("专栏：重点任务").as_deref(), Some("专栏"));
        // Counter-example: a sentence that starts with the word.
        assert_eq!(label("专栏目录见附件"), None);
        assert_eq!(label("专栏 介绍"), None);
    }

    #[test]
    fn repeated_labels_get_the_ids_probing_would_give() {
        // Repeats, interleaved bases, and a label that is itself a suffixed id (`一~2`).
        let bases = [
            "d/一", "d/一", "d/二", "d/一~2", "d/一", "d/一", "d/二", "d/一~2", "d/一~4",
        ];
        let text = "x";
        let mut s = Segmenter::new(&DocId("d".into()), text);
        let ids: Vec<String> = bases.iter().map(|b| s.ids.claim((*b).to_owned())).collect();
        assert_eq!(ids, probed_ids(&bases));
        assert_eq!(ids[..5], ["d/一", "d/一~2", "d/二", "d/一~2~2", "d/一~3"]);
    }

    #[test]
    fn a_flood_of_one_heading_is_numbered_in_order() {
        let text = "一、标题\n".repeat(3000);
        let sections = segment(&DocId("d".into()), &text);
        let headings: Vec<&str> = sections[1..].iter().map(|s| s.id.as_str()).collect();
        assert_eq!(headings.len(), 3000);
        assert_eq!(headings[0], "d/一");
        assert_eq!(headings[1], "d/一~2");
        assert_eq!(headings[2999], "d/一~3000");
    }
}
