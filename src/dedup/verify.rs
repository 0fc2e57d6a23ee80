//! Verifying a candidate pair: extend it to a maximal span, snap it to passage boundaries, diff
//! the two copies token by token and list the edits.
//!
//! Tokens are characters, except that a number (`100`, `1.5`) and a run of Latin letters
//! (`IPv6`) are one token each, so a changed number is one edit (`100→200`), never `1→2`.
//! Whitespace is not a token: `数字赋能制造业 高质量发展工程` equals `数字赋能制造业高质量发展工程`.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use crate::model::{Document, Edit, EditKind, SectionKind};
use crate::numerals::is_chinese_numeral;

const TRIM: &[char] = &[
    ' ', '\t', '\n', '|', '¨', '•', '●', '▪', '■', '◆', '○', '\u{f0a7}',
];
/// Farthest, in bytes, an exact-match extension goes beyond the chained seeds.
const MAX_EXTEND: usize = 600;
/// Largest distance, in characters, a span boundary moves to reach a passage boundary.
const SNAP_CHARS: usize = 8;

/// A token of normalized text.
#[derive(Debug, Clone)]
pub struct Token<'t> {
    pub text: &'t str,
    pub range: Range<usize>,
}

impl Token<'_> {
    fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Tokens of `text[range]`.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_ascii_digit() {
            while let Some(&(j, d)) = iter.peek() {
                let point = d == '.'
                    && s[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || point {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        } else if c.is_ascii_alphabetic() {
            while let Some(&(j, d)) = iter.peek() {
                if d.is_ascii_alphanumeric() {
                    end = j + 1;
                    iter.next();
                } else {
                    break;
                }
            }
        }
        out.push(Token {
            text: &s[i..end],
            range: range.start + i..range.start + end,
        });
    }
    out
}

/// What matching needs to know of a document's layout: passage boundaries (paragraphs,
/// bullets, sentences) and the ranges left out of matching (box and row titles, captions,
/// tables of contents — titles repeat without being copied text).
#[derive(Debug, Default)]
pub struct Layout {
    starts: Vec<usize>,
    ends: Vec<usize>,
    pub excluded: Vec<Range<usize>>,
}

impl Layout {
    pub fn of(doc: &Document) -> Self {
        let mut l = Layout::default();
        for s in &doc.sections {
            match s.kind {
                SectionKind::Paragraph | SectionKind::Bullet | SectionKind::Sentence => {
                    l.starts.push(s.range.start);
                    l.ends.push(s.range.end);
                }
                SectionKind::Box | SectionKind::Table => l.excluded.extend(s.title_range.clone()),
                SectionKind::TableRow => {
                    if let Some(t) = &s.title_range {
                        l.excluded.push(s.range.start..t.end);
                    }
                }
                SectionKind::Toc => l.excluded.push(s.range.clone()),
                _ => {}
            }
        }
        l.starts.sort_unstable();
        l.starts.dedup();
        l.ends.sort_unstable();
        l.ends.dedup();
        l.excluded.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in l.excluded.drain(..) {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        l.excluded = merged;
        l
    }

    pub fn is_start(&self, at: usize) -> bool {
        self.starts.binary_search(&at).is_ok()
    }

    pub fn is_end(&self, at: usize) -> bool {
        self.ends.binary_search(&at).is_ok()
    }

    fn is_excluded(&self, at: usize) -> bool {
        let i = self.excluded.partition_point(|r| r.end <= at);
        self.excluded.get(i).is_some_and(|r| r.start <= at)
    }

    /// The nearest passage start at or before `at`, within `SNAP_CHARS` characters.
    fn snap_start(&self, text: &str, at: usize) -> usize {
        let i = self.starts.partition_point(|&s| s <= at);
        match i.checked_sub(1).map(|i| self.starts[i]) {
            Some(s) if text[s..at].chars().count() <= SNAP_CHARS && !self.is_excluded(s) => s,
            _ => at,
        }
    }

    /// The nearest passage end at or after `at`, within `SNAP_CHARS` characters.
    fn snap_end(&self, text: &str, at: usize) -> usize {
        let i = self.ends.partition_point(|&e| e < at);
        match self.ends.get(i) {
            Some(&e) if text[at..e].chars().count() <= SNAP_CHARS => e,
            _ => at,
        }
    }

    /// A copy that starts or ends a few characters past a sentence end is cut there:
    /// `…实现新突破。二是` → `…实现新突破。`.
    fn cut_to_sentences(&self, text: &str, r: Range<usize>) -> Range<usize> {
        let mut r = r;
        if !self.is_start(r.start) {
            let head: Vec<(usize, char)> =
                text[r.clone()].char_indices().take(SNAP_CHARS).collect();
            if let Some(&(i, c)) = head.iter().rev().find(|(_, c)| SENTENCE_END.contains(c)) {
                r.start += i + c.len_utf8();
            }
        }
        if !self.is_end(r.end) {
            let tail: Vec<(usize, char)> = text[r.clone()]
                .char_indices()
                .rev()
                .take(SNAP_CHARS)
                .collect();
            // A closing bracket ends a clause too: `…(责任单位:省经信厅) 12.` stops before the
            // next item's number.
            let ends = |c: &char| SENTENCE_END.contains(c) || matches!(c, ')' | '）');
            if let Some(&(i, c)) = tail.iter().find(|(_, c)| ends(c)) {
                let cut = r.start + i + c.len_utf8();
                if cut > r.start {
                    r.end = cut;
                }
            }
        }
        r
    }
}

const SENTENCE_END: &[char] = &['。', '！', '？', '；', ';', '!', '?'];
/// Characters a copy does not start with.
const LEADING_PUNCTUATION: &[char] = &[
    ',', '，', '、', '；', ';', '：', ':', '。', '.', '！', '!', '？', '?', ')', '）', '》', '」',
    '』', '】',
];

/// Grow both ranges while the texts agree (whitespace skipped on each side), then trim layout
/// characters and snap each end to a nearby passage boundary.
pub fn extend_and_snap(
    ta: &str,
    ra: Range<usize>,
    ba: &Layout,
    tb: &str,
    rb: Range<usize>,
    bb: &Layout,
) -> (Range<usize>, Range<usize>) {
    let (mut sa, mut sb) = (ra.start, rb.start);
    let la = floor_boundary(ta, sa.saturating_sub(MAX_EXTEND));
    let lb = floor_boundary(tb, sb.saturating_sub(MAX_EXTEND));
    loop {
        let pa = prev_non_space(ta, sa, la);
        let pb = prev_non_space(tb, sb, lb);
        match (pa, pb) {
            (Some((ia, ca)), Some((ib, cb)))
                if ca == cb && ca != '\n' && !ba.is_excluded(ia) && !bb.is_excluded(ib) =>
            {
                sa = ia;
                sb = ib;
            }
            _ => break,
        }
    }
    let (mut ea, mut eb) = (ra.end, rb.end);
    let ha = ceil_boundary(ta, ea + MAX_EXTEND);
    let hb = ceil_boundary(tb, eb + MAX_EXTEND);
    loop {
        let na = next_non_space(ta, ea, ha);
        let nb = next_non_space(tb, eb, hb);
        match (na, nb) {
            (Some((ia, ca)), Some((ib, cb)))
                if ca == cb && ca != '\n' && !ba.is_excluded(ia) && !bb.is_excluded(ib) =>
            {
                ea = ia + ca.len_utf8();
                eb = ib + cb.len_utf8();
            }
            _ => break,
        }
    }
    let a = trim(ta, sa..ea);
    let b = trim(tb, sb..eb);
    let a = ba.snap_start(ta, a.start)..ba.snap_end(ta, a.end);
    let b = bb.snap_start(tb, b.start)..bb.snap_end(tb, b.end);
    let a = ba.cut_to_sentences(ta, trim(ta, a));
    let b = bb.cut_to_sentences(tb, trim(tb, b));
    (trim(ta, a), trim(tb, b))
}

fn floor_boundary(t: &str, mut at: usize) -> usize {
    while !t.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(t: &str, at: usize) -> usize {
    let mut at = at.min(t.len());
    while !t.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn prev_non_space(t: &str, at: usize, limit: usize) -> Option<(usize, char)> {
    t[limit..at]
        .char_indices()
        .rev()
        .find(|(_, c)| *c == '\n' || !c.is_whitespace())
        .map(|(i, c)| (limit + i, c))
}

fn next_non_space(t: &str, at: usize, limit: usize) -> Option<(usize, char)> {
    t[at..limit]
        .char_indices()
        .find(|(_, c)| *c == '\n' || !c.is_whitespace())
        .map(|(i, c)| (at + i, c))
}

fn trim(t: &str, r: Range<usize>) -> Range<usize> {
    let s = &t[r.clone()];
    let start = r.start
        + (s.len()
            - s.trim_start_matches(|c: char| {
                TRIM.contains(&c) || LEADING_PUNCTUATION.contains(&c)
            })
            .len());
    let end = r.start + s.trim_end_matches(TRIM).len();
    start..end.max(start)
}

/// The result of diffing two copies.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub tokens_a: usize,
    pub tokens_b: usize,
    pub matched: usize,
    pub edits: Vec<Edit>,
    pub identical: bool,
    /// The diff hit its time limit: edits are correct but may not be minimal.
    pub timed_out: bool,
}

impl Comparison {
    /// Symmetric similarity: 2·matched / (tokens_a + tokens_b).
    pub fn similarity(&self) -> f64 {
        let total = self.tokens_a + self.tokens_b;
        if total == 0 {
            return 0.0;
        }
        2.0 * self.matched as f64 / total as f64
    }

    /// Containment: how much of the shorter copy lies in the longer one.
    pub fn containment(&self) -> f64 {
        let shorter = self.tokens_a.min(self.tokens_b);
        if shorter == 0 {
            return 0.0;
        }
        self.matched as f64 / shorter as f64
    }
}

/// Diff two copies token by token and describe the edits in the original text.
pub fn compare(
    doc_a: &Document,
    ra: Range<usize>,
    doc_b: &Document,
    rb: Range<usize>,
    timeout: Duration,
) -> Comparison {
    let ta = tokens(doc_a.text(), ra);
    let tb = tokens(doc_b.text(), rb);
    let sa: Vec<&str> = ta.iter().map(|t| t.text).collect();
    let sb: Vec<&str> = tb.iter().map(|t| t.text).collect();
    let started = Instant::now();
    let deadline = started + timeout;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &sa, &sb, Some(deadline));
    let timed_out = Instant::now() >= deadline;
    let mut matched = 0;
    let mut changes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut pending_equal: Option<(Range<usize>, Range<usize>)> = None;
    for op in &ops {
        let (a, b) = match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                matched += len;
                pending_equal = Some((old_index..old_index + len, new_index..new_index + len));
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        // Edits separated by one or two unchanged characters read as one edit:
        // `高标准建设湖州市→助力构建市级`, not `高标准→助力构; -设湖州; +级`.
        let gap = pending_equal.take();
        match (changes.last_mut(), gap) {
            (Some(last), Some((ga, _))) if ga.len() <= 2 && !touches_number(&ta, &ga) => {
                last.0.end = a.end;
                last.1.end = b.end;
            }
            (Some(last), None) => {
                last.0.end = a.end;
                last.1.end = b.end;
            }
            _ => changes.push((a, b)),
        }
    }
    let edits: Vec<Edit> = changes
        .into_iter()
        .map(|(a, b)| describe_edit(doc_a, &ta, a, doc_b, &tb, b))
        .collect();
    Comparison {
        tokens_a: ta.len(),
        tokens_b: tb.len(),
        matched,
        identical: edits.is_empty(),
        edits,
        timed_out,
    }
}

fn touches_number(tokens: &[Token], idx: &Range<usize>) -> bool {
    tokens[idx.clone()].iter().any(Token::is_number)
}

fn span(tokens: &[Token], idx: Range<usize>) -> Option<Range<usize>> {
    if idx.is_empty() {
        return None;
    }
    Some(tokens[idx.start].range.start..tokens[idx.end - 1].range.end)
}

fn describe_edit(
    doc_a: &Document,
    ta: &[Token],
    a: Range<usize>,
    doc_b: &Document,
    tb: &[Token],
    b: Range<usize>,
) -> Edit {
    let ra = span(ta, a.clone());
    let rb = span(tb, b.clone());
    let kind = match (&ra, &rb) {
        (Some(_), Some(_)) => EditKind::Replace,
        (Some(_), None) => EditKind::Delete,
        _ => EditKind::Insert,
    };
    let text_a = ra
        .clone()
        .map_or(String::new(), |r| doc_a.quote(r).to_owned());
    let text_b = rb
        .clone()
        .map_or(String::new(), |r| doc_b.quote(r).to_owned());
    // A unit right after an unchanged number (`100项` → `100个`) is a numeric edit too.
    let number_before = a
        .start
        .checked_sub(1)
        .and_then(|i| ta.get(i))
        .filter(|t| t.is_number())
        .map(|t| t.text.to_owned());
    let numeric = looks_numeric(&text_a) || looks_numeric(&text_b) || number_before.is_some();
    Edit {
        kind,
        a: text_a,
        b: text_b,
        range_a: ra,
        range_b: rb,
        numeric,
        number_before,
    }
}

/// Whether an edit's text is about a number: an Arabic digit, a percent sign, or a run of two
/// or more Chinese numerals (`两万`, `一千二百`); a lone `一` in `一批` is a classifier phrase.
fn looks_numeric(s: &str) -> bool {
    if s.chars().any(|c| c.is_ascii_digit() || c == '%') {
        return true;
    }
    let mut run = 0;
    for c in s.chars() {
        if is_chinese_numeral(c.encode_utf8(&mut [0; 4])) {
            run += 1;
            if run >= 2 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_edit_detection() {
        assert!(looks_numeric("100"));
        assert!(looks_numeric("两万"));
        assert!(looks_numeric("30%"));
        assert!(!looks_numeric("深挖一批"));
        assert!(!looks_numeric("聚焦"));
    }

    #[test]
    fn numbers_and_words_are_whole_tokens() {
        let t = "到2025年 建成1.5万个 IPv6站点";
        let toks: Vec<&str> = tokens(t, 0..t.len()).iter().map(|t| t.text).collect();
        assert_eq!(
            toks,
            ["到", "2025", "年", "建", "成", "1.5", "万", "个", "IPv6", "站", "点"]
        );
    }
}
