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

mod markers;

// FxHash: section ids and per-parent counters are looked up for every section of the corpus;
// no iteration order of these maps reaches an output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

pub use markers::{parse_marker, Marker};

use crate::model::{DocId, HeadingStyle, Section, SectionKind};
use crate::text::matching_string;

/// Longest lead phrase taken as a paragraph title, in characters.
const MAX_LEAD_CHARS: usize = 30;
/// Deepest nesting kept; deeper headings are attached at this depth.
pub const MAX_DEPTH: usize = 64;
/// A table cell at least this long (in characters) after the title column is a paragraph.
const MIN_CELL_PARAGRAPH: usize = 20;
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
    ids: HashSet<String>,
    counters: HashMap<(usize, &'static str), usize>,
    last_ordinal: HashMap<HeadingStyle, u32>,
    mode: Mode,
    /// Style of the numbered list being read (after a paragraph ending in `:`).
    list_style: Option<HeadingStyle>,
    unlabelled_tables: usize,
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
        let root = Section {
            id: doc.0.clone(),
            parent: None,
            kind: SectionKind::Document,
            depth: 0,
            range: 0..0,
            title_range: None,
            cells: vec![],
        };
        Self {
            text,
            lines,
            ids: HashSet::from_iter([doc.0.clone()]),
            sections: vec![root],
            stack: vec![0],
            counters: HashMap::default(),
            last_ordinal: HashMap::default(),
            mode: Mode::Body,
            list_style: None,
            unlabelled_tables: 0,
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
            self.end_block();
            self.list_style = None;
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
            return i + 1;
        }
        if self.mode == Mode::Box {
            if line.starts_with(BULLETS) {
                self.bullets(r);
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
        if line.starts_with(BULLETS) {
            self.bullets(r);
            return i + 1;
        }
        self.content(r);
        i + 1
    }

    fn is_pipe_row(&self, i: usize) -> bool {
        self.lines.get(i).is_some_and(|r| {
            let line = self.text[r.clone()].trim();
            line.contains('|')
                && line.matches('|').count() <= MAX_CELLS
                && !line.starts_with("专栏")
                && split_cells(self.text, r.clone()).len() >= 2
        })
    }

    /// A line of body text: headings (also inline), paragraphs, list items.
    fn content(&mut self, r: Range<usize>) {
        let line = &self.text[r.clone()];
        // A numbered list after `…:` — list items, not headings.
        if let Some(m) = parse_marker(line) {
            let list_style = matches!(m.style, HeadingStyle::ArabicDot | HeadingStyle::ParenArabic);
            let continues = self.list_style == Some(m.style);
            if list_style && (continues || self.previous_paragraph_ends_with_colon()) {
                self.list_style = Some(m.style);
                self.paragraph(r.clone(), Some(r));
                return;
            }
        }
        self.list_style = None;

        let mut chunk_start = r.start;
        let mut candidates = vec![r.start];
        let mut prev_space = false;
        for (off, c) in line.char_indices() {
            if c == ' ' || c == '\t' {
                prev_space = true;
            } else {
                if prev_space {
                    candidates.push(r.start + off);
                }
                prev_space = false;
            }
        }
        let mut skip_until = r.start;
        for p in candidates {
            if p < skip_until {
                continue;
            }
            let Some(m) = parse_marker(&self.text[p..r.end]) else {
                continue;
            };
            if p != r.start && !self.accepts_inline(&m, p) {
                continue;
            }
            self.paragraphs(chunk_start..p);
            let (title, body_start) = heading_title(self.text, p, m.len, r.end);
            self.open_heading(&m, p..title.end, title);
            chunk_start = body_start;
            skip_until = body_start;
        }
        self.paragraphs(chunk_start..r.end);
    }

    fn accepts_inline(&self, m: &Marker, p: usize) -> bool {
        if m.style == HeadingStyle::Appendix {
            // `附件 省级有关单位名单` is a heading; `附件:省级…` in a notice is a reference.
            return !self.text[p..].starts_with("附件:") && !self.text[p..].starts_with("附件：");
        }
        m.ordinal == 1 || self.last_ordinal.get(&m.style) == Some(&(m.ordinal - 1))
    }

    fn previous_paragraph_ends_with_colon(&self) -> bool {
        self.sections
            .iter()
            .rev()
            .find(|s| s.kind == SectionKind::Paragraph)
            .is_some_and(|s| {
                let t = self.text[s.range.clone()].trim_end();
                t.ends_with(':') || t.ends_with('：')
            })
            && self
                .sections
                .last()
                .is_some_and(|s| matches!(s.kind, SectionKind::Paragraph | SectionKind::Sentence))
    }

    fn open_heading(&mut self, m: &Marker, range: Range<usize>, title: Range<usize>) {
        let rank = m.style.rank();
        while self.stack.len() > 1 {
            let top = &self.sections[*self.stack.last().unwrap_or(&0)];
            match top.kind {
                SectionKind::Heading(s) if s.rank() < rank => break,
                _ => {
                    self.stack.pop();
                }
            }
        }
        self.mode = Mode::Body;
        self.last_ordinal.insert(m.style, m.ordinal);
        self.open(
            SectionKind::Heading(m.style),
            range,
            Some(title),
            m.label.clone(),
        );
    }

    /// Split a stretch of text into paragraphs at sentence ends followed by whitespace.
    fn paragraphs(&mut self, range: Range<usize>) {
        let r = trim_range(self.text, range);
        if r.is_empty() {
            return;
        }
        let s = &self.text[r.clone()];
        let mut start = 0;
        let mut prev: Option<char> = None;
        let mut in_space = false;
        for (off, c) in s.char_indices() {
            if c == ' ' || c == '\t' {
                in_space = true;
                continue;
            }
            if in_space
                && prev.is_some_and(|p| {
                    matches!(
                        p,
                        '。' | '！'
                            | '？'
                            | '；'
                            | '!'
                            | '?'
                            | ';'
                            | ':'
                            | '：'
                            | ')'
                            | '）'
                            | '”'
                            | '|'
                    )
                })
                && off > start
            {
                self.lead_paragraph(r.start + start..r.start + off);
                start = off;
            }
            in_space = false;
            prev = Some(c);
        }
        self.lead_paragraph(r.start + start..r.end);
    }

    fn lead_paragraph(&mut self, range: Range<usize>) {
        let r = trim_range(self.text, range);
        if r.is_empty() {
            return;
        }
        let title = lead_phrase(self.text, r.clone());
        self.paragraph(r, title);
    }

    fn paragraph(&mut self, r: Range<usize>, title: Option<Range<usize>>) {
        let idx = self.add(SectionKind::Paragraph, r.clone(), title, "p");
        self.items_and_sentences(idx, r);
    }

    /// Sentences of a passage; when it lists tasks inline (`一是…二是…三是…`), each task is an
    /// item node with its own sentences.
    fn items_and_sentences(&mut self, parent: usize, r: Range<usize>) {
        let starts = inline_items(&self.text[r.clone()]);
        if starts.len() < 2 {
            self.sentences(parent, r);
            return;
        }
        let first = r.start + starts[0];
        if first > r.start {
            self.sentences(parent, r.start..first);
        }
        for (k, &s) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(r.end, |&e| r.start + e);
            let item = trim_range(self.text, r.start + s..end);
            let title = item_title(self.text, item.clone());
            let label = format!("{}是", numeral_label(k + 1));
            let idx = self.add_under(parent, SectionKind::Item, item.clone(), title, &label);
            self.sentences(idx, item);
        }
    }

    /// A line of `¨` bullets under the current container.
    fn bullets(&mut self, r: Range<usize>) {
        let parent = *self.stack.last().unwrap_or(&0);
        self.bullets_under(parent, r);
    }

    fn bullets_under(&mut self, parent: usize, r: Range<usize>) {
        let s = &self.text[r.clone()];
        let starts: Vec<usize> = s.match_indices(BULLETS).map(|(i, _)| r.start + i).collect();
        if starts.is_empty() {
            return;
        }
        for (k, &b) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(r.end);
            let br = trim_range_with(self.text, b..end, &[' ', '\t', '|']);
            let sym = self.text[br.clone()]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            let body = trim_range(self.text, br.start + sym..br.end);
            if body.is_empty() {
                continue;
            }
            // The bullet symbol is layout, not content: the node starts at its text.
            let title = lead_phrase(self.text, body.clone());
            let idx = self.add_under(parent, SectionKind::Bullet, body.clone(), title, "b");
            self.items_and_sentences(idx, body);
        }
    }

    fn sentences(&mut self, parent: usize, r: Range<usize>) {
        let s = &self.text[r.clone()];
        let mut start = 0;
        let mut pieces = Vec::new();
        for (off, c) in s.char_indices() {
            if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
                pieces.push(start..off + c.len_utf8());
                start = off + c.len_utf8();
            }
        }
        pieces.push(start..s.len());
        let pieces: Vec<Range<usize>> = pieces
            .into_iter()
            .map(|p| trim_range(self.text, r.start + p.start..r.start + p.end))
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() < 2 {
            return;
        }
        for p in pieces {
            self.add_under(parent, SectionKind::Sentence, p, None, "s");
        }
    }

    /// A table: optional caption line, then rows from line `first_row`. Returns the next line.
    fn table(
        &mut self,
        first_row: usize,
        caption: Range<usize>,
        title: Option<Range<usize>>,
        label: String,
    ) -> usize {
        let mut end = first_row;
        while self.is_pipe_row(end) {
            end += 1;
        }
        let rows: Vec<Range<usize>> = self.lines[first_row..end]
            .iter()
            .map(|r| trim_range(self.text, r.clone()))
            .collect();
        let start = if caption.is_empty() {
            rows.first().map_or(caption.start, |r| r.start)
        } else {
            caption.start
        };
        let table = self.open(SectionKind::Table, start..caption.end, title, label);
        let parsed: Vec<Vec<Range<usize>>> = rows
            .iter()
            .map(|r| split_cells(self.text, r.clone()))
            .collect();
        let Some((header, body)) = parsed.split_first() else {
            self.end_block();
            return end;
        };
        self.sections[table].cells = header.iter().map(|c| self.cell_text(c)).collect();
        self.extend_open(rows[0].end);
        let width = parsed.iter().map(Vec::len).max().unwrap_or(0);
        // Right-align each row; fill missing leading cells down from the row above.
        let mut previous: Vec<String> = vec![String::new(); width];
        let mut filled_cols = 0usize;
        let mut aligned = Vec::new();
        for cells in body {
            let offset = width - cells.len();
            filled_cols = filled_cols.max(offset);
            let mut full = previous[..offset].to_vec();
            full.extend(cells.iter().map(|c| self.cell_text(c)));
            previous.clone_from(&full);
            aligned.push((full, offset));
        }
        let category_cols = filled_cols;
        let number_col = (category_cols < width
            && aligned.iter().all(|(full, _)| {
                let v = &full[category_cols];
                !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
            }))
        .then_some(category_cols);
        let title_col = number_col.map_or(category_cols, |n| n + 1);
        for (k, ((full, offset), cells)) in aligned.into_iter().zip(body).enumerate() {
            let row_range = rows[k + 1].clone();
            let label = match number_col {
                Some(n) if category_cols > 0 => {
                    format!("{}/{}", full[..category_cols].join("/"), full[n])
                }
                Some(n) => full[n].clone(),
                None => format!("r{}", k + 1),
            };
            let title = title_col
                .checked_sub(offset)
                .and_then(|c| cells.get(c))
                .cloned()
                .filter(|c| !c.is_empty());
            let row = self.add_under(table, SectionKind::TableRow, row_range, title, &label);
            self.sections[row].cells = full;
            for (c, cell) in cells.iter().enumerate() {
                if self.text[cell.clone()].contains(BULLETS) {
                    self.bullets_under(row, cell.clone());
                } else if c + offset > title_col
                    && self.text[cell.clone()].chars().count() >= MIN_CELL_PARAGRAPH
                {
                    // A description cell is a passage of its own (a unit for matching).
                    let idx = self.add_under(row, SectionKind::Paragraph, cell.clone(), None, "p");
                    self.sentences(idx, cell.clone());
                }
            }
        }
        self.end_block();
        end
    }

    fn cell_text(&self, r: &Range<usize>) -> String {
        matching_string(&self.text[r.clone()])
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
        let mut id = base.clone();
        let mut k = 1;
        while !self.ids.insert(id.clone()) {
            k += 1;
            id = format!("{base}~{k}");
        }
        let depth = self.sections[parent].depth.saturating_add(1);
        self.sections.push(Section {
            id,
            parent: Some(parent),
            kind,
            depth,
            range: range.clone(),
            title_range: title,
            cells: vec![],
        });
        let idx = self.sections.len() - 1;
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

/// Title of a heading: from the marker to the first sentence end or whitespace run.
/// Returns the title range (without the terminator) and where the body starts.
fn heading_title(
    text: &str,
    p: usize,
    marker_len: usize,
    line_end: usize,
) -> (Range<usize>, usize) {
    let from = p + marker_len;
    let s = &text[from..line_end];
    for (off, c) in s.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            return (p..from + off, from + off + c.len_utf8());
        }
        if c == ' ' || c == '\t' {
            return (p..from + off, from + off);
        }
    }
    (p..line_end, line_end)
}

