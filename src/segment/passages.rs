//! Passages: paragraphs, bullets, inline items and sentences.
//!
//! In: a stretch of body text (or a box line, or a table cell) and the section it goes under.
//! Out: paragraph sections (split at sentence ends followed by whitespace, titled by a short
//! lead phrase: `产品质量稳步提升。…` → `产品质量稳步提升`), `¨` bullets, `一是…二是…` items (each with
//! its short first sentence as title), and the sentences (`。！？；`) of each passage that has
//! more than one.

use std::ops::Range;

use super::{trim_range, trim_range_with, Segmenter, BULLETS};
use crate::model::SectionKind;

/// Longest lead phrase taken as a paragraph title, in characters.
const MAX_LEAD_CHARS: usize = 30;

impl Segmenter<'_> {
    /// Split a stretch of text into paragraphs at sentence ends followed by whitespace.
    pub(super) fn paragraphs(&mut self, range: Range<usize>) {
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

    pub(super) fn paragraph(&mut self, r: Range<usize>, title: Option<Range<usize>>) {
        let idx = self.add(SectionKind::Paragraph, r.clone(), title, "p");
        self.items_and_sentences(idx, r);
    }

    /// Sentences of a passage; when it lists tasks inline (`一是…二是…三是…`), each task is an
    /// item node with its own sentences.
    pub(super) fn items_and_sentences(&mut self, parent: usize, r: Range<usize>) {
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
    pub(super) fn bullets(&mut self, r: Range<usize>) {
        let parent = *self.stack.last().unwrap_or(&0);
        self.bullets_under(parent, r);
    }

    pub(super) fn bullets_under(&mut self, parent: usize, r: Range<usize>) {
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

    pub(super) fn sentences(&mut self, parent: usize, r: Range<usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocId;
    use crate::segment::segment;

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