/// Byte offsets of inline task markers `一是`, `二是`, … in sequence, each at the start of the
/// text or right after a sentence end, colon or space.
fn inline_items(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut expected = 1;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at_boundary = prev
            .is_none_or(|p| matches!(p, '。' | '；' | ';' | '：' | ':' | '！' | '？' | ' ' | '\t'));
        if at_boundary
            && matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            )
        {
            let label = numeral_label(expected);
            if s[i..].starts_with(&format!("{label}是")) {
                out.push(i);
                expected += 1;
            }
        }
        prev = Some(c);
    }
    out
}

/// `1` → `一`, `12` → `十二` (for item labels up to 99).
fn numeral_label(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => format!("{}十{}", D[(n / 10) % 10], D[n % 10]),
    }
}

/// An item's title: its first sentence (marker included) when short, e.g. `四是发展服务型制造`.
fn item_title(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let end = s.find(['。', '；', ';']).unwrap_or(s.len());
    let chars = s[..end].chars().count();
    (chars <= MAX_LEAD_CHARS + 2 && !s[..end].contains([',', '，']))
        .then_some(r.start..r.start + end)
}

/// A lead phrase: a short first sentence without commas, followed by more text.
fn lead_phrase(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let end = s.find('。')?;
    let phrase = &s[..end];
    let chars = phrase.chars().count();
    let rest = s[end + '。'.len_utf8()..].trim();
    let ok = (2..=MAX_LEAD_CHARS).contains(&chars)
        && !phrase.contains([',', '，', ':', '：', ';', '；', '。'])
        && !rest.is_empty();
    ok.then_some(r.start..r.start + end)
}

/// `专栏3:“浙江制造”品牌培育工程 |` → label `专栏3`, title without the trailing pipe.
fn box_label(text: &str, r: Range<usize>) -> Option<(String, Range<usize>)> {
    let line = &text[r.clone()];
    let rest = line.strip_prefix("专栏")?;
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = rest[num.len()..].trim_start();
    if num.is_empty() && !after.starts_with([':', '：']) {
        return None;
    }
    let title = trim_range_with(text, r, &[' ', '\t', '|']);
    Some((format!("专栏{num}"), title))
}

/// `表1:湖州市质量发展“十四五”规划目标` → label `表1`.
fn table_label(text: &str, r: Range<usize>) -> Option<(String, Range<usize>)> {
    let line = &text[r.clone()];
    let rest = line.strip_prefix('表')?;
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if num.is_empty() || !rest[num.len()..].trim_start().starts_with([':', '：', ' ']) {
        return None;
    }
    if line.contains('|') {
        return None;
    }
    Some((format!("表{num}"), r))
}

/// A short line without sentence punctuation, directly above a table: its caption.
fn is_caption(line: &str) -> bool {
    line.chars().count() <= 80 && !line.contains(['。', '；', '|'])
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

/// Split a `|` row into trimmed cell ranges, dropping empty cells at both ends.
fn split_cells(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let line = &text[r.clone()];
    let mut cells = Vec::new();
    let mut start = 0;
    for (off, _) in line.match_indices('|') {
        cells.push(trim_range(text, r.start + start..r.start + off));
        start = off + 1;
    }
    cells.push(trim_range(text, r.start + start..r.end));
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    while cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        segment(&DocId("d".into()), text)
            .into_iter()
            .filter(|s| !matches!(s.kind, SectionKind::Sentence | SectionKind::Paragraph))
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn inline_headings_follow_sequence() {
        let t = "前言。 一、总体要求 到2022年达到1.8%。 二、重点工程 (一)平台工程 1.推动平台。整合。 2.建设基地。内容 (二)数字化工程 3.加快推动。内容\n";
        assert_eq!(
            ids(t),
            [
                "d",
                "d/一",
                "d/二",
                "d/二/(一)",
                "d/二/(一)/1",
                "d/二/(一)/2",
                "d/二/(二)",
                "d/二/(二)/3"
            ]
        );
    }

    #[test]
    fn list_after_colon_is_not_heading() {
        let t = "编制依据:\n1.《浙江省规划》\n2.《湖州市纲要》\n正文段落。\n";
        let secs = segment(&DocId("d".into()), t);
        assert!(secs
            .iter()
            .all(|s| !matches!(s.kind, SectionKind::Heading(_))));
    }

    #[test]
    fn table_fill_down() {
        let t = "序号 | 名称 | 主要说明 | |\n重大改革 | 1 | 甲改革 | 说明一 |\n2 | 乙改革 | 说明二 |\n重大工程 | 1 | 丙工程 | ¨ 要点一。 ¨ 要点二。 |\n";
        let secs = segment(&DocId("d".into()), t);
        let rows: Vec<_> = secs
            .iter()
            .filter(|s| s.kind == SectionKind::TableRow)
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].id, "d/table1/重大改革/2");
        assert_eq!(rows[1].cells, ["重大改革", "2", "乙改革", "说明二"]);
        assert_eq!(&t[rows[1].title_range.clone().unwrap()], "乙改革");
        assert_eq!(
            secs.iter()
                .filter(|s| s.kind == SectionKind::Bullet)
                .count(),
            2
        );
    }

    #[test]
    fn inline_items_one_shi_two_shi() {
        let t = "主要抓好五件事:一是召开大会。二是舉辦大赛,扩大影响。三是支持打造平台。\n";
        let secs = segment(&DocId("d".into()), t);
        let items: Vec<_> = secs
            .iter()
            .filter(|s| s.kind == SectionKind::Item)
            .collect();
        let ids: Vec<&str> = items.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["d/p1/一是", "d/p1/二是", "d/p1/三是"]);
        assert_eq!(&t[items[0].title_range.clone().unwrap()], "一是召开大会");
        assert_eq!(
            items[1].title_range, None,
            "a title with a comma is no title"
        );
        // `一是` must come first: a stray `二是` inside a sentence is not an item.
        assert!(inline_items("关于二是否可行。").is_empty());
    }

    #[test]
    fn lead_phrase_title() {
        let t = "产品质量稳步提升。“十三五”期间,全市深化协作。\n";
        let secs = segment(&DocId("d".into()), t);
        let p = secs
            .iter()
            .find(|s| s.kind == SectionKind::Paragraph)
            .unwrap();
        assert_eq!(&t[p.title_range.clone().unwrap()], "产品质量稳步提升");
    }
}
